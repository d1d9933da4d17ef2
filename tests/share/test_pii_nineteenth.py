"""pii19: landmarks that locate a home, table columns, foreign residents' names, court case
numbers, badges and profile links; and public words the sweep and the name rules took.

Each rule has its examples and its ordinary look-alikes, written for the test (not the
held-out family's text)."""

from __future__ import annotations

import pytest

from kizashi.share.pii import _is_common, find_personal_data
from kizashi.share.pii_columns import columns
from kizashi.share.pii_foreign import foreign_and_spaced
from kizashi.share.pii_landmarks import landmarks
from kizashi.share.pii_public import brand_cased, public_after
from kizashi.share.pii_sweep import sweep
from kizashi.share.tear_line import load_rules, tearline


def _found(text: str, kind: str | None = None) -> list[str]:
    return [f.text for f in find_personal_data(text) if kind is None or f.kind == kind]


def _removed(text: str, level: str = "TLP:GREEN") -> list[str]:
    return [text[r["start"] : r["end"]] for r in tearline(text, level).removed]


# ---- landmarks that locate a home ----


@pytest.mark.parametrize(
    ("text", "landmark"),
    [
        (
            "相談者の自宅は市立北野中学校の裏門の斜め向かいで、夜は暗い。",
            "市立北野中学校の裏門の斜め向かい",
        ),
        ("住まいは本町駅南口のパン屋の二階です。", "本町駅南口のパン屋の二階"),
        ("会長宅（桜川公園の南側の赤い屋根の家）に集合。", "桜川公園の南側の赤い屋根の家"),
        ("鍵は神明神社の鳥居の隣のアパートで渡した。", "神明神社の鳥居の隣のアパート"),
        ("自宅目印：ひばり郵便局の向かい", "ひばり郵便局の向かい"),
    ],
)
def test_a_home_described_by_a_landmark_is_removed(text: str, landmark: str) -> None:
    assert [text[s:e] for s, e, _, _ in landmarks(text)] == [landmark]
    assert landmark in _found(text, "landmark")
    torn = tearline(text, "TLP:GREEN").text
    assert landmark not in torn and "［自宅の目印］" in torn


def test_an_english_home_near_a_landmark_is_removed() -> None:
    text = "She rents a flat above the bakery opposite Nishi Park, with her brother."
    assert [text[s:e] for s, e, _, _ in landmarks(text)] == ["above the bakery opposite Nishi Park"]
    assert "[landmark near a home]" in tearline(text, "TLP:GREEN", lang="en").text


@pytest.mark.parametrize(
    "text",
    [
        "会場は日比谷公園の噴水前です。",  # a public place, no home spoken of
        "パトロールは西新井大師の参道から出発します。",
        "自宅前に停めていた車が盗まれた。",  # 自宅 with no description after it
        "自宅はその裏です。",  # a relation but no landmark
        "駅前のマンションで空き巣が多発している。",  # an area, no home of a person
        "最近は駅の近くのアパートが狙われる。",  # an unnamed landmark
        "The rally starts near Hibiya Park at noon.",  # no home
    ],
)
def test_public_places_and_homes_without_a_landmark_stay(text: str) -> None:
    assert landmarks(text) == []


# ---- a column's header says what its cells hold ----


def test_cells_under_an_age_a_name_a_handle_or_a_badge_header_are_taken() -> None:
    text = (
        "no,氏名,年齢,badge,handle\n"
        "1,森岡 直樹,45,K-3301,@naoki_m\n"
        "2,Ana Souza,38,K-3302,ana.souza_9\n"
    )
    cells = {(text[s:e], kind) for s, e, kind, _ in columns(text, _is_common)}
    assert {("45", "age"), ("38", "age"), ("K-3301", "id_number")} <= cells
    assert {("森岡 直樹", "person"), ("Ana Souza", "person"), ("ana.souza_9", "account")} <= cells
    torn = tearline(text, "TLP:GREEN").text
    assert "45" not in torn and "K-3302" not in torn and "ana.souza_9" not in torn


def test_a_markdown_table_s_age_column_is_taken_and_its_empty_cells_stay() -> None:
    text = "| 氏名 | 年齢 |\n|---|---:|\n| 広瀬 みのる | 72 |\n| 不明 | - |\n"
    cells = [(text[s:e], kind) for s, e, kind, _ in columns(text, _is_common)]
    assert ("72", "age") in cells and not any(v in ("-", "不明") for v, _ in cells)
    # through the recogniser too (which reads a table's borders as a form's colons)
    assert "72" in _found(text, "age")
    assert "| 72 |" not in tearline(text, "TLP:GREEN").text


