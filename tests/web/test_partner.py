from __future__ import annotations

import re

from sqlalchemy import Engine, select

from kizashi.guard.identity import set_channels
from kizashi.store import reports
from kizashi.store.tables import audit_entries
from tests.web.conftest import csrf_of

FORM = {
    "report_ref": "OH-2026-200",
    "partner_type": "real_estate",
    "category": "suspicious_sound",
    "text": "深夜にガレージから金属音。",
    "observed_at": "2026-11-20T23:30",
    "persons[0].name": "鈴木 一郎",
}


def test_the_form_is_made_from_the_channel_schema(as_user) -> None:  # type: ignore[no-untyped-def]
    page = as_user("partner-otsuka").get("/ui/partner/new/partner_report")
    assert page.status_code == 200
    for name in ("report_ref", "partner_type", "text", "persons[0].name", "persons[1].phone"):
        assert f'name="{name}"' in page.text
    labels = re.findall(r'<label for="([^"]+)"', page.text)
    inputs = re.findall(r'<(?:input|select|textarea) id="([^"]+)"', page.text)
    assert set(inputs) <= set(labels)  # every control has a label
    assert 'value="real_estate"' in page.text and "不動産業" in page.text
    # The hints and the channel's introduction in the page's language, not intake's English.
    hints = re.findall(r'class="hint"[^>]*>([^<]*)<', page.text)
    assert "確認した事柄を、貴社の言葉で。" in hints and "書かれたとおりの氏名。" in hints
    assert "in the partner's own words" not in page.text
    assert not re.search(r'class="(hint|muted)"[^>]*lang="en"', page.text)
    assert "協力事業者からの自由記述の報告" in page.text


def test_a_bad_field_is_named_beside_it_and_nothing_is_stored(as_user, engine: Engine) -> None:  # type: ignore[no-untyped-def]
    client = as_user("partner-otsuka")
    token = csrf_of(client.get("/ui/partner/new/partner_report").text)
    bad = client.post(
        "/ui/partner/new/partner_report",
        data={**FORM, "category": "no_such_category", "text": "", "csrf": token},
    )
    assert bad.status_code == 422
    # In the partner's words, not intake's English, and the summary names the label.
    assert 'data-testid="error-text">必須の項目です。入力してください。<' in bad.text
    assert 'data-testid="error-category">一覧から選んでください。<' in bad.text
    assert '<a href="#f-text">内容</a>' in bad.text and "required field" not in bad.text
    assert 'value="OH-2026-200"' in bad.text  # what was typed is kept
    with engine.connect() as connection:
        assert (
            connection.execute(
                select(reports.c.id).where(reports.c.external_id == "OH-2026-200")
            ).first()
            is None
        )


def test_a_submission_is_listed_for_its_partner_only(as_user, engine: Engine) -> None:  # type: ignore[no-untyped-def]
    client = as_user("partner-otsuka")
    token = csrf_of(client.get("/ui/partner/new/partner_report").text)
    done = client.post("/ui/partner/new/partner_report", data={**FORM, "csrf": token})
    assert done.status_code == 200 and 'data-testid="stored"' in done.text
    assert 'data-testid="submission-ref">OH-2026-200<' in done.text
    with engine.connect() as connection:
        row = connection.execute(
            select(reports).where(reports.c.external_id == "OH-2026-200")
        ).one()
    assert row.source == "partner:otsuka-housing" and row.reliability == "B"  # graded by defaults
    again = client.post("/ui/partner/new/partner_report", data={**FORM, "csrf": token})
    assert "既に受け付けて" in again.text
    changed = client.post(
        "/ui/partner/new/partner_report", data={**FORM, "text": "別の内容", "csrf": token}
    )
    assert changed.status_code == 422
    assert 'data-testid="error-report_ref">同じ管理番号で内容の異なる報告' in changed.text
    other = as_user("partner-sakura").get("/ui/partner")
    assert "OH-2026-200" not in other.text and "OH-2026-77" not in other.text


