"""`kizashi link FILE`: the one linker through the command line, CSV or JSONL."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kizashi.cli import app
from kizashi.resolve.evaluate import pairwise, read_ja_set
from kizashi.resolve.records import canonical_field
from tests.depth import sample

runner = CliRunner()
FIELDS = ["id", "name", "name_kana", "name_romaji", "birth_date", "phone", "email", "address"]


@pytest.fixture(scope="module")
def people() -> list[dict[str, str]]:
    return [{k: str(v) for k, v in r.items()} for r in read_ja_set()[:400]]


def _clusters(output: str) -> dict[str, str]:
    return {r["id"]: r["cluster"] for r in map(json.loads, output.splitlines())}


def test_a_csv_and_its_jsonl_give_the_same_clusters(
    people: list[dict[str, str]], tmp_path: Path
) -> None:
    as_csv = tmp_path / "people.csv"
    with as_csv.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, FIELDS, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(people)
    as_jsonl = tmp_path / "people.jsonl"
    as_jsonl.write_text(
        "\n".join(
            json.dumps({k: r[k] for k in FIELDS if k in r}, ensure_ascii=False) for r in people
        )
    )
    # No option: the column named "id" holds the ids (the issue's `kizashi link FILE`).
    from_csv = runner.invoke(app, ["link", str(as_csv)])
    from_jsonl = runner.invoke(app, ["link", str(as_jsonl)])
    assert from_csv.exit_code == 0 and from_jsonl.exit_code == 0, from_csv.output
    clusters = _clusters(from_csv.stdout)
    assert set(clusters) == {r["id"] for r in people}
    assert clusters == _clusters(from_jsonl.stdout)
    assert pairwise(clusters, {r["id"]: r["truth"] for r in people}).f1 > 0.9


@pytest.mark.parametrize("suffix", [".csv", ".jsonl"])
def test_a_febrl_style_rec_id_column_needs_no_option(
    people: list[dict[str, str]], tmp_path: Path, suffix: str
) -> None:
    rows = [{"REC_ID": r["id"], **{k: r[k] for k in FIELDS[1:] if k in r}} for r in people[:60]]
    path = tmp_path / f"febrl{suffix}"
    if suffix == ".csv":
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, ["REC_ID", *FIELDS[1:]], extrasaction="ignore")
            writer.writeheader()
            writer.writerows(rows)
    else:
        path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows))
    result = runner.invoke(app, ["link", str(path)])
    assert result.exit_code == 0, result.output
    assert set(_clusters(result.stdout)) == {r["id"] for r in people[:60]}


def _register(path: Path, id_header: str, people: list[dict[str, str]]) -> Path:
    """A partner's register of the first 80 people, its id column headed `id_header`."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([id_header, "氏名", "フリガナ", "生年月日", "携帯電話"])
        for r in people[:80]:
            writer.writerow(
                [r["id"], *(r.get(k, "") for k in ("name", "name_kana", "birth_date", "phone"))]
            )
    return path


@pytest.fixture(scope="module")
def register_headed_id(
    people: list[dict[str, str]], tmp_path_factory: pytest.TempPathFactory
) -> dict[str, str]:
    """The clusters of the register with its id column headed ``id`` (linked once for every
    header it is compared with)."""
    path = _register(tmp_path_factory.mktemp("register") / "register.csv", "id", people)
    result = runner.invoke(app, ["link", str(path)])
    assert result.exit_code == 0, result.output
    return _clusters(result.stdout)


# Each header is a `kizashi link` run of seconds: the 受付番号 and a full-width ＩＤ by
# default, all four in the deep run (tests/depth.py).
@pytest.mark.deep
@pytest.mark.parametrize(
    "id_header", sample(["受付番号", "管理番号", "ＩＤ", "No."], ["受付番号", "ＩＤ"])
)
def test_a_japanese_register_id_column_needs_no_option(
    people: list[dict[str, str]], register_headed_id: dict[str, str], tmp_path: Path, id_header: str
) -> None:
    """Before: a partner's sheet numbered 受付番号 (or a full-width ＩＤ) stopped `kizashi link
    FILE` with "no column named id"; the clusters are those of the same file headed ``id``."""
    result = runner.invoke(
        app, ["link", str(_register(tmp_path / "register.csv", id_header, people))]
    )
    assert result.exit_code == 0, result.output
    headed = _clusters(result.stdout)
    assert set(headed) == {r["id"] for r in people[:80]}
    assert headed == register_headed_id


