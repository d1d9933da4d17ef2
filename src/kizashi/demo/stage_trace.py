"""The demo's trace stage: issue a surveillance still and a raid plan, and find the leaker.

Five Tokuryu officers are members of the Oyama operation's compartment. On the planning
day their desk lead issues each of them a fingerprinted copy of a surveillance still and
of the raid plan. One officer's copies turn up in the seized chat: the still re-encoded,
scaled and cropped as a forwarded phone screenshot (``IMG_0413.jpg``, an attachment of the
chat's "サツの張り込み写真" message), and the plan retyped into a message. The inspection
desk's ``kizashi trace find`` then names that officer, and ``kizashi trace leaks`` lists the
operation as leaked with everyone who had access to it.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import cv2
import numpy as np
from sqlalchemy import update

from kizashi.demo.clock import JST, PERIOD_END
from kizashi.demo.corpus_seized import CASE_REF, SOURCE
from kizashi.guard import Guard, open_audit_log
from kizashi.guard.identity import (
    add_member,
    create_compartment,
    create_user,
    get_compartment,
    get_user,
)
from kizashi.intake import RecordSource, ingest_rows
from kizashi.store import transaction
from kizashi.store.tables import compartment_members
from kizashi.trace import TraceService, find, leaks
from kizashi.trace.keyed import load_or_create_key
from kizashi.trace.synthetic import cctv_frame

if TYPE_CHECKING:
    from kizashi.demo.context import DemoContext

PLAN = Path(__file__).parent / "data" / "raid_plan_oyama.md"
LEAD = "tk-lead-hayashi"
OFFICERS = ("tk-sato", "tk-tanaka", "tk-kobayashi", "tk-ito")
LEAKER = "tk-kobayashi"
INSPECTOR = "insp-mori"
COMPARTMENT = "op-oyama-1022"
PURPOSE = "raid planning for op-oyama-1022 (case R8-tokuso-123)"
INSPECT_PURPOSE = "internal-affairs inquiry into the op-oyama-1022 leak"


@dataclass
class _Clock:
    """The scenario's clock: the trace stage happens on the operation's planning days."""

    now: datetime = field(default_factory=lambda: datetime(2026, 10, 19, 9, 0, tzinfo=JST))

    def __call__(self) -> datetime:
        return self.now


# The operation's compartment opens before the planning day and stays open for a year after
# the demo is built (at least until two months after the scenario): officers who try the
# trace commands by hand on the built demo are inside its time box on any date.
OPENS = datetime(2026, 10, 1, tzinfo=JST)
STAYS_OPEN = timedelta(days=365)


def compartment_until(built_at: datetime) -> datetime:
    """The end of op-oyama-1022's time box for a demo built at `built_at`."""
    return max(PERIOD_END + timedelta(days=60), built_at + STAYS_OPEN)


def _people(context: DemoContext, clock: _Clock) -> None:
    with transaction(context.engine) as connection:
        create_user(connection, LEAD, role="desk_lead", desk="tokuryu")
        for name in OFFICERS:
            create_user(connection, name, role="analyst", desk="tokuryu")
        create_user(connection, INSPECTOR, role="analyst", desk="inspection")
        create_compartment(
            connection,
            COMPARTMENT,
            desk="tokuryu",
            valid_from=OPENS,
            valid_until=compartment_until(context.built_at),
            description="Search of サンハイツ大山203号室, 2026-10-22 06:00",
        )
        for name in (LEAD, *OFFICERS):
            add_member(connection, COMPARTMENT, name)
        # Memberships are stamped with the wall clock; the scenario's began on planning day.
        box = get_compartment(connection, COMPARTMENT)
        connection.execute(
            update(compartment_members)
            .where(compartment_members.c.compartment_id == box.id)
            .values(added_at=clock.now)
        )


def _leak_still(copy: bytes, target: Path) -> None:
    """A forwarded phone screenshot: scaled to 75 %, cropped, re-encoded at JPEG 70."""
    image = cv2.imdecode(np.frombuffer(copy, np.uint8), cv2.IMREAD_COLOR)
    if image is None:
        raise ValueError("the issued still is not an image")
    small = cv2.resize(image, None, fx=0.75, fy=0.75, interpolation=cv2.INTER_AREA)
    h, w = small.shape[:2]
    cropped = small[int(h * 0.06) : int(h * 0.95), int(w * 0.05) : int(w * 0.97)]
    target.parent.mkdir(parents=True, exist_ok=True)
    cv2.imwrite(str(target), cropped, [cv2.IMWRITE_JPEG_QUALITY, 70])


