"""A worker's warm-up loads what the first report will need, once: the detector's warm-up
texts go through the whole cascade (a text the gate dismisses loads only the gate, and the
first real threat then waited seconds for the rest of the model), and `kizashi serve` warms
its worker before it listens without the worker warming again when it starts following."""

from __future__ import annotations

import threading
from dataclasses import replace

from sqlalchemy import Engine

from kizashi.config import Settings
from kizashi.detect import Scorer
from kizashi.pipeline import STAGES, Worker
from kizashi.pipeline.stages import WARM_TEXTS


def test_the_detectors_warm_up_reaches_the_full_model() -> None:
    stages = {s.stage for s in Scorer().score([text for _, text in WARM_TEXTS])}
    assert "full" in stages


def test_a_warmed_worker_does_not_warm_again(
    sqlite_engine: Engine, sqlite_settings: Settings
) -> None:
    calls: list[str] = []
    stages = [replace(s, warm=lambda name=s.name: calls.append(name)) for s in STAGES]
    worker = Worker(sqlite_engine, sqlite_settings, stages=stages, hooks=(), name="warm")
    worker.warm_up()
    assert calls == [s.name for s in STAGES]
    stop = threading.Event()
    stop.set()  # follow() warms (nothing to do now), then sees the stop and returns
    worker.follow(stop)
    assert calls == [s.name for s in STAGES]


def test_a_worker_stopped_while_it_warms_up_stops_without_finishing(
    sqlite_engine: Engine, sqlite_settings: Settings
) -> None:
    stop = threading.Event()
    calls: list[str] = []

    def warm(name: str) -> None:
        calls.append(name)
        stop.set()  # SIGTERM arrives while the first stage loads its models

    stages = [replace(s, warm=lambda name=s.name: warm(name)) for s in STAGES]
    worker = Worker(sqlite_engine, sqlite_settings, stages=stages, hooks=(), name="warm")
    worker.follow(stop)
    assert calls == [STAGES[0].name] and not worker.warm


def test_the_linkers_warm_up_builds_the_name_priors() -> None:
    from kizashi.pipeline.stages import resolve_warm
    from kizashi.resolve.name_parts import _romaji_priors

    _romaji_priors.cache_clear()
    resolve_warm()
    assert _romaji_priors.cache_info().currsize == 1


def test_the_linkers_warm_up_reads_the_written_names_readings() -> None:
    from kizashi.pipeline.stages import resolve_warm
    from kizashi.resolve.reference import _names

    _names.cache_clear()
    resolve_warm()
    assert _names.cache_info().currsize == 1


def test_the_linkers_warm_up_reads_the_towns() -> None:
    from kizashi.pipeline.stages import resolve_warm
    from kizashi.resolve.reference import _towns

    _towns.cache_clear()
    resolve_warm()
    assert _towns.cache_info().currsize == 1