@pytest.mark.parametrize(
    ("header", "message"),
    [
        ("name,phone", "no column named id, rec_id"),
        ("id,rec_id,name", "several columns could hold the record id ('id', 'rec_id')"),
    ],
)
def test_ids_not_named_or_named_twice_ask_for_the_option(
    tmp_path: Path, header: str, message: str
) -> None:
    path = tmp_path / "people.csv"
    values = ",".join(["1", "2", "山田太郎"][-len(header.split(",")) :])
    path.write_text(f"{header}\n{values}\n", encoding="utf-8")
    result = runner.invoke(app, ["link", str(path)])
    assert result.exit_code == 3, result.output
    assert message in result.output and "--id-field" in result.output
    assert f"columns: {', '.join(repr(c) for c in header.split(','))}" in result.output


def test_bad_input_names_the_problem(tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_text("name,phone\n山田太郎,090-1234-5678\n", encoding="utf-8")
    missing = runner.invoke(app, ["link", str(path), "--id-field", "id"])
    assert missing.exit_code != 0 and "'id'" in missing.output
    empty_block = runner.invoke(app, ["link", str(path), "--id-field", "name", "--block", " , "])
    assert empty_block.exit_code != 0 and "--block" in empty_block.output


@pytest.mark.parametrize("suffix", [".csv", ".jsonl"])
def test_ids_written_in_full_width_come_back_as_the_file_spells_them(
    people: list[dict[str, str]], tmp_path: Path, suffix: str
) -> None:
    """Before: the linker keyed records by the NFKC id and the output looked the file's own
    spelling up, so one full-width id (an Excel export's ＩＤ) ended the run in a KeyError."""
    wide = {str(n): "".join(chr(ord(c) + 0xFEE0) for c in str(n)) for n in range(900, 903)}
    rows = [dict(r, id=wide.get(r["id"], r["id"])) for r in people[:60]]
    rows += [dict(people[0], id=wide_id) for wide_id in wide.values()]
    path = tmp_path / f"people{suffix}"
    if suffix == ".csv":
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, FIELDS, extrasaction="ignore")
            writer.writeheader()
            writer.writerows(rows)
    else:
        path.write_text(
            "\n".join(
                json.dumps({k: r[k] for k in FIELDS if k in r}, ensure_ascii=False) for r in rows
            )
        )
    result = runner.invoke(app, ["link", str(path), "--id-field", "id"])
    assert result.exit_code == 0, result.output
    clusters = _clusters(result.stdout)
    assert set(wide.values()) <= set(clusters)
    # The three copies of one person, keyed by their ASCII ids, are one cluster.
    assert len({clusters[w] for w in wide.values()}) == 1


# Each case is two `kizashi link` runs of seconds: by default the plain ids (Arrow's way) and
# the id that is neither ASCII nor free of escapes; the other two escapes in the deep run.
@pytest.mark.deep
@pytest.mark.parametrize("odd", sample(["", 'say "hi"', "back\\slash", "タブ\t"], ["", "タブ\t"]))
def test_a_csv_writes_the_same_bytes_as_record_by_record(
    people: list[dict[str, str]], tmp_path: Path, odd: str
) -> None:
    """A CSV's plain ids (printable ASCII, here padded with spaces) are written by Arrow; one
    id that JSON must escape (or that is not ASCII) sends the whole file the record-by-record
    way. Either gives the bytes the JSONL input (always record by record) gives."""
    rows = [dict(r, id=f" {r['id']}-x~! ") for r in people[:80]]
    if odd:
        rows[5] = dict(rows[5], id=odd)
    as_csv, as_jsonl = tmp_path / "people.csv", tmp_path / "people.jsonl"
    with as_csv.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, FIELDS, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    as_jsonl.write_text(
        "\n".join(json.dumps({k: r[k] for k in FIELDS if k in r}, ensure_ascii=False) for r in rows)
    )
    from_csv = runner.invoke(app, ["link", str(as_csv), "--id-field", "id"])
    from_jsonl = runner.invoke(app, ["link", str(as_jsonl), "--id-field", "id"])
    assert from_csv.exit_code == 0 and from_jsonl.exit_code == 0, from_csv.output
    assert from_csv.stdout_bytes == from_jsonl.stdout_bytes
    assert f'"id":"{people[0]["id"]}-x~!"' in from_csv.stdout