def test_a_partner_opens_its_own_submission_and_nobody_elses(as_user, engine: Engine) -> None:  # type: ignore[no-untyped-def]
    client = as_user("partner-otsuka")
    token = csrf_of(client.get("/ui/partner/new/partner_report").text)
    client.post("/ui/partner/new/partner_report", data={**FORM, "csrf": token})
    with engine.connect() as connection:
        report_id = connection.execute(
            select(reports.c.id).where(reports.c.external_id == "OH-2026-200")
        ).scalar_one()
    portal = client.get("/ui/partner")
    assert f'href="/ui/partner/submissions/{report_id}"' in portal.text
    mine = client.get(f"/ui/partner/submissions/{report_id}")
    assert mine.status_code == 200
    assert 'data-testid="submission-external-id">OH-2026-200<' in mine.text
    assert "深夜にガレージから金属音。" in mine.text and "鈴木 一郎" in mine.text
    assert re.search(r'data-testid="submission-status">(受理済み|確認済み)<', mine.text)
    # Not the police's view of it: no grading, no handling code, no links to entities.
    assert "reliability" not in mine.text and "/ui/entities/" not in mine.text
    assert client.get("/ui/partner/submissions/no-such-report").status_code == 404
    assert as_user("partner-sakura").get(f"/ui/partner/submissions/{report_id}").status_code == 404
    # Officers read reports on the report page, not here: decided (and audited) as the API
    # decides the report, then sent there; refused as that page would refuse them.
    sent = as_user("analyst").get(f"/ui/partner/submissions/{report_id}", follow_redirects=False)
    assert sent.status_code == 303 and sent.headers["location"] == f"/ui/reports/{report_id}"
    assert as_user("analyst-b").get(f"/ui/partner/submissions/{report_id}").status_code == 404


def test_police_only_channels_are_not_offered(as_user) -> None:  # type: ignore[no-untyped-def]
    client = as_user("partner-otsuka")
    assert client.get("/ui/partner/new/patrol_note").status_code == 403  # PARTNER-4, as the API
    assert client.get("/ui/partner/new/nonsense").status_code == 404
    assert "new-patrol_note" not in client.get("/ui/partner").text
    assert as_user("analyst").get("/ui/partner").status_code == 404


def _partner_denials(engine: Engine) -> int:
    query = select(audit_entries.c.leaf).where(audit_entries.c.effect == "deny")
    with engine.connect() as connection:
        return sum('"PARTNER-6"' in leaf for leaf in connection.execute(query).scalars())


def test_a_scoped_partner_is_offered_and_allowed_only_its_own_channels(
    as_user,  # type: ignore[no-untyped-def]
    engine: Engine,
) -> None:
    client = as_user("partner-otsuka")
    unscoped = client.get("/ui/partner").text
    assert 'data-testid="new-sns_post"' in unscoped and 'data-testid="new-purchase"' in unscoped
    with engine.begin() as connection:
        set_channels(connection, "partner-otsuka", ["partner_report", "public_tip"])
    portal = client.get("/ui/partner").text
    assert re.findall(r'data-testid="new-([a-z_]+)"', portal) == ["partner_report", "public_tip"]
    assert _partner_denials(engine) == 0  # offering is not an access: nothing denied is logged
    # The form of another channel, and a post to it, are refused with the rule, and logged.
    refused = client.get("/ui/partner/new/purchase")
    assert refused.status_code == 403 and "PARTNER-6" in refused.text
    token = csrf_of(client.get("/ui/partner/new/partner_report").text)
    purchase = {"retailer": "r", "transaction_id": "T-1", "item": "硝酸アンモニウム肥料"}
    posted = client.post("/ui/partner/new/purchase", data={**purchase, "csrf": token})
    assert posted.status_code == 403 and "PARTNER-6" in posted.text
    assert _partner_denials(engine) == 2
    with engine.connect() as connection:
        mine = (reports.c.channel == "purchase") & (reports.c.source == "partner:otsuka-housing")
        assert connection.execute(select(reports.c.id).where(mine)).first() is None
    # Its own channel still takes the report.
    done = client.post("/ui/partner/new/partner_report", data={**FORM, "csrf": token})
    assert done.status_code == 200 and 'data-testid="stored"' in done.text
    with engine.begin() as connection:
        set_channels(connection, "partner-otsuka", [])
    assert 'data-testid="no-channels"' in client.get("/ui/partner").text
