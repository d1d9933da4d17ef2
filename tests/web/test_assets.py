from __future__ import annotations

from fastapi.testclient import TestClient

from kizashi.web.assets import vendor_files


def test_chart_libraries_come_from_their_installed_wheels(app_client: TestClient) -> None:
    files = vendor_files()
    assert "site-packages" in str(files["plotly.min.js"]) or "dist-packages" in str(
        files["plotly.min.js"]
    )
    for name, path in files.items():
        response = app_client.get(f"/ui/assets/vendor/{name}")
        assert response.status_code == 200 and len(response.content) == path.stat().st_size
    assert "javascript" in app_client.get("/ui/assets/vendor/plotly.min.js").headers["content-type"]
    assert app_client.get("/ui/assets/vendor/../../etc/passwd").status_code == 404
    assert app_client.get("/ui/assets/nothing.js").status_code == 404
    assert app_client.get("/ui/assets/web.js").status_code == 200


def test_pages_carry_a_strict_content_security_policy(app_client: TestClient) -> None:
    page = app_client.get("/ui/login")
    policy = page.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert page.headers["x-frame-options"] == "DENY"
    assert "<script>" not in page.text  # no inline script


def test_the_pages_stay_out_of_the_api_schema(app_client: TestClient) -> None:
    paths = app_client.get("/openapi.json").json()["paths"]
    assert not any(p.startswith("/ui") for p in paths)
