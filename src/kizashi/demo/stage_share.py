"""The demo's share stage: an advisory to the real-estate associations, a request to the SNS
operator — each drafted by the command centre and released by a second person.

Three days after the letting agent's report about the Minami-Otsuka garage, a command-centre
officer of the lone-offender desk (``matsumoto``) drafts an advisory to the Toshima
real-estate associations from the lone offender's alert. The draft names the tenant, his
phone, the garage and the agent's report number; its tear-line (what leaves) does not. The
desk lead (``ishida``) approves it with a reason (four-eyes) and releases it: each partner
user gets a fingerprinted copy in their inbox. One copy later turns up pasted into a forum,
and the inspection desk's ``trace find`` names its recipient.

The same officer drafts a request to the SNS operator for the subscriber behind the rally
threat's account; the lead approves it, it is recorded as sent, the operator's answer is
recorded as a report (provenance: the operator), and the warning given to the poster is
recorded on the alert. The dashboard then shows the operator's turnaround.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import desc, select

from kizashi.clock import ManualClock
from kizashi.demo.clock import JST
from kizashi.demo.partner_scopes import REAL_ESTATE_CHANNELS
from kizashi.demo.people import OFFENDER, OFFENDER_GARAGE
from kizashi.guard import Guard, open_audit_log
from kizashi.guard.identity import create_user, get_user, issue_token
from kizashi.insider.demo import password_of
from kizashi.intake import partner_scope
from kizashi.keyfiles import write_secret
from kizashi.share import (
    answer_request,
    decide_request,
    draft_and_submit,
    draft_request,
    inbox,
    open_share,
    read_copy,
    record_action,
    release,
    request_dashboard,
    send_request,
    submit_request,
)
from kizashi.store import alerts, transaction
from kizashi.trace import find

if TYPE_CHECKING:
    from kizashi.demo.context import DemoContext

AUTHOR = "matsumoto"  # command centre, lone-offender desk (the insider stage's cast)
APPROVER = "ishida"  # desk lead of the lone-offender desk
INSPECTOR = "kimura"  # inspection desk lead (the insider stage's cast)
PARTNERS = {
    "p-otsuka-housing": "partner:otsuka-housing",
    "p-toshima-takken": "partner:toshima-takken",
}
LEAKER = "p-toshima-takken"
GROUP = "group:toshima-real-estate"
PLATFORM = "sns-operator-a"
PURPOSE = "南大塚の貸ガレージ事案・大塚駅前演説への脅迫（lone offender）に関する注意喚起と照会"
INSPECT_PURPOSE = "注意喚起の写しの流出調査（南大塚ガレージ事案）"
TITLE = "月極ガレージでの不審な金属加工音・火薬臭に関する通報のお願い"
PHONE = f"{OFFENDER.phone[:3]}-{OFFENDER.phone[3:7]}-{OFFENDER.phone[7:]}"
BODY = f"""10月28日、管理会社から報告（報告番号 OH-2026-0311）があり、{OFFENDER_GARAGE} の借主
{OFFENDER.surname} {OFFENDER.given}（{PHONE}）について、夜間の金属加工音と火薬のようなにおいが確認されています。

管理物件で次のような{{{{兆候|様子}}}}に{{{{気づいたら|気付いたら}}}}、{{{{直ちに|すぐに}}}}110番通報をお願いします。

- 夜間の{{{{グラインダー|金属を削る}}}}音、火薬や薬品のようなにおい
- 倉庫・ガレージへの{{{{金属パイプ|鉄パイプ}}}}や薬品の{{{{頻繁な|度重なる}}}}搬入
"""
# What the tear-line must not carry (the demo checks it and prints the result).
PERSONAL = (OFFENDER.surname + " " + OFFENDER.given, PHONE, "OH-2026-0311", "18番2号")


def _people(context: DemoContext, now: datetime) -> dict[str, str]:
    """The desk lead and the partner users, with the demo's printed passwords and tokens."""
    made = {APPROVER: password_of(APPROVER), **{n: password_of(n) for n in PARTNERS}}
    with transaction(context.engine) as connection:
        create_user(
            connection, APPROVER, role="desk_lead", desk="lone-offender", password=made[APPROVER]
        )
        for name, organisation in PARTNERS.items():
            create_user(
                connection,
                name,
                role="partner_submitter",
                organisation=organisation,
                password=made[name],
                channels=partner_scope(REAL_ESTATE_CHANNELS),
            )
        for name in made:
            context.tokens[name] = issue_token(connection, name, "demo", now=now)
    return made


def _rally_alert(context: DemoContext) -> tuple[str, str]:
    """The lone-offender desk's heaviest threat alert (the rally threat) and its account."""
    from kizashi.store import entities

    query = (
        select(alerts.c.id, entities.c.label)
        .join(entities, entities.c.id == alerts.c.entity_id)
        .where(alerts.c.desk_id == "lone-offender", alerts.c.category == "threat")
        .order_by(desc(alerts.c.score), alerts.c.id)
        .limit(1)
    )
    with context.engine.connect() as connection:
        row = connection.execute(query).one()
    return str(row.id), str(row.label)