@pytest.mark.parametrize(
    "text",
    [
        "| 区分 | 内容 |\n|---|---|\n| 件数 | 58 |\n",  # a key-value table: no header of a kind
        "品名,数量,単価\nボルト,120,35\n",  # a price list
        "年齢,人数\n",  # a header with no rows
    ],
)
def test_tables_without_a_personal_column_give_nothing(text: str) -> None:
    assert columns(text, _is_common) == []


# ---- foreign residents' names and spaced full names ----


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("the caller, Kang Min-seo, said", "Kang Min-seo"),
        ("interviewed Hye-jin Yoon at the desk", "Hye-jin Yoon"),
        ("victim: Tran Thi Ngoc Anh (27)", "Tran Thi Ngoc Anh"),
        ("contact Huynh Bao Chau today", "Huynh Bao Chau"),
        ("相談者はグエン・ヴァン・ドゥン（31）", "グエン・ヴァン・ドゥン"),
        ("同居人 パク ヘジン が対応", "パク ヘジン"),
        ("登録名は劉 志強、電話は不明", "劉 志強"),
        ("被害者の鰺坂 清美さん", "鰺坂 清美"),
        ("担当は店員舘石 さゆりさん", "舘石 さゆり"),
    ],
)
def test_foreign_and_spaced_names_are_found(text: str, name: str) -> None:
    assert name in [text[s:e] for s, e, _, _ in foreign_and_spaced(text, _is_common)]
    assert name not in tearline(text, "TLP:GREEN").text


@pytest.mark.parametrize(
    "text",
    [
        "ファン・ミーティングは延期になった。",  # ファン is a surname and the English "fan"
        "ホー・チ・ミン市から来た。",  # a city
        "全 商品、半額です。",
        "金 曜日の朝",
        "第一 実行委員会",
        "今日 まゆみさんと会った",
        "Park Avenue and Lee Street are closed.",
        "届 出 書",  # an OCR's spaced heading
        "現 住 所 富山 県砺波市 徳万",  # a spaced address: the municipality is no surname
    ],
)
def test_ordinary_words_are_no_foreign_or_spaced_names(text: str) -> None:
    assert foreign_and_spaced(text, _is_common) == []


def test_a_one_kana_name_recurs_only_as_a_word_of_its_own() -> None:
    text = "購入者はイ・スンミと名乗った。ポイントカードは未登録。"
    torn = tearline(text, "TLP:GREEN").text
    assert "ポイントカード" in torn and "スンミ" not in torn


# ---- ages, badges, profile links, chat speakers, court case numbers ----


@pytest.mark.parametrize(
    ("text", "age"),
    [
        ("孫の大翔くん（7）も見ていた", "（7）"),
        ("a man about 40 years old", "40 years old"),
        ("a 25-year-old student", "25-year-old"),
        ("あの60くらいの人がまた来た", "60くらい"),
        ("40前後の男性が二人", "40前後"),
    ],
)
def test_ages_said_other_ways_are_found(text: str, age: str) -> None:
    assert age in _found(text, "age")


@pytest.mark.parametrize(
    "text", ["100くらいの人が集まった", "会場には30くらいの人がいた", "築40年の家"]
)
def test_counts_are_no_ages(text: str) -> None:
    assert _found(text, "age") == []


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("受付の職員番号 A-31207 が対応", "A-31207"),
        ("staff ID EM-550187 at the gate", "EM-550187"),
        ("出品者名：hoshi_zora_market", "hoshi_zora_market"),
        (
            "see facebook.com/profile.php?id=100077700011 for",
            "facebook.com/profile.php?id=100077700011",
        ),
        ("LinkedIn: linkedin.com/in/kaito-abe-77b1", "linkedin.com/in/kaito-abe-77b1"),
        ("プロフは instagram.com/mika.cafe_life で", "instagram.com/mika.cafe_life"),
    ],
)
def test_badges_handles_and_profile_links_are_found(text: str, value: str) -> None:
    assert value in _found(text)


def test_speakers_after_a_bracketed_time_are_taken_and_a_heading_stays() -> None:
    text = "[21:02] 岡部：見た？\n[21:03] 岡部：あれ\n[21:04] riko_x: うん\n[21:05] 主任：了解"
    found = _found(text)
    assert found.count("岡部") == 2 and "riko_x" in found and "主任" not in found
    assert _found("[10:00] Meeting: budget review\n[10:30] Lunch: canteen") == []


