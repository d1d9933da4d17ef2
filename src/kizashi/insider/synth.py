"""The synthetic access log: an organisation at work, confounders and insiders, as JSONL.

Deterministic for a seed: every random draw comes from one `random.Random(seed)` in a fixed
order, so the same seed and the same `scenarios.yaml` give byte-identical JSONL. Normal work
and benign confounders come from :mod:`kizashi.insider.generator`; the labelled insider
scenarios from :mod:`kizashi.insider.scenarios`.
"""

from __future__ import annotations

from typing import Any

from kizashi.insider.generator import (
    ConfounderLabel,
    Generator,
    InsiderLabel,
    SynthLog,
    default_config,
)
from kizashi.insider.scenarios import confounder_day, inject_insiders, plan_confounders

__all__ = [
    "ConfounderLabel",
    "Generator",
    "InsiderLabel",
    "SynthLog",
    "default_config",
    "generate",
    "write_jsonl",
]


def generate(seed: int, config: dict[str, Any] | None = None) -> SynthLog:
    """Make the synthetic log of `seed`: the same seed and config give the same log."""
    gen = Generator(seed, config or default_config())
    gen.build()
    plan = plan_confounders(gen)
    act = gen.cfg["activity"]
    for index in range(gen.days):
        weekday = gen.day(index).weekday()
        for _, officer in sorted(gen.directory.officers.items()):
            if weekday not in officer.workdays or gen.rng.random() < act["leave_rate"]:
                continue
            boost = confounder_day(gen, officer, index, plan)
            gen.work_day(officer, index, boost)
    insiders = inject_insiders(gen)
    for user, (case_id, _, _) in plan["hq"].items():
        gen.directory.assignments = {
            **gen.directory.assignments,
            user: gen.directory.assignments.get(user, frozenset()) | {case_id},
        }
    events = sorted(gen.events, key=lambda e: (e.time, e.event_id))
    return SynthLog(seed, gen.start, gen.days, gen.directory, events, insiders, gen.confounders)


def write_jsonl(log: SynthLog, out: Any) -> int:
    """Write the log as JSONL: a directory line, label lines, then one line per event."""
    import orjson

    lines = [{"type": "directory", "seed": log.seed, **log.directory.to_json()}]
    lines += [
        {
            "type": "insider",
            "user": i.user,
            "scenario": i.scenario,
            "name": i.name,
            "first_act": i.first_act.isoformat(),
            "event_ids": sorted(i.event_ids),
        }
        for i in log.insiders
    ]
    lines += [
        {"type": "confounder", "user": c.user, "day": c.day.isoformat(), "kind": c.kind}
        for c in log.confounders
    ]
    for line in lines:
        out.write(orjson.dumps(line) + b"\n")
    for event in log.events:
        out.write(orjson.dumps({"type": "event", **event.to_json()}) + b"\n")
    return len(log.events)
