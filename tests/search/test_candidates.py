"""The candidates of a search are the newest matches whichever plan finds them: a common word
looked for among the newest documents first (SQLite) gives what sorting every match gives."""

from __future__ import annotations

import random
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import Engine

from kizashi.search import SearchQuery
from kizashi.search import service as search_service
from kizashi.search.index import _write
from kizashi.search.service import candidates
from kizashi.search.terms import body
from tests.triage.seed import NOW

LIMIT = 20


def _docs(engine: Engine, count: int, common_every: int, old_rare: int) -> None:
    """``count`` report documents at shuffled times (some with none); every
    ``common_every``-th says らーめん; ``old_rare`` of the oldest say ぎょうざ."""
    rng = random.Random(15)
    minutes = list(range(count))
    rng.shuffle(minutes)
    docs: list[dict[str, Any]] = []
    for n, minute in enumerate(minutes):
        words = ["今日は渋谷で買い物"]
        if n % common_every == 0:
            words.append("ラーメン最高")
        if minute < old_rare:
            words.append("餃子 ギョウザ")
        docs.append(
            {
                "kind": "report",
                "ref_id": f"{n:036d}",
                "channel": "sns_post" if n % 3 else "patrol_note",
                "desk_id": None,
                "category": None,
                "occurred_at": None if n % 97 == 5 else NOW - timedelta(minutes=minute),
                "body": body([("text", " ".join(words))]),
                "indexed_at": NOW,
            }
        )
    with engine.begin() as connection:
        _write(connection, docs)


def _both(engine: Engine, query: SearchQuery) -> tuple[list[Any], list[Any]]:
    """(the answer, every match sorted): ``after_seq=0`` keeps every document and always
    sorts every match."""
    with engine.connect() as connection:
        answer = candidates(connection, query, limit=LIMIT)
        every = candidates(connection, query, after_seq=0, limit=LIMIT)
    return [tuple(r) for r in answer], [tuple(r) for r in every]


@pytest.fixture
def small_windows(monkeypatch: pytest.MonkeyPatch) -> None:
    # The store is small: make "common" and "the newest documents" small with it.
    monkeypatch.setattr(search_service, "COMMON", 10)
    monkeypatch.setattr(search_service, "RECENT", 60)


def test_a_common_word_gives_the_newest_matches(engine: Engine, small_windows: None) -> None:
    _docs(engine, 400, common_every=2, old_rare=0)
    answer, every = _both(engine, SearchQuery("ラーメン"))
    assert len(answer) == LIMIT and answer == every
    times = [r[6] for r in answer]  # occurred_at
    assert None not in times and times == sorted(times, reverse=True)


def test_a_common_word_with_a_facet_and_too_few_recent_matches(
    engine: Engine, small_windows: None
) -> None:
    _docs(engine, 400, common_every=2, old_rare=0)
    # Patrol notes saying らーめん: about one in six documents, too few among the newest 60.
    answer, every = _both(engine, SearchQuery("ラーメン", channel="patrol_note"))
    assert len(answer) == LIMIT and answer == every
    assert {r[3] for r in answer} == {"patrol_note"}  # channel


def test_a_word_only_in_old_documents_is_still_found(engine: Engine, small_windows: None) -> None:
    _docs(engine, 400, common_every=2, old_rare=30)
    answer, every = _both(engine, SearchQuery("餃子"))
    assert answer == every and len(answer) == LIMIT  # 30 of them, none among the newest 60
    short, every_short = _both(engine, SearchQuery("ぎょ"))  # a short term: a scan either way
    assert short == every_short and len(short) == LIMIT


def test_a_rare_word_and_the_default_windows(engine: Engine) -> None:
    _docs(engine, 400, common_every=50, old_rare=3)
    answer, every = _both(engine, SearchQuery("ギョウザ"))
    assert answer == every and len(answer) == 3
    common, every_common = _both(engine, SearchQuery("ラーメン"))
    assert common == every_common and len(common) == 8
