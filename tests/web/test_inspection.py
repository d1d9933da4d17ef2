from __future__ import annotations

import re

from tests.web.seeding import Seeded


def test_inspection_shows_accesses_and_a_verified_proof(as_user, seeded: Seeded) -> None:  # type: ignore[no-untyped-def]
    as_user("analyst").get(f"/ui/alerts/{seeded.main_alert}")
    client = as_user("inspector")
    page = client.get("/ui/inspection")
    assert page.status_code == 200 and 'data-testid="insider"' in page.text
    seq = re.search(r'href="/ui/inspection/audit/(\d+)"', page.text).group(1)  # type: ignore[union-attr]
    entry = client.get(f"/ui/inspection/audit/{seq}")
    assert entry.status_code == 200
    assert 'data-testid="proof-verified" class="ok"' in entry.text and "kizashi/audit" in entry.text
    assert client.get("/ui/inspection/audit/999999999").status_code == 404


def test_inspection_is_for_inspection(as_user) -> None:  # type: ignore[no-untyped-def]
    for name in ("analyst", "lead-a"):
        client = as_user(name)
        assert client.get("/ui/inspection").status_code == 404
        assert client.get("/ui/inspection/audit/0").status_code == 404
