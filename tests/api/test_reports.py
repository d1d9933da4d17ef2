from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import Engine

from kizashi.guard.identity import revoke_tokens, set_channels
from tests.api.conftest import Tokens, auth
from tests.conftest import frozen_now

GARAGE = {
    "report_ref": "RE-2026-118",
    "partner_type": "real_estate",
    "category": "suspicious_sound",
    "text": "賃貸ガレージから夜間にのこぎりの音と金属音。火薬のようなにおい。",
    "observed_at": "2026-10-20T22:30:00+09:00",
    "property_address": "東京都豊島区南大塚三丁目14番2号 ガレージB",
    "persons": [{"name": "山田 太郎", "role": "tenant", "phone": "090-1234-5678"}],
}


def _submit(client: TestClient, token: str, body: Any, channel: str = "partner_report") -> Any:
    return client.post(f"/api/v1/reports/{channel}", json=body, headers=auth(token))


def test_requests_without_a_valid_token_are_refused(client: TestClient, tokens: Tokens) -> None:
    assert client.post("/api/v1/reports/partner_report", json=GARAGE).status_code == 401
    assert _submit(client, "kz_forged", GARAGE).status_code == 401
    assert client.get("/api/v1/reports", headers=auth("kz_forged")).status_code == 401


def test_a_revoked_token_stops_working(client: TestClient, tokens: Tokens, engine: Engine) -> None:
    with engine.begin() as connection:
        revoke_tokens(connection, "agent-a", now=frozen_now())
    assert _submit(client, tokens.partner_a, GARAGE).status_code == 401


def test_a_partner_submits_and_reads_back_with_provenance(
    client: TestClient, tokens: Tokens
) -> None:
    created = _submit(client, tokens.partner_a, {**GARAGE, "reliability": "A"})
    assert created.status_code == 201, created.text
    report = client.get(
        f"/api/v1/reports/{created.json()['id']}", headers=auth(tokens.partner_a)
    ).json()
    provenance = report["provenance"]
    assert provenance["source"] == "partner:agent-a" == provenance["organisation"]
    assert provenance["external_id"] == "RE-2026-118"
    # The purpose and legal basis the police record it under are theirs, not the partner's
    # (one door: the portal shows neither); so are the mentions they extract.
    assert provenance["purpose"] is None and provenance["legal_basis"] is None
    assert '"reliability":"A"' in report["raw"]  # but the raw payload keeps what was sent
    assert report["mentions"] == []


def test_a_partner_is_never_told_the_police_grading_or_handling_code(
    client: TestClient, tokens: Tokens
) -> None:
    """One door: the portal's page of a submission never shows the police's grading or
    handling code (docs/web.md), so neither do the API's read and list."""
    report_id = _submit(client, tokens.partner_a, {**GARAGE, "reliability": "A"}).json()["id"]
    read = client.get(f"/api/v1/reports/{report_id}", headers=auth(tokens.partner_a)).json()
    listed = client.get("/api/v1/reports", headers=auth(tokens.partner_a)).json()["items"]
    for provenance in (read["provenance"], listed[0]["provenance"]):
        assert provenance["reliability"] is None  # graded B by the defaults, not told
        assert provenance["credibility"] is None and provenance["handling_code"] is None
        assert provenance["source"] == "partner:agent-a"
    officer = client.get(f"/api/v1/reports/{report_id}", headers=auth(tokens.officer)).json()
    assert officer["provenance"]["reliability"] == "B"  # the partner's own "A" is not taken
    assert officer["provenance"]["handling_code"]


def test_resubmitting_is_idempotent(client: TestClient, tokens: Tokens) -> None:
    first = _submit(client, tokens.partner_a, GARAGE)
    second = _submit(client, tokens.partner_a, GARAGE)
    assert (first.status_code, second.status_code) == (201, 200)
    assert second.json()["status"] == "duplicate" and second.json()["id"] == first.json()["id"]


def test_partners_see_only_their_own_submissions(client: TestClient, tokens: Tokens) -> None:
    mine = _submit(client, tokens.partner_a, GARAGE).json()["id"]
    _submit(client, tokens.partner_b, {**GARAGE, "report_ref": "B-1"})
    other = client.get(f"/api/v1/reports/{mine}", headers=auth(tokens.partner_b))
    assert other.status_code == 404  # same answer as for an id that does not exist
    listed = client.get("/api/v1/reports", headers=auth(tokens.partner_b)).json()["items"]
    assert [r["provenance"]["external_id"] for r in listed] == ["B-1"]
    everything = client.get("/api/v1/reports", headers=auth(tokens.officer)).json()["items"]
    assert len(everything) == 2


def test_partners_cannot_submit_police_only_channels(client: TestClient, tokens: Tokens) -> None:
    note = {
        "officer_id": "P1",
        "note_type": "patrol",
        "text": "t",
        "observed_at": "2026-10-01T10:00:00",
    }
    assert _submit(client, tokens.partner_a, note, "patrol_note").status_code == 403
    assert (
        _submit(
            client, tokens.officer, {**note, "source": "unit:otsuka"}, "patrol_note"
        ).status_code
        == 201
    )


