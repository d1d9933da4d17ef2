"""Comparison levels: the SQL splink runs and the Python twin the live path runs agree, and
the two levels that read what a person writes — a mobile beside a landline, a date with day
and month swapped — say what they should."""

from __future__ import annotations

from typing import Any

import duckdb
import pytest

from kizashi.resolve.default_model import default_model
from kizashi.resolve.levels import (
    EMAIL_SLIP,
    Level,
    day_month_swapped,
    email_slip,
    other_block,
    phone_says_nothing,
)
from kizashi.resolve.model import build_comparisons
from kizashi.resolve.scoring import Scorer

PHONES = [
    (None, None),
    ("09012345678", "mobile"),
    ("08099998888", "mobile"),
    ("0312345678", "landline"),
    ("0612345678", "landline"),
    ("05012345678", "ip"),
]
DATES = [None, "1981-05-11", "1981-11-05", "1982-11-05", "1981-05-12", "1981-01-01", "19810511"]


def _sql_agrees(level: Level, rows: list[tuple[dict[str, Any], dict[str, Any]]]) -> None:
    sql = level.creator.get_comparison_level("duckdb").sql_condition
    columns = sorted(rows[0][0])
    select = ", ".join(
        f"${i + 1}::VARCHAR AS {c}_{s}"
        for i, (c, s) in enumerate((c, s) for s in ("l", "r") for c in columns)
    )
    with duckdb.connect() as db:
        for left, right in rows:
            values = [left[c] for c in columns] + [right[c] for c in columns]
            (by_sql,) = db.execute(
                f"SELECT coalesce({sql}, false) FROM (SELECT {select})", values
            ).fetchone()  # type: ignore[misc]
            assert by_sql == level.test(left, right), (left, right)


def test_the_phone_levels_sql_and_python_agree() -> None:
    rows = [
        ({"phone": a, "phone_kind": ka}, {"phone": b, "phone_kind": kb})
        for a, ka in PHONES
        for b, kb in PHONES
    ]
    _sql_agrees(phone_says_nothing(), rows)


def test_the_swapped_date_levels_sql_and_python_agree() -> None:
    rows = [({"birth_date": a}, {"birth_date": b}) for a in DATES for b in DATES]
    _sql_agrees(day_month_swapped("birth_date", "swapped"), rows)


@pytest.mark.parametrize(
    ("left", "right", "says_nothing"),
    [
        ("mobile", "landline", True),  # one person's two numbers
        ("ip", "mobile", True),
        ("mobile", "mobile", False),  # two mobiles: two people (its own level)
        ("landline", "landline", False),  # two homes' lines: evidence against
        ("landline", "ip", False),
    ],
)
def test_a_mobile_against_another_kind_of_number_is_no_evidence(
    left: str, right: str, says_nothing: bool
) -> None:
    number = {"mobile": "09012345678", "landline": "0312345678", "ip": "05012345678"}
    other = {"mobile": "08011112222", "landline": "0698765432", "ip": "05099998888"}
    a = {"phone": number[left], "phone_kind": left}
    b = {"phone": other[right], "phone_kind": right}
    (phone,) = [c for c in build_comparisons({"phone": 2}) if c.name == "phone"]
    level = next(level for level in phone.all_levels if level.test(a, b))
    assert level.is_null is says_nothing


def test_day_and_month_swapped_is_a_level_of_its_own_not_another_date() -> None:
    swapped = day_month_swapped("birth_date", "swapped")
    assert swapped.test({"birth_date": "1981-05-11"}, {"birth_date": "1981-11-05"})
    assert not swapped.test({"birth_date": "1981-05-11"}, {"birth_date": "1981-05-11"})
    assert not swapped.test({"birth_date": "1981-05-11"}, {"birth_date": "1982-11-05"})
    assert not swapped.test({"birth_date": "1981-05-11"}, {"birth_date": None})
    scorer = Scorer(default_model())
    _, label = scorer.weights_of({"birth_date": "1981-05-11"}, {"birth_date": "1981-11-05"}).get(
        "birth_date", (0.0, "no evidence")
    )
    assert label != "all other comparisons"


EMAILS = [
    None,
    "taiki.satou@yahoo.co.jp",
    "taiki.satou29@yahoo.co.jp",
    "taiki.satou2@yahoo.co.jp",
    "taiki.satou@docomo.ne.jp",
    "taiki.sator@yahoo.co.jp",
    "taik.satou@yahoo.co.jp",
    "taiki.satou@yaho.co.jp",
    "taikisatou@gmail.com",
    "taikisatou@gmial.com",
    "taiki.satuo@yahoo.co.jp",
    "taiki.satou@yahoo.jp",
    "taiki.satou@docomo.jp",
    "taiki.satou@yahoo.com",
    "taiki_satou@yahoo.co.jp",
    "taiki-satou@yahoo.co.jp",
    "taikisatou@yahoo.co.jp",
    "taiki.satou@yah0o.co.jp",
    "taiki.satou",
    "@yahoo.co.jp",
    "a@b@yahoo.co.jp",
]


def test_the_email_slip_levels_sql_and_python_agree() -> None:
    rows = [({"email": a}, {"email": b}) for a in EMAILS for b in EMAILS]
    _sql_agrees(email_slip(), rows)