JAPANESE_HEADERS = {"id": "番号", "name": "氏名", "name_kana": "フリガナ", "name_romaji": "ローマ字",
                    "birth_date": "生年月日", "phone": "電話番号", "email": "メールアドレス",
                    "address": "住所"}  # fmt: skip


def test_japanese_and_english_variant_headers_read_as_the_fields_they_name(
    people: list[dict[str, str]], tmp_path: Path
) -> None:
    """An agency's spreadsheet says 氏名, フリガナ, 生年月日…: before, each was a generic text
    column (x_氏名) and no name, reading or date was compared as one."""
    english = tmp_path / "english.csv"
    with english.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, FIELDS, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(people)
    japanese = tmp_path / "japanese.csv"
    with japanese.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, [JAPANESE_HEADERS[f] for f in FIELDS])
        writer.writeheader()
        writer.writerows({JAPANESE_HEADERS[f]: r.get(f, "") for f in FIELDS} for r in people)
    from_english = runner.invoke(app, ["link", str(english)])
    from_japanese = runner.invoke(app, ["link", str(japanese), "--id-field", "番号"])
    assert from_english.exit_code == 0 and from_japanese.exit_code == 0, from_japanese.output
    assert _clusters(from_japanese.stdout) == _clusters(from_english.stdout)


@pytest.mark.parametrize(
    ("header", "field"),
    [("E-mail", "email"), ("Date of birth", "birth_date"), ("氏名（カナ）", "name_kana"),
     ("ＴＥＬ", "phone"), ("氏名・カナ", "name_kana"), ("First Name", "given_name"),
     ("Addr", "address"), ("備考", None)],
)  # fmt: skip
def test_a_header_is_read_in_any_case_width_and_separator(header: str, field: str | None) -> None:
    assert canonical_field(header) == field


_HOME = ("東京都世田谷区北沢2-1-1", "03-3456-7890", "yamada.family@example.jp")


_FAMILY_HEADERS = [
    ("受付番号", "氏名", "生年月日", "自宅電話", "住所", "メール"),
    ("id", "name", "birth_date", "Home Phone", "Postal Address", "email"),
    ("id", "name", "birth_date", "Landline", "Postal Address", "email"),
]


