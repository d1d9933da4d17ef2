from hypothesis import given
from hypothesis import strategies as st

from kizashi.intake.mentions import extract_mentions, normalize
from kizashi.intake.spec import get_channel


def test_japanese_phone_formats_share_one_key() -> None:
    forms = [
        "090-1234-5678",
        "09012345678",
        "+81 90 1234 5678",
        "＋８１９０１２３４５６７８",
        "(090)1234-5678",
    ]
    assert {normalize("phone", f) for f in forms} == {"09012345678"}


def test_landline_with_country_code() -> None:
    assert normalize("phone", "+81-3-1234-5678") == "0312345678"


def test_handles_fold_case_width_and_at_sign() -> None:
    assert normalize("account", "＠Ｙａｍａｄａ") == normalize("account", "yamada")


def test_person_names_ignore_spacing_and_width() -> None:
    assert normalize("person", "山田　太郎") == normalize("person", "山田太郎")
    assert normalize("person", "ﾔﾏﾀﾞ ﾀﾛｳ") == normalize("person", "ヤマダタロウ")


@given(st.text())
def test_normalize_is_idempotent_for_names(value: str) -> None:
    once = normalize("person", value)
    assert normalize("person", once) == once


def test_list_paths_yield_one_mention_per_element_with_its_index() -> None:
    body = {"persons": [{"name": "甲", "phone": "03-1111-2222"}, {"name": "乙"}]}
    found = extract_mentions(get_channel("partner_report"), body)
    assert [(m.kind, m.path) for m in found] == [
        ("person", "persons[0].name"),
        ("person", "persons[1].name"),
        ("phone", "persons[0].phone"),
    ]


def test_substances_carry_quantity_and_unit() -> None:
    body = {"retailer": "R", "substance": "硝酸カリウム", "quantity": 3.0, "unit": "kg"}
    substance = [
        m for m in extract_mentions(get_channel("purchase"), body) if m.kind == "substance"
    ]
    assert [(m.value, m.quantity, m.unit) for m in substance] == [("硝酸カリウム", 3.0, "kg")]


def _reference_fold(value: str) -> str:
    """The fold as first written: NFKC, casefold, NFKC, spaces, until nothing changes."""
    import re
    import unicodedata

    for _ in range(4):
        again = re.sub(
            r"\s+",
            " ",
            unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", value).casefold()),
        ).strip()
        if again == value:
            break
        value = again
    return value


@given(st.text(alphabet=st.characters(codec="utf-8")) | st.text(alphabet="aAｱ　 \tİ\u0307ﾞﾟ山ＡＢ"))
def test_the_quick_fold_gives_the_reference_fold(value: str) -> None:
    from kizashi.intake.mentions import _fold

    assert _fold(value) == _reference_fold(value)


def _qualified_channels() -> list[str]:
    from kizashi.intake.spec import channel_ids

    return [c for c in channel_ids() if any(m.qualifier for m in get_channel(c).mentions)]


def test_some_channel_names_a_mention_qualifier() -> None:
    assert "sns_post" in _qualified_channels()  # the account and its platform


@given(
    platform=st.none() | st.sampled_from(["", "x", "threads"]) | st.integers(0, 3),
    handle=st.none() | st.sampled_from(["", "@Ｙａｍａｄａ", "user_1"]) | st.integers(1, 9),
)
def test_inline_extraction_gives_what_each_mention_spec_gives(
    platform: object, handle: object
) -> None:
    # extract() reads top-level fields (with or without a qualifier) in line; the per-spec
    # extractors (_compile) are the reference for the same body, mention by mention.
    from kizashi.intake.mentions import Mention, _compile

    for channel_id in _qualified_channels():
        channel = get_channel(channel_id)
        body: dict[str, object] = {}
        for spec in channel.mentions:
            if "." not in spec.path and "[" not in spec.path:
                body[spec.path] = handle
            if spec.qualifier:
                body[spec.qualifier] = platform
        body = {k: v for k, v in body.items() if v is not None}
        expected: list[Mention] = []
        for spec in channel.mentions:
            _compile(spec)(body, expected)
        found = extract_mentions(channel, body)
        assert found == expected
        assert [type(m) for m in found] == [Mention] * len(expected)