@pytest.mark.parametrize(
    ("left", "right", "slip"),
    [
        ("taiki.satou@yahoo.co.jp", "taiki.sator@yahoo.co.jp", True),  # a mistyped letter
        ("taiki.satou@yahoo.co.jp", "taik.satou@yahoo.co.jp", True),  # a letter left out
        ("taiki.satou@yahoo.co.jp", "taiki.satou@yaho.co.jp", True),  # in the provider's name
        ("taiki.satou@yahoo.co.jp", "taiki.satou2@yahoo.co.jp", False),  # another mailbox
        ("taiki.satou2@yahoo.co.jp", "taiki.satou29@yahoo.co.jp", False),
        ("taiki.satou@yahoo.co.jp", "taiki.satou@docomo.ne.jp", False),  # another provider
        ("taiki.satou29@yahoo.co.jp", "taiki.satou@docomo.ne.jp", False),
        ("taiki.satou@yahoo.co.jp", "taiki.satou@yahoo.co.jp", False),  # the same: its own level
        # link42's review: common typos were the full "different e-mail" penalty
        ("koujiokada@gmail.com", "koujiokada@gmial.com", True),  # two letters swapped
        ("tarou.hayashi@outlook.jp", "taoru.hayashi@outlook.jp", True),
        ("ken.takahashi@yahoo.co.jp", "ken.takahashi@yahoo.jp", True),  # .co dropped
        ("ken.takahashi@docomo.ne.jp", "ken.takahashi@docomo.jp", True),  # .ne dropped
        ("ken.takahashi@yahoo.co.jp", "ken.takahashi@yahoo.ne.jp", True),  # one slip
        ("ken.takahashi@gmail.com", "ken.takahashi@gmail.co.jp", False),  # two slips
        ("ken.takahashi@yahoo.co.jp", "ken.takahashi@docomo.jp", False),  # another provider
        ("ken.takahashi@yahoo.co.jp", "ken.takahash@yahoo.jp", False),  # slips on both sides
        ("ken.takahashi@yahoo.co.jp", "kentakahashi@yahoo.co.jp", True),  # a dot dropped
        ("ken.takahashi@yahoo.co.jp", "ken.takahashi@yah0o.co.jp", True),  # a digit for a letter
        ("taiki.satou1@yahoo.co.jp", "taiki.sato1u@yahoo.co.jp", False),  # a number moved
        ("tarou.suzuki@yahoo.co.jp", "tarou-suzuki@yahoo.co.jp", True),  # a separator: a slip
    ],
)
def test_an_email_slip_is_one_mistyped_mailbox_not_a_namesakes_alike_one(
    left: str, right: str, slip: bool
) -> None:
    assert email_slip().test({"email": left}, {"email": right}) is slip


def test_namesakes_mailboxes_spelled_from_one_name_are_not_evidence_of_one_person() -> None:
    """People build a mailbox from their name; namesakes' are alike by construction (link42's
    probe: 佐藤大樹 without a birth date joined another 佐藤大樹 on "e-mail alike")."""
    (email,) = [c for c in build_comparisons({"email": 2}) if c.name == "email"]
    for a, b in [
        ("taiki.satou29@yahoo.co.jp", "taiki.satou@docomo.ne.jp"),
        ("makoto.itou64@gmail.com", "makoto.itou@gmail.com"),
    ]:
        level = next(x for x in email.all_levels if x.test({"email": a}, {"email": b}))
        assert level.label == "all other comparisons", (a, b, level.label)
    level = next(
        x
        for x in email.all_levels
        if x.test({"email": "makoto.itou@gmail.com"}, {"email": "makoto.ito@gmail.com"})
    )
    assert level.label == EMAIL_SLIP


BLOCKS = [
    (None, None),
    ("港区元赤坂", None),  # a town with no block number
    ("港区元赤坂", "港区元赤坂|1-12-21"),
    ("港区元赤坂", "港区元赤坂|4-5-24"),
    ("北区浮間", "北区浮間|1-4-16"),
]


def test_the_other_block_level_sql_and_python_agree() -> None:
    rows = [
        ({"addr_area": a, "addr_block": ab}, {"addr_area": b, "addr_block": bb})
        for a, ab in BLOCKS
        for b, bb in BLOCKS
    ]
    _sql_agrees(other_block(), rows)


def test_two_blocks_of_one_town_are_not_the_same_town_level() -> None:
    """link45: namesakes at 1-4-5 and 4-5-24 of one 町 met at "same town", whose weight counts
    the town as the home (+7.7 on the probe). Two blocks of one town have a level of their
    own, its m fixed (a person's move within the town is rare), below "same town"."""
    (address,) = [c for c in build_comparisons({"addr_area": 1}) if c.name == "address"]
    labels = [level.label for level in address.all_levels]
    assert labels.index("same town, another block") < labels.index("same town")
    other = {"addr_area": "港区元赤坂", "addr_block": "港区元赤坂|4-5-24"}
    home = {"addr_area": "港区元赤坂", "addr_block": "港区元赤坂|1-12-21"}
    no_block = {"addr_area": "港区元赤坂", "addr_block": None}
    level = other_block()
    assert level.test(home, other)
    assert not level.test(home, no_block)  # the town is all one record says: "same town"
    assert level.creator.get_comparison_level("duckdb").as_dict()["fix_m_probability"]
    shipped = {lv["label"]: lv for lv in default_model().levels["address"]}
    assert shipped["same town, another block"]["m"] < shipped["same town, another block"]["u"]
