"""A labelled access log from any source, in the documented JSONL format (docs/insider.md).

The events file holds one JSON object a line, each with a `type`:

- ``directory`` (one line, before the events): officers, cases, assignments (optionally
  time-boxed `spans`), operations, as :meth:`Directory.to_json` writes them;
- ``event``: one access, the fields of :class:`~kizashi.insider.events.AccessEvent`;
- ``world`` (optional): ``start`` (ISO date) and ``days``, else taken from the events;
- ``insider`` / ``confounder``: labels, when they travel in the same file.

The labels file (``--labels``), when separate, holds the ``insider`` lines: ``user``,
``scenario`` (``S1``..``S6`` or a number), optional ``name`` and ``first_act``, and
``event_ids``, the malicious events; and optional ``confounder`` lines (``user``, ``day``,
``kind``) that the report uses to say what the false alerts were.

A bad line is an :class:`~kizashi.errors.InputError` naming the file, line and reason.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import orjson

from kizashi.errors import InputError
from kizashi.insider.events import (
    JST,
    AccessEvent,
    Directory,
    directory_from_json,
)


@dataclass(frozen=True)
class InsiderTruth:
    """One labelled insider: who, which scenario, and the malicious events."""

    user: str
    scenario: str
    name: str
    first_act: datetime
    event_ids: frozenset[str]


@dataclass
class LabelledLog:
    name: str
    start: date
    days: int
    directory: Directory
    events: list[AccessEvent]
    insiders: list[InsiderTruth] = field(default_factory=list)
    confounders: dict[tuple[str, str], set[str]] = field(default_factory=dict)


def scenario_code(value: Any) -> str:
    text = str(value)
    return text if text.upper().startswith("S") else f"S{text}"


def _lines(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    try:
        handle = path.open("rb")
    except OSError as exc:
        raise InputError(f"{path}: cannot open: {exc.strerror}") from None
    with handle:
        for number, raw in enumerate(handle, 1):
            if not raw.strip():
                continue
            try:
                data = orjson.loads(raw)
            except orjson.JSONDecodeError as exc:
                raise InputError(f"{path}:{number}: not JSON: {exc}") from None
            if not isinstance(data, dict) or "type" not in data:
                raise InputError(f"{path}:{number}: field 'type' is missing")
            yield number, data


def read_log(events_path: Path, labels_path: Path | None = None) -> LabelledLog:
    """Read an events file (and a labels file) into a :class:`LabelledLog`."""
    directory: Directory | None = None
    events: list[AccessEvent] = []
    labels: list[tuple[Path, int, dict[str, Any]]] = []
    world: dict[str, Any] = {}
    for number, data in _lines(events_path):
        kind = data["type"]
        try:
            if kind == "event":
                events.append(AccessEvent.from_json(data))
            elif kind == "directory":
                directory = directory_from_json(data)
            elif kind == "world":
                world = data
            elif kind in ("insider", "confounder"):
                labels.append((events_path, number, data))
            else:
                raise ValueError(f"unknown type {kind!r}")
        except (KeyError, ValueError, TypeError) as exc:
            raise InputError(f"{events_path}:{number}: {type(exc).__name__}: {exc}") from None
    if directory is None:
        raise InputError(f"{events_path}: no 'directory' line: officers and cases are needed")
    if not events:
        raise InputError(f"{events_path}: no 'event' lines")
    if labels_path is not None:
        labels += [(labels_path, n, d) for n, d in _lines(labels_path)]
    events.sort(key=lambda e: (e.time, e.event_id))
    if "start" in world:
        start, days = date.fromisoformat(str(world["start"])), int(world["days"])
    else:
        # A user-day may start the evening before the first event's date (night shifts).
        start = events[0].time.astimezone(JST).date() - timedelta(days=1)
        days = (events[-1].time.astimezone(JST).date() - start).days + 2
    # Worlds are usually directories of events.jsonl + labels.jsonl: name the log by both.
    log = LabelledLog(
        f"{events_path.parent.name}/{events_path.name}", start, days, directory, events
    )
    times = {e.event_id: e.time for e in events}
    for path, number, data in labels:
        try:
            _add_label(log, data, times)
        except (KeyError, ValueError, TypeError) as exc:
            raise InputError(f"{path}:{number}: {type(exc).__name__}: {exc}") from None
    return log


def _add_label(log: LabelledLog, data: dict[str, Any], times: dict[str, datetime]) -> None:
    if data["type"] == "confounder":
        key = (str(data["user"]), str(data["day"]))
        log.confounders.setdefault(key, set()).add(str(data["kind"]))
        return
    if data["type"] != "insider":
        raise ValueError(f"a labels file holds insider and confounder lines, not {data['type']}")
    ids = frozenset(map(str, data["event_ids"]))
    known = [times[i] for i in ids if i in times]
    if not known:
        raise ValueError(f"insider {data['user']}: none of the labelled events is in the log")
    first = datetime.fromisoformat(str(data["first_act"])) if data.get("first_act") else min(known)
    log.insiders.append(
        InsiderTruth(
            str(data["user"]),
            scenario_code(data["scenario"]),
            str(data.get("name", "")),
            first,
            ids,
        )
    )
