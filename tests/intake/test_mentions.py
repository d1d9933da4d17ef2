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


def _measured_channels() -> list[str]:
    from kizashi.intake.spec import channel_ids

    return [c for c in channel_ids() if any(m.quantity or m.unit for m in get_channel(c).mentions)]


def test_some_channel_names_a_mention_quantity_and_unit() -> None:
    assert "purchase" in _measured_channels()  # the substance with its quantity and unit


@given(
    value=st.none() | st.sampled_from(["", "硫黄", "Sulfur "]) | st.integers(1, 3),
    quantity=st.none() | st.integers(0, 5) | st.floats(0, 10) | st.sampled_from(["2.5"]),
    unit=st.none() | st.sampled_from(["", "kg", "ｍＬ"]) | st.integers(0, 2),
)
def test_inline_extraction_of_quantity_and_unit_gives_what_each_spec_gives(
    value: object, quantity: object, unit: object
) -> None:
    # A top-level mention with its quantity and unit (a purchase's substance) is read in
    # line; _compile's extractor (through _mention) is the reference, mention by mention.
    from kizashi.intake.mentions import Mention, _compile

    for channel_id in _measured_channels():
        channel = get_channel(channel_id)
        body: dict[str, object] = {}
        for spec in channel.mentions:
            if spec.quantity or spec.unit:
                body[spec.path] = value
                if spec.quantity:
                    body[spec.quantity] = quantity
                if spec.unit:
                    body[spec.unit] = unit
        body = {k: v for k, v in body.items() if v is not None}
        expected: list[Mention] = []
        for spec in channel.mentions:
            _compile(spec)(body, expected)
        found = extract_mentions(channel, body)
        assert found == expected
        assert [type(m) for m in found] == [Mention] * len(expected)


def test_a_purchase_substance_mention_carries_its_quantity_and_unit() -> None:
    body = {"substance": "硫黄", "quantity": 2, "unit": "kg", "retailer": "ホームセンターA"}
    found = extract_mentions(get_channel("purchase"), body)
    substance = [m for m in found if m.kind == "substance"]
    assert [(m.value, m.quantity, m.unit) for m in substance] == [("硫黄", 2.0, "kg")]
    assert type(substance[0].quantity) is float


_AWKWARD = [
    "山本 健太",
    "山本　健太",  # an ideographic space: not NFKC, the general path
    "ワタナベ  ミサキ ",
    "東京都板橋区板橋2-14-14",
    "ﾔﾏﾀﾞ ﾀﾛｳ",
    "Ｙａｍａｄａ",
    "yamada taro",
    "Straße",
    "İstanbul",
    "e\u0301 cole",  # removing the space leaves a combining mark after a letter
    "a \u0301b",
    "x\u00a0y\u2028z\x1cw\u0085v",
    "ﬁle  name",
    "",
    " ",
]


@given(st.lists(st.sampled_from(_AWKWARD), min_size=1, max_size=3).map("".join) | st.text())
def test_normalize_short_path_gives_the_general_paths_key(value: str) -> None:
    # normalize answers the common NFKC, caseless name or address without _fold's calls;
    # _fold twice (as normalize did before) is the reference.
    from kizashi.intake.mentions import _fold

    for kind in ("person", "organisation", "address"):
        assert normalize.__wrapped__(kind, value) == _fold(_fold(value).replace(" ", ""))


def test_str_split_knows_the_white_space_of_the_regular_expression() -> None:
    # _fold folds white space with str.split(), which replaced re.sub(r"\s+", " ", v).strip():
    # the same only while both know the same characters as white space.
    import re

    space = re.compile(r"\s").fullmatch
    differ = [c for c in range(0x110000) if (space(chr(c)) is not None) != chr(c).isspace()]
    assert differ == []


def test_fold_gives_what_the_regular_expression_folding_gave() -> None:
    import re
    import unicodedata

    from kizashi.intake.mentions import _fold

    spaces = re.compile(r"\s+")

    def once(value: str) -> str:  # _fold_once as it was, with the regular expression
        nfkc = unicodedata.normalize
        return spaces.sub(" ", nfkc("NFKC", nfkc("NFKC", value).casefold())).strip()

    for value in [
        "a\u3000b",
        " x\t\ny ",
        "p\x1cq\x1dr",
        "\u2028m\u0085n\u00a0",
        "İ  Ｘ",
        "山本 健太 ",
    ]:
        expected = once(value)
        while once(expected) != expected:
            expected = once(expected)
        assert _fold(value) == expected


_ANY_VALUE = (
    st.none()
    | st.sampled_from(["", "山本　健太", "@Ｙａｍａｄａ", "+81 90-1234-5678", "kg", "2.5"])
    | st.integers(0, 3)
    | st.floats(0, 10)
    | st.booleans()
)


@given(data=st.data())
def test_the_generated_extractor_gives_what_each_mention_spec_gives_for_every_channel(
    data: st.DataObject,
) -> None:
    # mention_extractor writes straight-line code per channel (kizashi.intake.mentions
    # _extractor_source); each spec's own extractor (_compile) is the reference, mention by
    # mention, for every channel: top-level fields with and without qualifier, quantity and
    # unit, and nested or list paths, each present or absent, empty or not, text or not.
    from kizashi.intake.mentions import Mention, _compile
    from kizashi.intake.spec import channel_ids

    for channel_id in channel_ids():
        channel = get_channel(channel_id)
        body: dict[str, object] = {}
        for spec in channel.mentions:
            for name in (spec.path, spec.qualifier, spec.quantity, spec.unit):
                if not name:
                    continue
                if "." in name or "[" in name:
                    head, _, rest = name.partition(".")
                    leaf = rest.split(".")[-1] if rest else head
                    element = {leaf: data.draw(_ANY_VALUE)}
                    if spec.quantity:
                        element[spec.quantity] = data.draw(st.none() | st.integers(0, 3))
                    if spec.unit:
                        element[spec.unit] = data.draw(st.none() | st.sampled_from(["", "g"]))
                    body[head.removesuffix("[]")] = (
                        [element, {}] if head.endswith("[]") else element
                    )
                elif name == spec.quantity:
                    body[name] = data.draw(st.none() | st.integers(0, 5) | st.floats(0, 10))
                else:
                    body[name] = data.draw(_ANY_VALUE)
        body = {k: v for k, v in body.items() if v is not None}
        expected: list[Mention] = []
        for spec in channel.mentions:
            _compile(spec)(body, expected)
        found = extract_mentions(channel, body)
        assert found == expected, channel_id
        assert [type(m) for m in found] == [Mention] * len(expected)
