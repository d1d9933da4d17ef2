"""Files in every encoding partners send: detection, forcing, mixed files and Excel's CSV."""

from __future__ import annotations

import base64
import io
from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from kizashi.config import Settings
from kizashi.errors import InputError
from kizashi.intake.encodings import canonical_encoding, detect
from kizashi.intake.queries import list_quarantine
from kizashi.intake.readers import RecordSource
from kizashi.intake.service import ingest_rows
from kizashi.store import mentions, quarantine, reports
from kizashi.store.payloads import open_bodies
from tests.intake.excel_csv import HEADER, excel_csv, phone_key, purchase_rows

ROW = "ホームセンター,池袋,T1,2025/4/1 9:05,硫黄 1kg,硫黄,1,kg,1200,山田 太郎,ﾔﾏﾀﾞ ﾀﾛｳ,090-1111-2222,東京都豊島区,cash"
EUC_ROW = "ホームセンター,池袋,T2,2025/4/2 9:05,硫黄 1kg,硫黄,1,kg,1200,鈴木 花子,すずき はなこ,090-3333-4444,東京都北区,card"


def _rows(data: bytes, fmt: str = "csv", **options: str) -> list:  # type: ignore[type-arg]
    return list(RecordSource(io.BytesIO(data), fmt, name=f"in.{fmt}", **options))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("data", "encoding", "how"),
    [
        ("氏名,住所\r\n山田,東京\r\n".encode("utf-8-sig"), "utf-8", "bom"),
        ("氏名,住所\r\n山田,東京\r\n".encode(), "utf-8", "detected"),
        ("氏名,住所\r\n髙橋,東京①\r\n".encode("cp932"), "cp932", "detected"),
        ("氏名,住所\r\n山田,東京都\r\n".encode("euc_jp"), "euc_jp", "detected"),
        # This EUC-JP also decodes as CP932 (into half-width katakana): the detector decides.
        (("すずきはなこ,さとうたろう\n" * 5).encode("euc_jp"), "euc_jp", "detected"),
        (("ｶﾌﾞｼｷｶﾞｲｼｬ ﾔﾏﾀﾞｼｮｳｼﾞ,ﾀﾅｶ\r\n" * 20).encode("cp932"), "cp932", "detected"),
        (b"a,b\r\n1,2\r\n", "utf-8", "default"),
        # One stray byte is no evidence of another encoding: UTF-8, the row quarantined.
        (b'{"b": "\xe5\x85"}', "utf-8", "default"),
    ],
)
def test_the_encoding_is_detected_from_the_start_of_the_file(
    data: bytes, encoding: str, how: str
) -> None:
    found = detect(data, complete=True)
    assert (found.encoding, found.how) == (encoding, how)


def test_utf16_is_refused_with_a_way_out() -> None:
    with pytest.raises(InputError, match="save it as UTF-8 or Shift_JIS"):
        detect("a,b\r\n".encode("utf-16"), complete=True)


def test_encoding_names_people_use() -> None:
    assert {canonical_encoding(n) for n in ("Shift_JIS", "sjis", "MS932", "cp932")} == {"cp932"}
    assert canonical_encoding("EUC-JP") == "euc_jp" and canonical_encoding("UTF8") == "utf-8"
    with pytest.raises(InputError, match="unsupported encoding 'latin-9'"):
        canonical_encoding("latin-9")


def test_a_forced_encoding_is_used_and_rows_keep_their_bytes() -> None:
    data = f"{HEADER}\r\n{ROW}\r\n".encode("euc_jp")
    rows = _rows(data, encoding="EUC-JP")
    assert rows[0].error is None and rows[0].data is not None
    assert rows[0].data["buyer_name_kana"] == "ﾔﾏﾀﾞ ﾀﾛｳ"
    assert rows[0].raw_bytes == ROW.encode("euc_jp") and rows[0].encoding == "euc_jp"
    # Read as the wrong encoding, a row is quarantined, not garbled into the store.
    wrong = _rows(data, encoding="utf-8")
    assert wrong[0].data is None and "reads as EUC-JP" in (wrong[0].error or "")


def test_jsonl_in_shift_jis_reads_too() -> None:
    data = '{"text": "髙橋さん①"}\r\n{"text": "～"}\r\n'.encode("cp932")
    rows = _rows(data, "jsonl")
    assert [r.data for r in rows] == [{"text": "髙橋さん①"}, {"text": "～"}]