@pytest.mark.parametrize(
    "number",
    ["平成29年(ワ)第4521号", "令和5年（あ）第77号", "2023 (Ne) No. 812", "Reiwa 4 (Wa) 3310"],
)
def test_a_court_s_case_number_is_removed(number: str) -> None:
    text = f"関連事件は{number}である。"
    assert number not in tearline(text, "TLP:GREEN").text
    assert any(r["rule"] == "SRC-COURT-CASE" for r in tearline(text, "TLP:GREEN").removed)


def test_a_year_in_brackets_alone_is_no_case_number() -> None:
    assert "2023" in tearline("売上は2023年(前年比)で5%増。", "TLP:GREEN").text


# ---- public words the sweep and the name rules took ----


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("スギ薬局で見かけた後、コメリ鶴見店にも来た", "コメリ"),
        ("集合は神田神社の境内で", "神田"),
        ("佐川急便を装ったSMS", "佐川急便"),
        ("連絡はWeChatかKakaoTalkで", "WeChat"),
        ("連絡はWeChatかKakaoTalkで", "KakaoTalk"),
        ("the rally at Yoyogi Park on 3 December", "Yoyogi"),
        ("the rally at Yoyogi Park on 3 December", "December"),
        ("a contract with Kuroshio Systems, Inc. in 2024", "Kuroshio"),
    ],
)
def test_public_words_stay(text: str, word: str) -> None:
    assert not any(word in r for r in _removed(text)), _removed(text)


def test_public_predicates() -> None:
    text = "カインズ草加店 佐伯店長"
    assert public_after(text, text.index("草加"))  # カインズ|草加店
    assert not public_after(text, text.index("店長"))  # 佐伯|店長: a post, not a shop
    assert brand_cased("PayPay") and brand_cased("iPhone")
    assert not brand_cased("McDonald") and not brand_cased("Tanaka")


def test_an_unknown_katakana_word_ending_in_a_katakana_facility_is_still_swept() -> None:
    found = sweep("フルネームはミツハシアリーナだそうです", [])
    assert [f.text for f in found] == ["ミツハシアリーナ"]


def test_an_unknown_person_is_still_swept_beside_public_words() -> None:
    assert "佐伯" not in tearline("近所の人が佐伯店長に話した", "TLP:GREEN").text
    assert sweep("田中ではなく頓宮が来た", []) != []


def test_a_shop_named_by_a_surname_stays_and_the_person_does_not() -> None:
    torn = tearline("会合は松井屋さんの二階で。松井さん（54）が案内した。", "TLP:GREEN").text
    assert "松井屋さん" in torn and "松井さん" not in torn


@pytest.mark.parametrize("text", ["土屋さんが来た", "古屋（45）が通報", "小野寺さんの車"])
def test_a_surname_that_ends_like_a_shop_is_still_a_name(text: str) -> None:
    assert _found(text, "person")


def test_the_landmark_kind_has_placeholders_and_is_removed_at_every_level() -> None:
    rules = load_rules()
    assert all("landmark" in words for words in rules.placeholders.values())
    assert all("landmark" in level.personal for level in rules.levels.values())


# ---- a role's holder introducing themself, Chinese names in pinyin, a label run on ----


@pytest.mark.parametrize(
    ("text", "name"),
    [("自治会長の鴫原です。来週の件で", "鴫原"), ("担当の久住でございます。", "久住")],
)
def test_a_role_s_holder_introducing_themself_is_found(text: str, name: str) -> None:
    assert name in _found(text, "person")


@pytest.mark.parametrize("text", ["会長の挨拶です。", "担当の者です。", "店長の判断です。"])
def test_a_role_s_ordinary_word_is_no_self_introduction(text: str) -> None:
    assert _found(text, "person") == []


@pytest.mark.parametrize(
    ("text", "name"),
    [("registered as Zhou Xiaoyan", "Zhou Xiaoyan"), ("Guoqiang Liu wrote", "Guoqiang Liu")],
)
def test_a_chinese_name_in_pinyin_is_found(text: str, name: str) -> None:
    assert name in [text[s:e] for s, e, _, _ in foreign_and_spaced(text, _is_common)]


@pytest.mark.parametrize(
    "text", ["a Feng Shui consultant", "the Hong Kong office", "the Long March", "He Said so"]
)
def test_pinyin_shaped_words_and_places_are_no_chinese_names(text: str) -> None:
    assert foreign_and_spaced(text, _is_common) == []


def test_a_japanese_label_s_value_may_run_on_and_a_latin_label_may_not() -> None:
    assert "mint_k77" in _found("アカウント名mint_k77で購入", "account")
    assert _found("IDsabc_123 were lost", "account") == []
