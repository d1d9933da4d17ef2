from fastapi.testclient import TestClient

from kizashi.intake.spec import channel_ids
from kizashi.store import head_revision


def test_openapi_describes_a_submit_route_per_channel_with_its_schema(client: TestClient) -> None:
    document = client.get("/openapi.json").json()
    for channel in channel_ids():
        operation = document["paths"][f"/api/v1/reports/{channel}"]["post"]
        schema = operation["requestBody"]["content"]["application/json"]["schema"]
        ref = schema["oneOf"][0]["$ref"]
        assert ref.split("/")[-1] in document["components"]["schemas"]
    assert "/api/v1/reports/{report_id}" in document["paths"]
    assert document["components"]["securitySchemes"]["HTTPBearer"]["scheme"] == "bearer"


def test_channels_and_their_schemas_are_served(client: TestClient) -> None:
    listed = client.get("/api/v1/channels").json()
    assert [c["id"] for c in listed] == channel_ids()
    schema = client.get("/api/v1/channels/purchase/schema").json()
    assert schema["$id"] == "urn:kizashi:channel:purchase:v1"
    assert client.get("/api/v1/channels/nope/schema").status_code == 404


def test_health_reports_the_migration(client: TestClient) -> None:
    engine = client.app.state.engine  # type: ignore[attr-defined]
    assert client.get("/api/v1/health").json()["migration"] == head_revision(engine)
