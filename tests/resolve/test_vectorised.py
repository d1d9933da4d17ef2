"""Phones and birth dates computed by Arrow over a column equal the per-value functions."""

from __future__ import annotations

import pyarrow as pa  # type: ignore[import-untyped]
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kizashi.resolve.records import _clean, birth_date_key, phone_features
from kizashi.resolve.vectorised import birth_date_column, birth_year_column, phone_columns
from tests.depth import examples

# Characters phone and date fields are written with: ASCII and full-width digits, the
# separators, extensions, Python-only white space (\x1c, \u3000) and other scripts' digits.
_PHONE_PIECES = ["0", "1", "3", "5", "7", "8", "9", "81", "090", "0120", "050", "+", "00",
                 "-", " ", "(", ")", ".", "x", "X", "ext", "Ext.", "内線", "\x1c", "\t",
                 "\u3000", "０", "９", "－", "٣", "a"]  # fmt: skip
_DATE_PIECES = ["1", "9", "8", "0", "2", "12", "31", "2024", "-", "/", ".", " ", "年", "月",
                "日", "平成", "昭和", "令和", "元", "１", "９", "\x1c", "x", "S", "h", "R", "昭", "Ｈ"]  # fmt: skip
_PHONES = ["090-1234-5678", "+81 90 1234 5678", "０３－１２３４－５６７８", "0081-90-1234-5678",
           "+1 415 555 0100", "+12", "9012345678", "819012345678", "81312345678",
           "03-1234-5678 ext. 25", "090 1234 5678 x12", "090-1234-5678 内線 12", "0120-123-456",
           "050-1234-5678", "12", "", None]  # fmt: skip
_DATES = ["1980-01-02", "1980/1/2", "1980.1.2", "19800102", "1980112", "１９８０年１月２日",
          "平成元年5月14日", "昭和55年1月2日", "1980 - 01 - 02", "80-1-2", "sometime", "S55.1.2",
          "h元/5/14", "R5.4.1", "昭55.1.2", "S.55.1.2", "S5512", "", None]  # fmt: skip


def _texts(pieces: list[str], examples: list[str | None]) -> st.SearchStrategy[str | None]:
    joined = st.lists(st.sampled_from(pieces), max_size=8).map("".join)
    return st.sampled_from(examples) | joined | st.text(max_size=8) | st.none()


def _column(values: list[str | None]) -> pa.Array:
    """As ``columns._cleaned`` leaves a field: NFKC, stripped, empty as null."""
    return pa.array([_clean(v) or None for v in values], pa.string())


@pytest.mark.deep
@settings(max_examples=examples(300), deadline=None)
@given(st.lists(_texts(_PHONE_PIECES, _PHONES), max_size=12))
def test_phones_by_arrow_are_the_per_value_phones(values: list[str | None]) -> None:
    phone, kind = phone_columns(_column(values))
    expected = [phone_features(_clean(v)) for v in values]
    assert phone.to_pylist() == [e["phone"] for e in expected]
    assert kind.to_pylist() == [e["phone_kind"] for e in expected]


@pytest.mark.deep
@settings(max_examples=examples(300), deadline=None)
@given(st.lists(_texts(_DATE_PIECES, _DATES), max_size=12))
def test_birth_dates_by_arrow_are_the_per_value_dates(values: list[str | None]) -> None:
    dates = birth_date_column(_column(values))
    assert dates.to_pylist() == [birth_date_key(_clean(v)) or None for v in values]


def test_a_birth_date_gives_its_own_year_and_otherwise_the_stated_one() -> None:
    dates = pa.array(["1980-01-02", None, None], pa.string())
    others = pa.array([None, "1979-1980", None], pa.string())
    assert birth_year_column(dates, others).to_pylist() == ["1980-1980", "1979-1980", None]


def test_the_examples_read_as_expected() -> None:
    phone, kind = phone_columns(_column(["+81 90 1234 5678", "03-1234-5678 ext. 25", "12"]))
    assert phone.to_pylist() == ["09012345678", "0312345678", None]
    assert kind.to_pylist() == ["mobile", "landline", None]
    dates = birth_date_column(_column(["1980/1/2", "平成元年5月14日", "sometime"]))
    assert dates.to_pylist() == ["1980-01-02", "1989-05-14", None]


@pytest.mark.parametrize(
    ("written", "date"),
    [
        ("S55.4.1", "1980-04-01"),  # an era's letter, as forms and partners' files write it
        ("s55/4/1", "1980-04-01"),
        ("H元.5.14", "1989-05-14"),
        ("Ｈ１．５．１４", "1989-05-14"),
        ("R5.4.1", "2023-04-01"),
        ("昭55.4.1", "1980-04-01"),  # an era's first kanji
        ("昭和55.4.1", "1980-04-01"),
        ("S.55.4.1", "1980-04-01"),
        ("T1.2.3", "1912-02-03"),
        ("S5541", None),  # no separators: which digits are the year cannot be told
        ("X55.4.1", None),
    ],
)
def test_an_era_written_short_is_read_on_both_paths(written: str, date: str | None) -> None:
    assert (birth_date_key(_clean(written)) or None) == date
    assert birth_date_column(_column([written, "1980-04-01"])).to_pylist() == [date, "1980-04-01"]


@pytest.mark.parametrize(
    ("written", "date"),
    [
        ("1958-11", None),  # a year and month: partial_year's, not 1958-01-01
        ("1975/12", None),
        ("1980.05", None),  # not 1980-00-05
        ("1983年6月", None),
        ("1980112", None),  # seven digits: 1980-11-2 or 1980-1-12 cannot be told
        ("1958-11-11", "1958-11-11"),
        ("1958/11.11", "1958-11-11"),
        ("19581111", "1958-11-11"),
        ("1958年11月11日", "1958-11-11"),
    ],
)
def test_a_year_and_month_is_no_full_date_on_either_path(written: str, date: str | None) -> None:
    assert (birth_date_key(_clean(written)) or None) == date
    assert birth_date_column(_column([written, "1980-04-01"])).to_pylist() == [date, "1980-04-01"]
