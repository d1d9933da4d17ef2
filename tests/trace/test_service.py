"""Issuing and tracing through the store (SQLite and PostgreSQL), the guard and the audit log."""

from __future__ import annotations

import json
import re

import cv2
import numpy as np
import pytest
from sqlalchemy import Engine, select

from kizashi.config import Settings
from kizashi.errors import ForbiddenError, InputError
from kizashi.intake import RecordSource, ingest_rows
from kizashi.store.tables import audit_entries
from kizashi.store.tables_trace import trace_copies, trace_findings
from kizashi.trace import TraceService, find, leaks
from tests.trace.conftest import user_of as _user

PURPOSE = "planning the Oyama search (case 123)"
INSPECT = "internal-affairs inquiry into a leak"


def test_each_recipient_gets_a_recorded_distinct_copy(
    service: TraceService, photo: np.ndarray
) -> None:
    png = cv2.imencode(".png", photo)[1].tobytes()
    lead = _user(service, "lead")
    product = service.add_product(lead, png, "still.png", purpose=PURPOSE, compartment="op-x")
    copies = service.issue(lead, product["id"], ["ann", "ben", "cho"], purpose=PURPOSE)
    assert len({c.sha256 for c in copies}) == 3
    with service.engine.connect() as connection:
        rows = connection.execute(select(trace_copies)).mappings().all()
        issued = (
            connection.execute(
                select(audit_entries.c.leaf).where(audit_entries.c.resource_type == "copy")
            )
            .scalars()
            .all()
        )
    assert {r["content_sha256"] for r in rows} == {c.sha256 for c in copies}
    assert all(any(c.sha256 in leaf for leaf in issued) for c in copies)
    assert {r["audit_seq"] for r in rows} == {c.audit_seq for c in copies}


def test_a_recipient_outside_the_compartment_gets_nothing(
    service: TraceService, plan_text: str
) -> None:
    lead = _user(service, "lead")
    product = service.add_product(
        lead, plan_text.encode(), "plan.md", purpose=PURPOSE, compartment="op-x"
    )
    with pytest.raises(ForbiddenError, match=r"outsider \(COMP-1\); no copy was issued"):
        service.issue(lead, product["id"], ["ann", "outsider"], purpose=PURPOSE)
    with service.engine.connect() as connection:
        assert connection.execute(select(trace_copies)).first() is None


def test_a_text_without_slots_is_refused(service: TraceService) -> None:
    with pytest.raises(InputError, match=r"plain\.md: the text has no variant slots"):
        service.add_product(
            _user(service, "lead"), b"# Plan\nnothing to vary", "plain.md", purpose=PURPOSE
        )


def test_the_inspection_desk_traces_a_leaked_still(
    service: TraceService, photo: np.ndarray
) -> None:
    lead = _user(service, "lead")
    product = service.add_product(
        lead,
        cv2.imencode(".png", photo)[1].tobytes(),
        "still.png",
        purpose=PURPOSE,
        compartment="op-x",
    )
    copies = {
        c.recipient: c
        for c in service.issue(lead, product["id"], ["ann", "ben", "cho"], purpose=PURPOSE)
    }
    image = cv2.imdecode(np.frombuffer(copies["ben"].content, np.uint8), cv2.IMREAD_COLOR)
    leaked = cv2.imencode(".jpg", image[20:-20, 10:-30], [cv2.IMWRITE_JPEG_QUALITY, 60])[
        1
    ].tobytes()
    result = find(service, _user(service, "inspector"), leaked, "leak.jpg", purpose=INSPECT)
    assert result["named"] == ["ben"]
    assert result["products"][0]["candidates"][0]["recipient"] == "ben"
    assert any("ben's pattern is present" in line for line in result["products"][0]["explanation"])
    with service.engine.connect() as connection:
        assert connection.execute(select(trace_findings.c.kind)).scalars().all() == ["image"]


def test_tracing_is_for_the_inspection_desk_only(service: TraceService) -> None:
    for name, rule in (("ann", "TRACE-1"), ("auditor", "TRACE-1"), ("lead", "TRACE-1")):
        with pytest.raises(ForbiddenError, match=rule):
            find(service, _user(service, name), b"text", "x.txt", purpose=INSPECT)
    with service.engine.connect() as connection:
        denied = (
            connection.execute(
                select(audit_entries.c.actor).where(
                    audit_entries.c.resource_id == "trace:findings",
                    audit_entries.c.effect == "deny",
                )
            )
            .scalars()
            .all()
        )
    assert len(denied) == 3


def test_leaks_lists_the_operation_and_who_had_access(
    service: TraceService, plan_text: str, engine: Engine, settings: Settings
) -> None:
    lead = _user(service, "lead")
    product = service.add_product(
        lead, plan_text.encode(), "plan.md", purpose=PURPOSE, compartment="op-x"
    )
    copies = {
        c.recipient: c for c in service.issue(lead, product["id"], ["ann", "ben"], purpose=PURPOSE)
    }
    retyped = re.sub("[\u200b\u200c\u2060]", "", copies["ann"].content.decode())
    path = settings.data_dir / "seized.jsonl"
    path.parent.mkdir(parents=True, exist_ok=True)
    sent = "2026-10-21T22:00:00+09:00"  # the eve of the planned search
    record = {
        "source": "seizure:t",
        "case_ref": "c1",
        "app": "telegram",
        "chat_id": "1",
        "message_id": "1",
        "text": retyped.replace("：", ": "),
        "sent_at": sent,
        "received_at": sent,
    }
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", "utf-8")
    with RecordSource(path) as source:
        ingest_rows(engine, settings, "seized_message", source, path.name)
    found = leaks(service, _user(service, "inspector"), purpose=INSPECT)
    assert found[0]["operation"]["id"] == "op-oyama-1022"
    assert found[0]["messages"][0]["fingerprint"]["named"] == ["ann"]
    access = {(a["who"], a["how"]) for a in found[0]["access"]}
    assert ("ann", "received a fingerprinted copy") in access
    assert ("cho", "member of the operation's compartment") in access
