"""The approver's restore of one over-removed span (share/restore.py, ShareService.restore):
who may restore (persona matrix), what the handling code lets come back, and where it is
recorded (the product's history, the audit log)."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from sqlalchemy import select

from kizashi.errors import ForbiddenError, InputError, NotFoundError
from kizashi.share import ShareService, draft_and_submit, release
from kizashi.share.restore import SpanRestoreRefusedError
from kizashi.share.tear_line import splice, tearline
from kizashi.store.tables import audit_entries
from tests.share.conftest import PURPOSE, user

# 中川 is a river here, but the recogniser reads it as a surname: the over-removal to restore
BODY = (
    "事件番号 LO-2026-031 関連。中川の橋の下で夜間に花火のような音。\n"
    "通報者：佐藤 花子（090-1234-5678）。\n"
    "連絡は 090-2222-3333 まで。\n"
)


def _submitted(share: ShareService, code: str = "TLP:GREEN") -> dict[str, Any]:
    return draft_and_submit(
        share,
        user(share, "cc-author"),
        kind="advisory",
        title="河川敷での不審な音",
        body=BODY,
        handling_code=code,
        recipients=["group:adachi-real-estate"],
        purpose=PURPOSE,
        case_ref="LO-2026-031",
    )


def _index(product: dict[str, Any], text: str) -> int:
    return next(
        i
        for i, r in enumerate(product["tearline_removed"])
        if product["body"][r["start"] : r["end"]] == text
    )


def _found(entry: object, key: str) -> object:
    """The value of `key` anywhere in an audit entry's JSON (None if absent)."""
    if isinstance(entry, dict):
        if key in entry:
            return entry[key]
        entry = list(entry.values())
    if isinstance(entry, list):
        for item in entry:
            hit = _found(item, key)
            if hit is not None:
                return hit
    return None


def test_the_tearline_is_its_removals_applied_to_the_full_text() -> None:
    torn = tearline(BODY, "TLP:GREEN")
    assert splice(BODY, torn.removed) == torn.text
    assert "中川" not in torn.text  # the over-removal this file restores


def test_only_the_second_person_restores_a_span(share: ShareService) -> None:
    product = _submitted(share)
    river = _index(product, "中川")
    # persona matrix: the author, an analyst of the desk, another desk, the desk's lead
    with pytest.raises(ForbiddenError, match="PRODUCT-1"):
        share.restore(user(share, "cc-author"), product["id"], river, "a river", PURPOSE)
    with pytest.raises(ForbiddenError, match="PRODUCT-2"):
        share.restore(user(share, "cc-analyst"), product["id"], river, "a river", PURPOSE)
    with pytest.raises(NotFoundError):
        share.restore(user(share, "tk-analyst"), product["id"], river, "a river", PURPOSE)
    lead = user(share, "cc-lead")
    with pytest.raises(InputError, match="reason"):
        share.restore(lead, product["id"], river, " ", PURPOSE)
    restored = share.restore(lead, product["id"], river, "中川 is the river here", PURPOSE)
    assert "中川の橋の下" in restored["tearline"]
    assert "佐藤" not in restored["tearline"] and "090-1234-5678" not in restored["tearline"]
    assert restored["tearline_removed"][river]["restored"]["by"] == lead.id
    # the restore approves nothing: the product still waits for its approval
    assert restored["status"] == "submitted"
    with pytest.raises(ForbiddenError, match="PRODUCT-4"):
        release(share, user(share, "cc-author"), product["id"], PURPOSE)
    with pytest.raises(InputError, match="already restored"):
        share.restore(lead, product["id"], river, "again", PURPOSE)
    approved = share.approve(lead, product["id"], "checked after the restore", PURPOSE)
    assert approved["status"] == "approved"
    assert share.approved_release(approved)  # the approval is of the restored tear-line
    with pytest.raises(InputError, match="submitted"):
        share.restore(lead, product["id"], 0, "too late", PURPOSE)


def test_a_restore_is_in_the_products_history_and_the_audit_log(share: ShareService) -> None:
    product = _submitted(share)
    river = _index(product, "中川")
    lead = user(share, "cc-lead")
    restored = share.restore(lead, product["id"], river, "中川 is the river here", PURPOSE)
    history = [a for a in restored["approvals"] if a["decision"] == "restored"]
    assert len(history) == 1
    assert history[0]["decided_by"] == lead.id
    assert "中川 is the river here" in history[0]["reason"]
    assert f"removal {river} (person" in history[0]["reason"]
    with share.engine.connect() as connection:
        leaf = connection.execute(
            select(audit_entries.c.leaf).where(audit_entries.c.seq == history[0]["audit_seq"])
        ).scalar_one()
    entry = json.loads(leaf)
    assert entry["action"] == "approve"
    assert _found(entry, "restore") == river and _found(entry, "restore_kind") == "person"
    assert "中川" not in leaf  # which removal, never its text


@pytest.mark.parametrize("code", ["TLP:AMBER+STRICT", "TLP:RED"])
def test_a_persons_name_is_never_restored_at_the_named_levels(
    share: ShareService, code: str
) -> None:
    product = _submitted(share, code)
    lead = user(share, "cc-lead")
    with pytest.raises(
        SpanRestoreRefusedError, match=re.escape(f"{code} does not let a removed person")
    ):
        share.restore(lead, product["id"], _index(product, "中川"), "a river", PURPOSE)
    assert share.get(lead, product["id"], PURPOSE)["approvals"] == []
    phone = _index(product, "090-2222-3333")
    restored = share.restore(lead, product["id"], phone, "the hotline, not a person", PURPOSE)
    assert "090-2222-3333" in restored["tearline"]


def test_a_source_detail_is_never_restored(share: ShareService) -> None:
    product = _submitted(share)
    kinds = {r["kind"]: i for i, r in enumerate(product["tearline_removed"])}
    lead = user(share, "cc-lead")
    with pytest.raises(SpanRestoreRefusedError, match="case_number"):
        share.restore(lead, product["id"], kinds["case_number"], "needed", PURPOSE)
    with pytest.raises(InputError, match="removals 0"):
        share.restore(lead, product["id"], 99, "no such removal", PURPOSE)


def test_an_index_naming_no_removal_is_refused_and_audited_as_none(share: ShareService) -> None:
    product = _submitted(share)
    lead = user(share, "cc-lead")
    # beyond JSON's exact integers too: the audit chain keeps only those (the API fuzzer's find)
    with pytest.raises(InputError, match="removals 0"):
        share.restore(lead, product["id"], 2**53, "no such removal", PURPOSE)
    with share.engine.connect() as connection:
        leaf = connection.execute(
            select(audit_entries.c.leaf).order_by(audit_entries.c.seq.desc()).limit(1)
        ).scalar_one()
    entry = json.loads(leaf)
    assert entry["action"] == "approve"
    assert entry["context"]["restore"] is None
    assert entry["context"]["restore_removals"] == len(product["tearline_removed"])
