"""Name normaliser: every script of a name gives the same reading; order and width don't matter."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kizashi.resolve.names import name_key, romaji_key

SAME = [
    ("山田太郎", "ヤマダ タロウ", "やまだ たろう", "Taro Yamada", "YAMADA Tarō", "Taroh Yamada"),
    ("髙橋一郎", "高橋 一郎", "Takahashi Ichiro", "タカハシ イチロウ"),
    ("齋藤 健", "斉藤健", "斎藤 健", "Saitoh Ken", "Saito Ken"),
    ("渡邊 優子", "渡辺優子", "Watanabe Yuko", "Yūko Watanabe"),
    ("本間 純子", "Homma Jyunko", "Honma Junko", "ホンマ ジュンコ"),
    ("佐藤 真一", "Shin'ichi Satō", "Sato Shinichi"),
]


@pytest.mark.parametrize("spellings", SAME)
def test_every_script_of_a_name_gives_one_reading(spellings: tuple[str, ...]) -> None:
    keys = {name_key(s).sorted for s in spellings}
    assert len(keys) == 1, keys


def test_similar_names_stay_apart() -> None:
    assert name_key("山田 太郎").sorted != name_key("山田 太一").sorted
    assert name_key("Taichi Yamada").sorted == name_key("山田 太一").sorted


@pytest.mark.parametrize(
    ("variant", "plain"),
    [("ou", "o"), ("oo", "o"), ("ō", "o"), ("shi", "si"), ("tsu", "tu"), ("chi", "ti")],
)
def test_hepburn_variants_fold(variant: str, plain: str) -> None:
    assert romaji_key(f"ka{variant}ra") == romaji_key(f"ka{plain}ra")


def test_m_before_b_and_p_is_n() -> None:
    assert romaji_key("Kambayashi") == romaji_key("Kanbayashi")
    assert romaji_key("Sampei") == romaji_key("Sanpei")


ROMAJI = st.text(alphabet="aiueokstnhmrgzbpyw", min_size=1, max_size=12)
SPACES = st.sampled_from([" ", "  ", "\u3000", "\t"])


@given(ROMAJI, ROMAJI, SPACES)
def test_order_and_spacing_do_not_matter(family: str, given_name: str, space: str) -> None:
    a = name_key(f"{family}{space}{given_name}").sorted
    b = name_key(f"{given_name.upper()} {family.capitalize()}").sorted
    assert a == b


@given(ROMAJI, ROMAJI)
def test_full_width_is_the_same_as_ascii(family: str, given_name: str) -> None:
    text = f"{family} {given_name}"
    full = "".join(chr(ord(ch) + 0xFEE0) if ch != " " else "\u3000" for ch in text)
    assert unicodedata.normalize("NFKC", full) == text
    assert name_key(full).sorted == name_key(text).sorted


@given(ROMAJI)
def test_romaji_key_is_idempotent(word: str) -> None:
    once = romaji_key(word)
    assert romaji_key(once) == once or len(romaji_key(once)) <= len(once)


@given(st.text(max_size=30))
def test_any_text_gives_a_key_without_error(text: str) -> None:
    key = name_key(text)
    assert all(t.isascii() for t in key.tokens)


@pytest.mark.parametrize(
    ("kanji", "kana"),
    [
        ("佐藤颯太", "サトウ ソウタ"),  # Sudachi alone reads 颯太 as "futa"
        ("佐藤 陽菜", "さとう ひな"),
        ("斎藤淳", "サイトウ ジュン"),  # 淳 is あつし first, じゅん among its readings
        ("高橋樹", "タカハシ イツキ"),
    ],
)
def test_given_names_are_read_from_the_tables(kanji: str, kana: str) -> None:
    written, spoken = name_key(kanji), name_key(kana)
    candidates = {written.sorted, *written.alternatives}
    assert spoken.sorted in candidates
    assert spoken.given in written.given_keys


@pytest.mark.parametrize(
    ("run_together", "spaced"),
    [
        ("ヨシダジュンイチ", "吉田 純一"),
        ("ササキカズヤ", "佐々木 和也"),
        ("やまだたろう", "山田 太郎"),
    ],
)
def test_kana_run_together_is_split_by_name_frequency(run_together: str, spaced: str) -> None:
    key = name_key(run_together)
    assert len(key.tokens) == 2 and key.family and key.given
    assert key.sorted == name_key(spaced).sorted


@pytest.mark.parametrize(
    ("run_together", "family", "given"),
    [
        ("タカノリカツタ", "katuta", "takanori"),
        ("ひでみながさき", "nagasaki", "hidemi"),
        ("トシマササカウチ", "sakauti", "tosimasa"),
    ],
)
def test_kana_run_together_given_name_first_is_split_when_family_first_is_no_name(
    run_together: str, family: str, given: str
) -> None:
    """link44's probe (issue 22): run-together kana in Western order (a form filled in given
    name first) had no family-first cut, stayed one token and never met the same person's
    kanji record, though they shared a birth date and an address. A name family first keeps
    its reading, a voicing slip included (タヅミアキラ is タヅミ|アキラ, not cut the other way)."""
    key = name_key(run_together)
    assert (key.family, key.given) == (family, given)
    assert name_key("ヨシダジュンイチ").family == "yosida"
    assert (name_key("タヅミアキラ").family, name_key("タヅミアキラ").given) == ("tazumi", "akira")


@pytest.mark.parametrize(
    "rare_surname_first",
    ["チグササヤ", "マナミハルキ", "トマルジモン", "ヒカルサダ", "チグサクマ", "チグサタヅ"],
)
def test_a_rare_surname_before_a_given_name_is_not_cut_given_name_first(
    rare_surname_first: str,
) -> None:
    """link44 review: a surname the tables lack that is also a given name (チグサ, マナミ,
    トマル, ヒカル) before a given name that is also a surname (サヤ, ハルキ, ジモン, サダ) was
    cut given name first — the surname read as the given name. A Western-order cut needs its
    surname half plainly a surname (likelier so than a given name by a margin); these stay
    uncut, as on main."""
    from kizashi.resolve.name_parts import split_kana

    assert split_kana(rare_surname_first) is None


@pytest.mark.parametrize(
    ("long_mark", "spelled"),
    [
        ("イトー エージ", "伊藤 英治"),  # a long e is written えい: エー is えい
        ("イトーケーコ", "伊藤恵子"),  # and run together, the mark read as its vowel
        ("サトー タロー", "佐藤 太郎"),
        ("ユーコ サトー", "佐藤 優子"),
    ],
)
def test_a_long_vowel_mark_reads_as_the_vowel_it_stands_for(long_mark: str, spelled: str) -> None:
    key = name_key(long_mark)
    assert key.sorted == name_key(spelled).sorted
    assert key.family in ("ito", "sato")


def test_kana_run_together_with_a_voicing_slip_is_cut_at_the_name_it_slipped_from() -> None:
    # A voicing mark mistyped (セツコ → セヅコ, カズマサ → ガズマサ) leaves a given name no
    # table knows; the known name one mark away gives the cut, and each half keeps its own
    # reading (the given names stay alike: not a conflict).
    typo, right = name_key("サトウセヅコ"), name_key("サトウ セツコ")
    assert (typo.family, typo.given) == ("sato", "sezuko")
    assert right.given == "setuko"
    slipped = name_key("ヒロタガズマサ")
    assert (slipped.family, slipped.given) == ("hirota", "gazumasa")
    # Two known halves are still preferred (ヨシダ|ジュンイチ), and other typos are not cut:
    # a half that is no known name even one voicing mark away leaves the name one word.
    assert name_key("ヨシダジュンイチ").sorted == name_key("吉田 純一").sorted
    assert len(name_key("アオキキウョコ").tokens) == 1
    assert len(name_key("マツダオムサ").tokens) == 1


def test_which_part_is_the_surname() -> None:
    for name in ("山田太郎", "山田 太郎", "Taro Yamada", "YAMADA Taro", "颯太 佐藤"):
        key = name_key(name)
        assert key.family in ("yamada", "sato"), name
        assert key.given in ("taro", "sota"), name


@pytest.mark.parametrize(
    ("name", "generation", "age"),
    [
        ("山田太郎 Jr.", "2", None),
        ("Taro Yamada II", "2", None),
        ("山田太郎(45)", "", 45),
        ("山田 太郎 二世", "2", None),
        ("Naosuke Ii", "", None),  # 井伊 is a surname, not a numeral
        ("山田太郎 II", "2", None),
        ("ヤマダタロウ Jr", "2", None),
        ("YAMADA Taro Sr.", "1", None),
        ("Yamada Jr.", "", None),  # a suffix follows a whole name, not a lone word
    ],
)
def test_generations_and_ages_are_read_off_the_name(
    name: str, generation: str, age: int | None
) -> None:
    key = name_key(name)
    assert (key.generation, key.age) == (generation, age)
    assert "jr" not in key.sorted and "45" not in key.written


def test_a_one_word_name_before_senior_keeps_it_as_a_name() -> None:
    key = name_key("Taro Senior")
    assert key.generation == ""
    assert key.tokens == ("taro", "senior")


@pytest.mark.parametrize(
    ("scanned", "clean"),
    [
        ("ナ力ガワ コ一ジ", "ナカガワ コウジ"),  # 力 for カ, 一 for ー
        ("オオヤマ　工リカ", "大山 絵理加"),  # 工 for エ
        ("イケダ シゲヒ口", "池田 茂弘"),  # 口 for ロ
        ("キ夕ムラ 力ズヨシ", "キタムラ カズヨシ"),  # 夕 for タ
        ("アベ 卜モナリ", "あべ ともなり"),  # 卜 for ト
        ("ニシムラ キヨコ", "二シムラ キヨコ"),  # the other way: 二 for ニ
    ],
)
def test_a_kana_name_with_look_alike_kanji_reads_as_the_kana(scanned: str, clean: str) -> None:
    # A scanned or retyped form puts a kanji that looks like a katakana inside a kana name.
    assert name_key(scanned).sorted == name_key(clean).sorted
    assert name_key(scanned).family == name_key(clean).family


@pytest.mark.parametrize(
    ("name", "tokens"),
    [
        ("工藤 一郎", {"kudo", "itiro"}),  # a real kanji beside 工 and 一: kanji, not kana
        ("一ノ瀬 晶", {"itinose", "akira"}),  # 一 beside ノ, but 瀬 makes it the kanji 一
        ("二宮 和也", {"ninomiya", "kazuya"}),
        ("三ツ矢 八重子", {"mituya", "yaeko"}),
    ],
)
def test_kanji_that_look_like_kana_stay_kanji_in_a_kanji_name(name: str, tokens: set[str]) -> None:
    assert set(name_key(name).tokens) == tokens


def test_old_forms_from_the_itaiji_list_fold_and_a_shared_variant_does_not() -> None:
    # 緜 is an old form of 綿 that Mozc calls 別字; akirakubo's itaiji list has it.
    assert name_key("緜貫 宗").written == name_key("綿貫 宗").written
    assert name_key("緜貫 宗").sorted == name_key("綿貫 宗").sorted
    # 畍 is listed under both 堺 and 界: folding it would make the two one character.
    assert name_key("堺 太郎").written != name_key("界 太郎").written


def test_two_capitalised_romaji_words_run_together_are_cut_at_the_capital() -> None:
    """Found by link35's probe: a sign-up form that joins its two name boxes (MioOkamura,
    KiyomiIshii) was one word, its long-vowel fold reading "miokamura". Cut at the capital it
    is the spaced name; a Western surname's prefix (McDonald) and capitals alone are kept."""
    assert name_key("MioOkamura").tokens == name_key("Mio Okamura").tokens
    assert name_key("KiyomiIshii").family == name_key("Kiyomi Ishii").family == "isi"
    assert name_key("McDonald").tokens == name_key("mcdonald").tokens
    assert name_key("DeLuca").tokens == name_key("deluca").tokens
    assert name_key("MIOOKAMURA").tokens == name_key("miookamura").tokens


def test_the_dotted_tsuchi_folds_to_tsuchi_not_kawa() -> None:
    """Found by qa14's review: variant_kanji.yaml folded 𡈽 (the dotted 土 of 𡈽屋) to 川, so
    𡈽屋 met 川屋 and never 土屋."""
    assert name_key("𡈽屋 一郎").written == name_key("土屋 一郎").written
    assert name_key("𡈽屋 一郎").written != name_key("川屋 一郎").written