def test_a_scoped_partner_account_submits_only_on_its_own_channels(
    client: TestClient, tokens: Tokens, engine: Engine
) -> None:
    """A real-estate association's token posts partner reports, never an SNS post "from a
    platform" (PARTNER-6); the refusal names the rule and nothing of the body is stored."""
    with engine.begin() as connection:
        set_channels(connection, "agent-a", ["partner_report", "public_tip"])
    post = {
        "platform": "x",
        "post_id": "1",
        "account_handle": "h",
        "text": "来週の日曜、駅前の演説会で",
        "posted_at": "2026-10-20T22:30:00+09:00",
    }
    refused = _submit(client, tokens.partner_a, post, "sns_post")
    assert refused.status_code == 403
    assert refused.json()["detail"] == (
        "deny: this partner account submits only on its own channels (rule PARTNER-6)"
    )
    listed = client.get("/api/v1/reports", headers=auth(tokens.officer)).json()["items"]
    assert listed == []
    assert _submit(client, tokens.partner_a, GARAGE).status_code == 201  # its own channel
    # The unscoped account of another organisation still posts on any partner channel.
    assert _submit(client, tokens.partner_b, post, "sns_post").status_code == 201


def test_invalid_reports_get_field_paths_not_500(client: TestClient, tokens: Tokens) -> None:
    bad = {**GARAGE, "category": "ghosts", "persons": [{"role": "tenant"}]}
    response = _submit(client, tokens.partner_a, bad)
    assert response.status_code == 422
    assert {p["field"] for p in response.json()["problems"]} == {"category", "persons[0].name"}


def test_malformed_json_is_a_422(client: TestClient, tokens: Tokens) -> None:
    response = client.post(
        "/api/v1/reports/partner_report",
        content=b'{"text": ',
        headers={**auth(tokens.partner_a), "content-type": "application/json"},
    )
    assert response.status_code == 422
    assert response.json()["detail"] == "request body is not valid JSON"


def test_a_lone_surrogate_is_a_422_naming_the_field_and_nothing_is_stored(
    client: TestClient, tokens: Tokens
) -> None:
    """`\\ud800` is grammatical JSON but no character: the answer names each field it is in
    (also inside a batch and a list of persons), not only a line and column."""
    headers = {**auth(tokens.partner_a), "content-type": "application/json"}
    single = b'{"partner_type": "real_estate", "category": "other", "text": "ab\\ud800c"}'
    response = client.post("/api/v1/reports/partner_report", content=single, headers=headers)
    assert response.status_code == 422
    assert response.json()["problems"] == [
        {"field": "text", "reason": "a lone surrogate (\\ud800) at character 2: not a character"}
    ]
    batch = (
        b'[{"partner_type": "real_estate", "category": "other", "text": "fine"},'
        b' {"partner_type": "real_estate", "category": "other", "text": "t",'
        b' "persons": [{"name": "\\udfff"}]}]'
    )
    response = client.post("/api/v1/reports/partner_report", content=batch, headers=headers)
    assert response.status_code == 422
    assert [p["field"] for p in response.json()["problems"]] == ["[1].persons[0].name"]
    key = b'{"partner_type": "real_estate", "category": "other", "text": "t", "\\ud83d": 1}'
    response = client.post("/api/v1/reports/partner_report", content=key, headers=headers)
    assert response.status_code == 422
    assert [p["field"] for p in response.json()["problems"]] == ["\\ud83d"]
    listed = client.get("/api/v1/reports", headers=auth(tokens.partner_a)).json()["items"]
    assert listed == []


def test_a_lone_surrogate_deep_in_nested_lists_is_a_422_not_a_500(
    client: TestClient, tokens: Tokens
) -> None:
    """The qa12 review: the field lookup re-parsed the body with the standard library, whose
    recursion a surrogate before 5,000 nested lists overran (500)."""
    headers = {**auth(tokens.partner_a), "content-type": "application/json"}
    body = (
        b'[{"partner_type": "real_estate", "category": "other", "text": "\\ud800"},'
        + b"[" * 5000
        + b"]" * 5000
        + b"]"
    )
    response = client.post("/api/v1/reports/partner_report", content=body, headers=headers)
    assert response.status_code == 422
    assert response.json()["detail"] == "request body is not valid JSON"


def test_a_batch_with_a_bad_item_is_refused_whole_naming_each_bad_item(
    client: TestClient, tokens: Tokens
) -> None:
    batch = [GARAGE, {**GARAGE, "report_ref": "2", "text": ""}, 42, {**GARAGE, "report_ref": "3"}]
    response = _submit(client, tokens.partner_a, batch)
    assert response.status_code == 422
    body = response.json()
    assert [i["status"] for i in body["items"]] == ["valid", "rejected", "rejected", "valid"]
    assert [p["field"] for p in body["problems"]] == ["[1].text", "[2]"]
    listed = client.get("/api/v1/reports", headers=auth(tokens.partner_a)).json()["items"]
    assert listed == []  # nothing of the batch was stored


