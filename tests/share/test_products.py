"""Products through the store: four-eyes release, the tear-line that leaves, traced copies."""

from __future__ import annotations

from datetime import datetime, timedelta

import orjson
import pytest

from kizashi.errors import ForbiddenError, InputError, NotFoundError
from kizashi.guard.identity import create_compartment
from kizashi.share import (
    ShareService,
    acknowledge,
    ask,
    draft_and_submit,
    inbox,
    read_copy,
    release,
)
from kizashi.share.tear_line import leftovers
from kizashi.store import transaction
from kizashi.trace import find
from tests.share.conftest import PURPOSE, user

SEEDED = [
    "山田 太郎",
    "ヤマダ タロウ",
    "東京都足立区千住3-5-2",
    "サンハイツ千住201号室",
    "090-1234-5678",
    "taro.yamada@example.jp",
    "@yamada_t0",
    "1234 5678 9012",
    "足立 300 あ 12-34",
    "LO-2026-031",
    "佐藤 花子",
]
BODY = """事件番号 LO-2026-031 に関連し、東京都足立区千住3-5-2 サンハイツ千住201号室の貸車庫で、
借主の山田 太郎（ヤマダ タロウ、34歳）が夜間に金属を加工する音と火薬のようなにおいが確認されました。
連絡先 090-1234-5678、taro.yamada@example.jp、SNSアカウント @yamada_t0。個人番号 1234 5678 9012。
車両は足立 300 あ 12-34。通報者：佐藤 花子（管理会社）。
{{不審な|怪しい}}音やにおいに{{気づいたら|気付いたら}}、{{直ちに|すぐに}}110番通報をお願いします。
"""


def _submitted(share: ShareService) -> dict:
    return draft_and_submit(
        share,
        user(share, "cc-author"),
        kind="advisory",
        title="貸車庫での不審な金属加工音と火薬臭について",
        body=BODY,
        handling_code="TLP:GREEN",
        recipients=["group:adachi-real-estate"],
        purpose=PURPOSE,
        case_ref="LO-2026-031",
    )


def test_the_tearline_of_a_seeded_product_holds_none_of_its_personal_data(
    share: ShareService,
) -> None:
    product = _submitted(share)
    assert product["status"] == "submitted"
    assert leftovers(product["tearline"], SEEDED) == []
    assert "東京都足立区" in product["tearline"]  # the address generalised, not erased
    assert "110番" in product["tearline"]
    review = share.review(user(share, "cc-lead"), product["id"], PURPOSE)
    assert any(line.startswith("-") and "山田" in line for line in review["diff"])
    assert {r["kind"] for r in review["tearline_removed"]} >= {"person", "address", "phone"}


def test_no_product_leaves_without_a_second_persons_approval(share: ShareService) -> None:
    author, lead, analyst = (user(share, n) for n in ("cc-author", "cc-lead", "cc-analyst"))
    product = _submitted(share)
    with pytest.raises(ForbiddenError, match="PRODUCT-4"):
        release(share, author, product["id"], PURPOSE)
    with pytest.raises(ForbiddenError, match="PRODUCT-2"):
        share.approve(analyst, product["id"], "looks right to me", PURPOSE)
    with pytest.raises(NotFoundError):  # another desk does not even see it
        share.approve(user(share, "tk-analyst"), product["id"], "ok", PURPOSE)
    with pytest.raises(InputError, match="reason"):
        share.approve(lead, product["id"], "", PURPOSE)
    approved = share.approve(
        lead, product["id"], "tear-line checked; no source detail left", PURPOSE
    )
    assert approved["status"] == "approved"
    assert approved["approvals"][0]["decided_by"] == lead.id
    # What `kizashi share show` prints: every key a plain str (orjson refuses SQLAlchemy's
    # quoted_name, and the command failed on an approved product).
    review = share.review(lead, product["id"], PURPOSE)
    assert orjson.loads(orjson.dumps(review, default=str))["approvals"][0]["decision"] == "approved"


def test_the_author_never_approves_their_own_product(share: ShareService) -> None:
    lead = user(share, "cc-lead")
    product = draft_and_submit(
        share,
        lead,
        kind="bulletin",
        title="注意",
        body=BODY,
        handling_code="TLP:AMBER",
        recipients=["partner:otsuka-housing"],
        purpose=PURPOSE,
    )
    with pytest.raises(ForbiddenError, match="PRODUCT-1"):
        share.approve(lead, product["id"], "my own", PURPOSE)


def test_a_released_advisory_reaches_each_partner_and_a_leak_names_its_recipient(
    share: ShareService,
) -> None:
    author, lead = user(share, "cc-author"), user(share, "cc-lead")
    product = _submitted(share)
    share.approve(lead, product["id"], "tear-line checked", PURPOSE)
    released = release(share, author, product["id"], PURPOSE)
    assert released["status"] == "released"
    assert {c["recipient"] for c in released["copies"]} == {"p-adachi", "p-otsuka"}
    otsuka, other = user(share, "p-otsuka"), user(share, "p-other")
    box = inbox(share, otsuka, "")
    assert [b["product_id"] for b in box] == [product["id"]]
    assert inbox(share, other, "") == []
    content, media = read_copy(share, otsuka, box[0]["delivery_id"], "")
    text = content.decode("utf-8")
    assert media.startswith("text/") and "110番" in text and "山田" not in text
    with pytest.raises(NotFoundError):
        read_copy(share, other, box[0]["delivery_id"], "")
    assert acknowledge(share, otsuka, box[0]["delivery_id"], "")["acknowledged_at"]
    asked = ask(share, otsuka, box[0]["delivery_id"], "同様の音を聞いた場合の連絡先は？", "")
    assert asked["report_id"]
    # the leak: the partner's copy turns up pasted into a chat
    from kizashi.guard.identity import create_user
    from kizashi.store import transaction

    with transaction(share.engine) as connection:
        create_user(connection, "insp", role="analyst", desk="inspection")
    trace = share.trace
    result = find(
        trace, user(share, "insp"), content, "leak.md", purpose="leak of the Adachi advisory"
    )
    top = result["products"][0]["candidates"][0]
    assert top["recipient"] == "p-otsuka" and top["named"]


def test_a_compartments_name_leaves_the_title_as_it_leaves_the_body(
    share: ShareService, now: datetime
) -> None:
    """The title's tear-line was made without the product's sensitive terms: a compartment
    named in the title went out to every recipient."""
    with transaction(share.engine) as connection:
        create_compartment(
            connection,
            "KESTREL",
            desk="lone-offender",
            valid_from=now,
            valid_until=now + timedelta(days=30),
        )
    product = draft_and_submit(
        share,
        user(share, "cc-author"),
        kind="advisory",
        title="KESTREL 関連：貸車庫での不審な金属加工音",
        body="KESTREL の件で、貸車庫での金属加工音に注意してください。",
        handling_code="TLP:GREEN",
        recipients=["group:adachi-real-estate"],
        purpose=PURPOSE,
        case_ref="LO-2026-031",
    )
    assert "KESTREL" not in product["tearline"]
    assert "KESTREL" not in product["title"]
    assert "貸車庫" in product["title"]