def _drain(context: DemoContext) -> None:
    """The pipeline's worker takes the operator's answer (a report) through linkage and
    triage at the demo's end of period, as the pipeline stage did every other report: left
    to `kizashi serve`'s worker, it would re-score the offender at the wall clock's today."""
    from kizashi.demo.clock import PERIOD_END
    from kizashi.pipeline import Worker

    Worker(context.engine, context.settings, as_of=PERIOD_END, name="demo-share", hooks=()).drain()


def share_stage(context: DemoContext) -> None:
    engine, settings = context.engine, context.settings
    clock = ManualClock(datetime(2026, 10, 31, 9, 30, tzinfo=JST))
    passwords = _people(context, clock())
    users_file = context.workspace.root / "users.json"
    known = json.loads(users_file.read_text("utf-8")) if users_file.exists() else {}
    write_secret(users_file, json.dumps({**known, **passwords}, indent=2).encode(), replace=True)
    guard = Guard(engine, open_audit_log(settings, engine, clock=clock), clock=clock)
    service = open_share(settings, engine, guard=guard, clock=clock)
    with engine.connect() as connection:
        author, lead, inspector = (
            get_user(connection, name) for name in (AUTHOR, APPROVER, INSPECTOR)
        )
        partners = {name: get_user(connection, name) for name in PARTNERS}
    alert_id, account = _rally_alert(context)

    # The advisory: drafted (tear-line made), approved by the lead, released.
    product = draft_and_submit(
        service,
        author,
        kind="advisory",
        title=TITLE,
        body=BODY,
        handling_code="TLP:GREEN",
        recipients=[GROUP],
        sources=[f"alert:{alert_id}"],
        purpose=PURPOSE,
    )
    tearline = str(product["tearline"])
    clock.advance(timedelta(minutes=40))
    service.approve(
        lead, product["id"], "テアラインに借主の個人情報・報告番号が残っていない", PURPOSE
    )
    released = release(service, lead, product["id"], PURPOSE)
    # The request to the SNS operator about the rally threat's account.
    clock.set(datetime(2026, 10, 31, 11, 0, tzinfo=JST))
    request = draft_request(
        service,
        author,
        alert_id=alert_id,
        platform=PLATFORM,
        legal_basis="刑事訴訟法第197条第2項（捜査関係事項照会）",
        body=f"アカウント「{account}」の登録者情報（氏名・電話番号・メールアドレス）の回答を求めます。",
        identifiers={"account": account},
        purpose=PURPOSE,
    )
    submit_request(service, author, request["id"], PURPOSE)
    clock.advance(timedelta(minutes=20))
    decide_request(
        service,
        lead,
        request["id"],
        approve=True,
        reason="演説日時と場所を明示した脅迫",
        purpose=PURPOSE,
    )
    send_request(service, author, request["id"], PURPOSE)
    clock.advance(timedelta(hours=4, minutes=30))
    answer_request(
        service,
        author,
        request["id"],
        answer="登録者情報を回答します。",
        account=account,
        subscriber_name=f"{OFFENDER.surname} {OFFENDER.given}",
        subscriber_phone=PHONE,
        subscriber_email=OFFENDER.email,
        purpose=PURPOSE,
    )
    clock.advance(timedelta(hours=18))
    done = record_action(
        service,
        author,
        request["id"],
        "投稿者を特定し、自宅で警告した。11月1日の演説会場の警備を強化。",
        PURPOSE,
    )
    board = request_dashboard(service, author, PURPOSE)
    _drain(context)

    # A partner's copy turns up pasted into a forum; the inspection desk traces it.
    box = inbox(service, partners[LEAKER], "")
    leaked, _media = read_copy(service, partners[LEAKER], box[0]["delivery_id"], "")
    out = context.workspace.root / "share"
    out.mkdir(parents=True, exist_ok=True)
    leaked_file = out / "forum-paste.md"
    leaked_file.write_bytes(leaked)
    clock.set(datetime(2026, 11, 2, 10, 0, tzinfo=JST))
    found = find(service.trace, inspector, leaked, leaked_file.name, purpose=INSPECT_PURPOSE)
    top = found["products"][0]["candidates"][0] if found["products"] else None

    context.share = {
        "product": product["id"],
        "title": TITLE,
        "status": released["status"],
        "copies": sorted(c["recipient"] for c in released["copies"]),
        "removed": len(product.get("tearline_removed") or []),
        "left_in_tearline": [p for p in PERSONAL if p in tearline],
        "leak_file": str(leaked_file),
        "leak_named": top["recipient"] if top and top["named"] else None,
        "request": request["id"],
        "request_status": done["status"],
        "account": account,
        "platforms": board["platforms"],
    }