def test_a_good_batch_is_stored_with_per_item_ids(client: TestClient, tokens: Tokens) -> None:
    _submit(client, tokens.partner_a, GARAGE)
    response = _submit(client, tokens.partner_a, [GARAGE, {**GARAGE, "report_ref": "2"}])
    assert response.status_code == 200
    body = response.json()
    assert (body["stored"], body["duplicates"]) == (1, 1)
    assert [i["status"] for i in body["items"]] == ["duplicate", "stored"]


def test_a_changed_report_under_a_stored_key_is_a_409(client: TestClient, tokens: Tokens) -> None:
    _submit(client, tokens.partner_a, GARAGE)
    response = _submit(
        client, tokens.partner_a, [{**GARAGE, "report_ref": "new"}, {**GARAGE, "text": "別の内容"}]
    )
    assert response.status_code == 409
    assert response.json()["problems"][0]["field"] == "[1].external_id"
    listed = client.get("/api/v1/reports", headers=auth(tokens.partner_a)).json()["items"]
    assert len(listed) == 1  # the valid new item was not stored either: all or nothing


def test_batches_over_the_limit_are_refused(client: TestClient, tokens: Tokens) -> None:
    client.app.state.settings = client.app.state.settings.model_copy(update={"api_max_batch": 2})  # type: ignore[attr-defined]
    assert _submit(client, tokens.partner_a, [GARAGE] * 3).status_code == 413


def test_unknown_report_ids_are_404_and_channels_are_not_ids(
    client: TestClient, tokens: Tokens
) -> None:
    missing = client.get(
        "/api/v1/reports/01a204f0-c76e-71d4-8c4c-a857a28e9a2d", headers=auth(tokens.officer)
    )
    assert missing.status_code == 404
    assert client.get("/api/v1/reports/not-an-id", headers=auth(tokens.officer)).status_code == 404
    assert client.get("/api/v1/reports/sns_post", headers=auth(tokens.officer)).status_code == 405


def test_listing_pages_with_a_cursor(client: TestClient, tokens: Tokens) -> None:
    _submit(
        client, tokens.officer, [{**GARAGE, "source": "s", "report_ref": str(n)} for n in range(5)]
    )
    first = client.get("/api/v1/reports?limit=3", headers=auth(tokens.officer)).json()
    rest = client.get(
        f"/api/v1/reports?limit=3&after={first['next_after']}", headers=auth(tokens.officer)
    ).json()
    refs = [r["provenance"]["external_id"] for r in first["items"] + rest["items"]]
    assert refs == ["0", "1", "2", "3", "4"] and rest["next_after"] is None


def test_misspelt_query_parameters_are_refused_not_ignored(
    client: TestClient, tokens: Tokens
) -> None:
    response = client.get("/api/v1/reports?chanel=sns_post", headers=auth(tokens.officer))
    assert response.status_code == 422
    assert response.json()["problems"][0]["field"] == "chanel"


def test_a_single_valued_parameter_given_twice_is_refused(
    client: TestClient, tokens: Tokens
) -> None:
    """`?channel=a&channel=b` would silently mean the last: refused (schemathesis found it on
    the alert stream's `desk`)."""
    response = client.get(
        "/api/v1/reports?channel=sns_post&channel=tip", headers=auth(tokens.officer)
    )
    assert response.status_code == 422
    assert response.json()["problems"][0]["field"] == "channel"


def test_a_cursor_that_does_not_open_here_names_no_position(
    client: TestClient, tokens: Tokens
) -> None:
    forged = "c1." + "A" * 86
    response = client.get(f"/api/v1/reports?after={forged}", headers=auth(tokens.officer))
    assert response.status_code == 404 and "cursor" in response.json()["detail"]
    shapeless = client.get("/api/v1/reports?after=nonsense", headers=auth(tokens.officer))
    assert shapeless.status_code == 422


def test_partners_also_see_their_reports_that_the_police_loaded_from_a_file(
    client: TestClient, tokens: Tokens, engine: Engine
) -> None:
    from kizashi.intake import RawRow, ingest_rows

    settings = client.app.state.settings  # type: ignore[attr-defined]
    row = {**GARAGE, "source": "partner:agent-a"}
    ingest_rows(engine, settings, "partner_report", [RawRow(1, 1, "{}", row, None)], "upload.jsonl")
    mine = client.get("/api/v1/reports", headers=auth(tokens.partner_a)).json()["items"]
    theirs = client.get("/api/v1/reports", headers=auth(tokens.partner_b)).json()["items"]
    assert [r["provenance"]["source"] for r in mine] == ["partner:agent-a"]
    assert theirs == []
