"""The name shapes computed by Arrow are the ones meant, and give name_features' columns."""

from __future__ import annotations

import pyarrow as pa  # type: ignore[import-untyped]

from kizashi.resolve.name_columns import fast_name_columns
from kizashi.resolve.records import name_features

_NAMES = ["Taro YAMADA", "ヤマダ タロウ", "たろう やまだ", "山田太郎", "ヤマダ ジュニア", "Taro Yamada Jr",
          "ヨシダジュンイチ", "Taro  Yamada", "ー タロウ", None]  # fmt: skip


def test_two_romaji_or_kana_words_alone_are_computed_by_arrow() -> None:
    names = pa.array(_NAMES, pa.string())
    found = fast_name_columns(names, [pa.nulls(len(_NAMES), pa.string())])
    assert found is not None
    rows, columns = found
    fast = rows.to_pylist()
    assert fast == [True, True, True, False, False, False, False, False, False, False]
    for index, name in enumerate(_NAMES):
        if fast[index]:
            expected, age = name_features(name or "", "", "", "", "")
            got = {k: columns[k][index].as_py() for k in expected}
            assert got == expected
            assert age is None and columns["kz_age"][index].as_py() is None


def test_a_name_beside_another_name_field_is_left_to_name_features() -> None:
    names = pa.array(["Taro YAMADA", "ヤマダ タロウ"], pa.string())
    kana = pa.array(["ヤマダ タロウ", None], pa.string())
    found = fast_name_columns(names, [kana])
    assert found is not None
    assert found[0].to_pylist() == [False, True]
    assert fast_name_columns(pa.array(["山田太郎"], pa.string()), []) is None