def _retyped(copy: bytes) -> str:
    """The plan's core retyped into a chat: invisible marks gone, spacing and colons changed."""
    text = re.sub("[\u200b\u200c\u2060]", "", copy.decode("utf-8"))
    keep = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    body = "\n".join(keep[1:])  # all but the case line
    return "【転送】\n" + body.replace("：", ": ").replace("- ", "・")


def _seized_forward(context: DemoContext, text: str, attachment: str) -> Path:
    record: dict[str, Any] = {
        "source": SOURCE,
        "external_id": f"{CASE_REF}:telegram:-1001987654321:fwd-20410",
        "received_at": "2026-10-30T10:00:00+09:00",
        "case_ref": CASE_REF,
        "device_ref": "押収品第45号（iPhone）",
        "app": "telegram",
        "chat_id": "-1001987654321",
        "chat_name": "ホワイト案件 連絡",
        "message_id": "fwd-20410",
        "sender_handle": "@king_0x",
        "text": text,
        "sent_at": "2026-10-21T23:05:00+09:00",
        "attachments": [attachment],
    }
    # The forwarded message joins the scenario, so that its records still match the store.
    context.scenario.records.setdefault("seized_message", []).append(record)
    path = context.workspace.inputs / "seized_forwarded.jsonl"
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", "utf-8")
    return path


def trace_stage(context: DemoContext) -> None:
    clock = _Clock()
    _people(context, clock)
    engine, settings = context.engine, context.settings
    guard = Guard(engine, open_audit_log(settings, engine), clock=clock)
    key = load_or_create_key(settings.data_dir / "trace" / "fingerprint.key")
    service = TraceService(engine, guard, key, tz=settings.tz, clock=clock)
    with engine.connect() as connection:
        lead = get_user(connection, LEAD)
        inspector = get_user(connection, INSPECTOR)
    still = cv2.imencode(".png", cctv_frame(seed=context.scenario.seed % 1000))[1].tobytes()
    issued: dict[str, Any] = {}
    for name, content in (("surveillance-still-cam03.png", still), (PLAN.name, PLAN.read_bytes())):
        product = service.add_product(
            lead, content, name, purpose=PURPOSE, compartment=COMPARTMENT, handling_code="TLP:RED"
        )
        copies = service.issue(lead, product["id"], list(OFFICERS), purpose=PURPOSE)
        issued[name] = {c.recipient: c for c in copies}
    out = context.workspace.root / "trace"
    leaked_still = out / "seized" / "IMG_0413.jpg"
    _leak_still(issued["surveillance-still-cam03.png"][LEAKER].content, leaked_still)
    retyped = _retyped(issued[PLAN.name][LEAKER].content)
    forwarded = _seized_forward(context, retyped, leaked_still.name)
    with RecordSource(forwarded) as source:
        context.summaries.append(
            ingest_rows(engine, settings, "seized_message", source, forwarded.name)
        )
    leaked_text = out / "seized" / "forwarded-plan.txt"
    leaked_text.write_text(retyped, "utf-8")
    clock.now = datetime(2026, 10, 30, 14, 0, tzinfo=JST)  # the inquiry, after the seizure
    image_result = find(
        service, inspector, leaked_still.read_bytes(), leaked_still.name, purpose=INSPECT_PURPOSE
    )
    text_result = find(
        service, inspector, retyped.encode("utf-8"), leaked_text.name, purpose=INSPECT_PURPOSE
    )
    operations = leaks(service, inspector, purpose=INSPECT_PURPOSE)
    context.trace = {
        "recipients": list(OFFICERS),
        "leaker": LEAKER,
        "inspector": INSPECTOR,
        "files": {"still": str(leaked_still), "text": str(leaked_text)},
        "still": _top(image_result),
        "plan": _top(text_result),
        "leaks": [
            {
                "operation": o["operation"]["id"],
                "messages": len(o["messages"]),
                "first_leak_at": o["first_leak_at"],
                "had_access": sorted({a["who"] for a in o["access"] if a["before_leak"]}),
            }
            for o in operations
        ],
    }


def _top(result: dict[str, Any]) -> dict[str, Any]:
    if not result["products"]:
        return {"named": [], "top": None}
    best = result["products"][0]
    top = best["candidates"][0]
    return {
        "named": result["named"],
        "top": top["recipient"],
        "confidence": top["confidence"],
        "z": top["z"],
        "title": best["title"],
    }