# Each header is two `kizashi link` runs: the Japanese and one English home line by default,
# the other English name of it in the deep run.
@pytest.mark.deep
@pytest.mark.parametrize("header", sample(_FAMILY_HEADERS, _FAMILY_HEADERS[:2]))
def test_a_father_and_son_sharing_every_household_column_are_two_people(
    tmp_path: Path, header: tuple[str, ...]
) -> None:
    """Issue 22 (link29): a son born 1989 with his father's name (born 1961), home, landline
    and family mailbox joined him through `kizashi link`: in a file this small the generic
    home-line and address columns counted as personal identifiers (and, with no known address
    or phone column, the file was taken for one without families at all). Only what a person
    carries alone overrules a generation; a date typed wrong (04-03 / 04-08) is still one man."""
    address, landline, mail = _HOME
    rows = [
        ("1", "山田 太郎", "1961-04-03", landline, address, mail),
        ("2", "ヤマダ タロウ", "1961-04-08", "0334567890", "世田谷区北沢2丁目1番1号", mail),
        ("3", "山田 太郎", "1989-07-21", landline, address, mail),
        ("4", "ヤマダ タロウ", "1989/7/21", "0334567890", "世田谷区北沢2丁目1番1号", mail),
        ("5", "佐藤 花子", "1975-02-11", "", "大阪府大阪市北区梅田1-1-1", ""),
    ]
    path = tmp_path / "family.csv"
    with path.open("w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows([header, *rows])
    result = runner.invoke(app, ["link", str(path)])
    assert result.exit_code == 0, result.output
    found = _clusters(result.output)
    assert found["1"] == found["2"]  # the father, one date mistyped
    assert found["3"] == found["4"]  # the son
    assert found["1"] != found["3"]
    # One record each, as the file had: still two people.
    one_each = tmp_path / "one_each.csv"
    with one_each.open("w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows([header, rows[0], rows[2], rows[4]])
    result = runner.invoke(app, ["link", str(one_each)])
    assert result.exit_code == 0, result.output
    found = _clusters(result.output)
    assert found["1"] != found["3"]


@pytest.mark.parametrize(
    ("father", "son"),
    [
        ("1961-04-03", "1981-04-03"),  # one digit apart (lead, thirteenth session)
        ("1948-04-03", "1984-04-03"),  # the decade's digits transposed (its review)
    ],
)
def test_a_son_born_on_his_fathers_birthday_is_not_read_as_a_slip(
    tmp_path: Path, father: str, son: str
) -> None:
    """A son born on his father's birthday a generation later, sharing the home's landline,
    address and mailbox, joined him: the typist's test called the two dates one (one digit
    changed, or two transposed)."""
    address, landline, mail = _HOME
    header = ("受付番号", "氏名", "生年月日", "自宅電話", "住所", "メール")
    rows = [
        ("1", "山田 太郎", father, landline, address, mail),
        ("2", "山田 太郎", son, landline, address, mail),
        ("3", "佐藤 花子", "1975-02-11", "03-1111-2222", "大阪府大阪市北区梅田1-1-1", ""),
        ("4", "佐藤 花子", "1975-02-11", "03-1111-2222", "大阪府大阪市北区梅田1-1-1", ""),
    ]
    path = tmp_path / "birthday.csv"
    with path.open("w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows([header, *rows])
    result = runner.invoke(app, ["link", str(path)])
    assert result.exit_code == 0, result.output
    found = _clusters(result.output)
    assert found["1"] != found["2"]
    assert found["3"] == found["4"]


def _link_csv(tmp_path: Path, rows: list[tuple[str, ...]]) -> dict[str, str]:
    path = tmp_path / "one_mobile.csv"
    with path.open("w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows([("id", "name", "birth_date", "phone", "address"), *rows])
    result = runner.invoke(app, ["link", str(path)])
    assert result.exit_code == 0, result.output
    return _clusters(result.output)


_MOBILE, _HOUSE = "090-1234-5678", "東京都世田谷区北沢2丁目1番1号"


def test_a_father_and_son_of_one_name_on_one_family_mobile_are_two_people(
    tmp_path: Path,
) -> None:
    """link37's review (issue 22): 山田 太郎 born 1970 and 山田 太郎 born 1998 on the same mobile
    and address were one entity — the mobile overruled the birth dates, 28 years apart. So
    were twins with two kanji names on the family mobile, and a grandfather and grandson;
    a record with no name and only the father's birth date joined them, and two empty rows
    were one person. The same man's records (a day mistyped, an era date, a year alone, his
    name in kana) still link."""
    rows = [
        ("1", "山田 太郎", "1970-04-03", _MOBILE, _HOUSE),
        ("2", "山田 太郎", "1998-06-12", _MOBILE, _HOUSE),
        ("3", "ヤマダ タロウ", "1970-04-04", _MOBILE, _HOUSE),
        ("4", "山田 太郎", "昭和45年4月3日", _MOBILE, ""),
        ("5", "山田 太郎", "1970", _MOBILE, _HOUSE),
        ("6", "鈴木 健太", "2001-05-05", "080-2222-3333", "神奈川県横浜市港北区日吉3丁目5番8号"),
        ("7", "鈴木 翔太", "2001-05-05", "080-2222-3333", "神奈川県横浜市港北区日吉3丁目5番8号"),
        ("8", "田中 正雄", "1935-01-20", "090-5555-6666", "福岡県福岡市中央区天神2丁目3番4号"),
        ("9", "田中 正雄", "1995-11-02", "090-5555-6666", "福岡県福岡市中央区天神2丁目3番4号"),
        ("10", "", "1970-04-03", "", ""),
        ("11", "", "", "", ""),
        ("12", "", "", "", ""),
        ("13", "佐藤 花子", "1975-02-11", "03-1111-2222", "大阪府大阪市北区梅田1-1-1"),
        ("14", "佐藤 花子", "1975-02-11", "03-1111-2222", "大阪府大阪市北区梅田1-1-1"),
    ]
    found = _link_csv(tmp_path, rows)
    assert found["1"] == found["3"] == found["4"] == found["5"]  # the father
    assert found["1"] != found["2"]  # his son
    assert found["6"] != found["7"]  # twins
    assert found["8"] != found["9"]  # grandfather, grandson
    assert found["10"] not in {found[k] for k in found if k != "10"}  # a birth date alone
    assert found["11"] != found["12"]  # two empty rows are not one person
    assert found["13"] == found["14"]
    # A year alone a generation from the son's date is no slip either.
    found = _link_csv(tmp_path, [rows[1], ("5", "山田 太郎", "1970", _MOBILE, _HOUSE)])
    assert found["2"] != found["5"]


def test_twins_written_as_read_on_one_family_mobile_are_two_people(tmp_path: Path) -> None:
    """link41 (issue 22): twins in kana or romaji (スズキ ハナコ / スズキ ヨウコ, Hanako / Yoko),
    or one in kanji and one as read, on one birth date, mobile and address were one entity
    through `kizashi link`; so were 花子 / 葉子 in kanji. One woman's records in kana,
    kanji and a passport spelling still link."""
    born, house = "1990-03-03", _HOUSE
    rows = [
        ("1", "スズキ ハナコ", born, _MOBILE, house),
        ("2", "スズキ ヨウコ", born, _MOBILE, house),
        ("3", "Hanako Kato", born, "080-1111-2222", house),
        ("4", "加藤 葉子", born, "080-1111-2222", house),
        ("5", "山本 花子", born, "080-3333-4444", house),
        ("6", "山本 葉子", born, "080-3333-4444", house),
        ("7", "清水 葉子", "1982-03-03", "080-5555-6666", house),
        ("8", "シミズ ヨウコ", "1982-03-03", "080-5555-6666", house),
        ("9", "Yohko Shimizu", "1982-03-03", "080-5555-6666", house),
    ]
    found = _link_csv(tmp_path, rows)
    assert found["1"] != found["2"]
    assert found["3"] != found["4"]
    assert found["5"] != found["6"]
    assert found["7"] == found["8"] == found["9"]


def test_a_year_and_month_is_a_partial_date_not_the_first_of_a_month(tmp_path: Path) -> None:
    """link40's review: 1958-11 was read as 1958-01-01 (1980-05 as 1980-00-05), a birth date
    that conflicts with 1958-11-11 — decisive against the shared mobile. A year and month
    (YYYY-MM, YYYY/MM, YYYY.MM, 年月) is a partial date: it links the full date it fits."""
    rows = [
        ("1", "岡田 浩", "1958-11-11", "090-3030-4040", "東京都中央区1-1"),
        ("2", "岡田 浩", "1958-11", "090-3030-4040", "東京都中央区1-1"),
        ("3", "原 進", "1975-12-03", "090-1212-5656", "東京都北区1-1"),
        ("4", "原 進", "1975/12", "090-1212-5656", "東京都北区1-1"),
        ("5", "森 健太", "1980-05-20", "090-6543-2109", "東京都港区1-1"),
        ("6", "森 健太", "1980.05", "090-6543-2109", "東京都港区1-1"),
    ]
    found = _link_csv(tmp_path, rows)
    assert found["1"] == found["2"]
    assert found["3"] == found["4"]
    assert found["5"] == found["6"]


def test_an_equal_my_number_under_a_japanese_header_outweighs_a_birth_date(
    tmp_path: Path,
) -> None:
    """link40's review: HARD_ID_PATTERN read English headers only, so an equal number under
    マイナンバー did not outweigh two birth dates within a generation (six years apart)."""
    path = tmp_path / "my_number.csv"
    with path.open("w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows([
            ("id", "氏名", "生年月日", "携帯", "住所", "マイナンバー"),
            ("1", "石井 隆", "1966-06-16", "090-1010-2020", "東京都港区1-1", "123456789012"),
            ("2", "石井 隆", "1972-03-16", "090-1010-2020", "東京都港区1-1", "123456789012"),
        ])  # fmt: skip
    result = runner.invoke(app, ["link", str(path)])
    assert result.exit_code == 0, result.output
    found = _clusters(result.output)
    assert found["1"] == found["2"]