def test_json_arrays_in_euc_jp_are_transcoded_before_splitting() -> None:
    # 表 is 0x95 0x5C in Shift_JIS: the 0x5C must not be read as a JSON escape.
    rows = _rows('[{"text": "表示"}, {"text": "予定表"}]'.encode("cp932"), "json")
    assert [r.data for r in rows] == [{"text": "表示"}, {"text": "予定表"}]


def test_rows_in_another_encoding_than_their_file_are_named() -> None:
    lines = [HEADER.encode()] + [ROW.encode("cp932")] * 30
    lines.insert(5, ROW.replace("T1", "T9").encode("utf-8"))
    lines.insert(9, EUC_ROW.encode("euc_jp"))
    rows = _rows(b"\r\n".join(lines) + b"\r\n")
    bad = {r.row: r.error for r in rows if r.error}
    assert rows[0].encoding == "cp932"
    assert set(bad) == {5, 9}
    for row, other in ((5, "UTF-8"), (9, "EUC-JP")):
        reason = bad[row] or ""
        assert other in reason and "CP932" in reason and "mixed encodings" in reason
    assert rows[4].raw_bytes == ROW.replace("T1", "T9").encode("utf-8")


def test_a_shift_jis_row_in_a_utf8_file_is_named() -> None:
    data = b"\r\n".join([HEADER.encode(), ROW.encode(), ROW.encode("cp932"), ROW.encode()])
    rows = _rows(data + b"\r\n")
    assert [r.error is None for r in rows] == [True, False, True]
    assert rows[1].error is not None and rows[1].error.startswith("invalid UTF-8 at byte 1")
    assert "reads as CP932 (Shift_JIS)" in rows[1].error


def test_excel_cells_read_as_what_they_show() -> None:
    cells = purchase_rows(12)
    rows = _rows(excel_csv(cells))
    assert all(r.error is None for r in rows)
    first = rows[0].data or {}
    assert first["transaction_id"] == "00000000" and first["buyer_phone"] == phone_key(cells[0][11])
    assert rows[3].data and rows[3].data["item"] == "化成肥料 5kg\n（詰め替え用）"
    assert rows[4].line == 7  # the quoted line break in row 4 takes a line


def test_an_excel_cp932_export_of_10000_rows_ingests_with_nothing_quarantined(
    engine: Engine, settings: Settings, tmp_path: Path
) -> None:
    cells = purchase_rows(10_000)
    path = tmp_path / "購入記録.csv"
    path.write_bytes(excel_csv(cells))
    with RecordSource(path) as source:
        summary = ingest_rows(
            engine, settings, "purchase", source, str(path), default_source="retail:r", cells=True
        )
        assert source.encoding == "cp932"
    assert (summary.stored, summary.quarantined) == (10_000, 0), summary.problems[:3]
    with engine.connect() as connection:
        ids = connection.execute(select(reports.c.id)).scalars().all()
        bodies = {b["transaction_id"]: b for b in open_bodies(connection, ids).values()}
        phones = set(
            connection.execute(
                select(mentions.c.normalized).where(mentions.c.kind == "phone")
            ).scalars()
        )
    assert phones == {phone_key(row[11]) for row in cells}
    assert bodies["00000000"]["price_jpy"] == 300 and bodies["00000001"]["price_jpy"] == 337
    assert bodies["00000005"]["quantity"] == 1000.0  # "1,000"
    assert bodies["00000004"]["quantity"] == 3.0  # "３"
    assert bodies["00000002"]["unit"] == "mL"  # "ｍＬ"
    assert bodies["00000000"]["purchased_at"] == "2025-01-01T22:26:00+09:00"  # full-width
    assert bodies["00000000"]["retailer"] == "ホームセンター髙島㈱"


def test_the_quarantine_keeps_the_bytes_and_the_cli_gives_them_back(
    engine: Engine, settings: Settings, tmp_path: Path
) -> None:
    euc = EUC_ROW.encode("euc_jp")
    path = tmp_path / "mixed.csv"
    path.write_bytes(b"\r\n".join([HEADER.encode(), *[ROW.encode("cp932")] * 5, euc]) + b"\r\n")
    with RecordSource(path) as source:
        summary = ingest_rows(
            engine, settings, "purchase", source, str(path), default_source="r", cells=True
        )
    assert (summary.stored, summary.duplicates, summary.quarantined) == (1, 4, 1)
    with engine.connect() as connection:
        stored = connection.execute(select(quarantine.c.raw_bytes, quarantine.c.encoding)).one()
        listed = list_quarantine(connection)
    assert stored == (euc, "cp932")
    assert base64.b64decode(listed[0]["raw_base64"]) == euc
    assert listed[0]["encoding"] == "cp932" and "EUC-JP" in listed[0]["reason"]
