"""``scan(records)``: the output contract of ``kizashi scan`` and ``POST /api/v1/detect``.

One output per input record::

    {"id", "score", "category", "scores", "flagged", "evidence", "protected"}

with ``explain=True`` adding ``"explain": {"stage", "suppressed", "contributions"}``.

A record is at least ``{"id", "text"}``; full ``sns_post`` (``text``), ``listing`` (``title``
+ ``description``) and ``partner_report`` (``title`` + ``text``) records work too. When a
record has a title, the scored text is ``title + "\\n" + body`` and evidence offsets index
that string. The id is ``id``, else ``external_id``, else the channel's own reference.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from functools import cache
from itertools import islice
from multiprocessing import get_context
from typing import Any

from kizashi.detect.scorer import Scored, Scorer
from kizashi.errors import InputError

__all__ = ["BATCH", "ID_FIELDS", "record_text", "scan", "scan_texts"]

ID_FIELDS = ("id", "external_id", "post_id", "listing_id", "report_ref", "note_ref", "tip_ref")
BODY_FIELDS = ("text", "description")
BATCH = 512


def record_text(record: Any) -> tuple[str, str]:
    """``(id, text)`` of one input record; :class:`InputError` names what is wrong."""
    if not isinstance(record, dict):
        raise InputError(f"expected a JSON object, got {type(record).__name__}")
    rid = next((record[f] for f in ID_FIELDS if record.get(f) not in (None, "")), None)
    if not isinstance(rid, str | int):
        raise InputError(f"no id: needs one of {', '.join(ID_FIELDS)}")
    body = next((record[f] for f in BODY_FIELDS if record.get(f) is not None), None)
    title = record.get("title")
    if body is None and title is None:
        raise InputError("no text: needs 'text', or 'title'/'description'")
    for name, value in (("title", title), ("text", body)):
        if value is not None and not isinstance(value, str):
            raise InputError(f"'{name}' must be a string, got {type(value).__name__}")
    text = "\n".join(part for part in (title, body) if part)
    return str(rid), text


def _output(rid: str, scored: Scored, text: str, explain: bool, scorer: Scorer) -> dict[str, Any]:
    result = scored.result
    out: dict[str, Any] = {
        "id": rid,
        "score": scored.score,
        "category": scored.category,
        "scores": dict(scored.scores),  # a copy: a remembered result is shared
        "flagged": scored.flagged,
        "evidence": result.evidence() if result else [],
        "protected": list(result.protected) if result else [],
    }
    if scored.category and not (
        result and any(h.category == scored.category and h.role == "signal" for h in result.hits)
    ):
        # A flag no rule explains still shows why: the n-grams that carried it. (Imported
        # here: it needs scikit-learn's hashing, which a cleared post never loads.)
        from kizashi.detect.model_evidence import model_evidence

        out["evidence"] += model_evidence(text, scored.category, scorer.model, head=scored.stage)
    if explain:
        from kizashi.detect.explain import explain as explain_one

        out["explain"] = explain_one(text, scored, scorer.model)
    return out


@cache
def _scorer(cascade: bool) -> Scorer:
    return Scorer(cascade=cascade)


def scan_texts(
    pairs: Sequence[tuple[str, str]], *, explain: bool = False, cascade: bool = True
) -> list[dict[str, Any]]:
    """Score ``(id, text)`` pairs with the shipped model (one batch)."""
    scorer = _scorer(cascade)
    scored = scorer.score([t for _, t in pairs], keep_rows=explain)
    return [_output(rid, s, t, explain, scorer) for (rid, t), s in zip(pairs, scored, strict=True)]


def _batches(pairs: Iterable[tuple[str, str]]) -> Iterator[list[tuple[str, str]]]:
    iterator = iter(pairs)
    while batch := list(islice(iterator, BATCH)):
        yield batch


def _pairs(records: Iterable[Any]) -> Iterator[tuple[str, str]]:
    for n, record in enumerate(records, 1):
        try:
            yield record_text(record)
        except InputError as exc:
            raise InputError(f"record {n}: {exc}") from None


def scan(
    records: Iterable[Any], *, explain: bool = False, workers: int = 1, cascade: bool = True
) -> Iterator[dict[str, Any]]:
    """Score records lazily, in input order. A bad record raises :class:`InputError`.

    ``workers > 1`` scores batches in that many processes (each loads the model once).
    """
    batches = _batches(_pairs(records))
    if workers <= 1:
        for batch in batches:
            yield from scan_texts(batch, explain=explain, cascade=cascade)
        return
    # spawn, not fork: the parent may hold threads and a loaded tokenizer.
    with ProcessPoolExecutor(workers, mp_context=get_context("spawn")) as pool:
        window: deque[Future[list[dict[str, Any]]]] = deque()
        for batch in batches:
            window.append(pool.submit(_scan_batch, (batch, explain, cascade)))
            # A bounded window keeps memory flat however long the input is.
            if len(window) >= 2 * workers:
                yield from window.popleft().result()
        while window:
            yield from window.popleft().result()


def _scan_batch(job: tuple[list[tuple[str, str]], bool, bool]) -> list[dict[str, Any]]:
    batch, explain, cascade = job
    return scan_texts(batch, explain=explain, cascade=cascade)
