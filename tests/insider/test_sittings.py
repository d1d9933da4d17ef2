"""Repeated refusals in one sitting are probing, seen without history (ins20, after qa14)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from kizashi.insider.evaluate import detect
from kizashi.insider.events import JST, AccessEvent, Directory, Officer
from kizashi.insider.explain_ja import explain_ja
from kizashi.insider.features import default_settings
from kizashi.insider.sittings import RULE_ID, sitting_hits

START = date(2026, 11, 2)  # a Monday: 35 days, the last one Sunday 6 December
DAYS = 35
PROBING = default_settings()["probing"]


def _at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, 2, hour, minute, tzinfo=JST) + timedelta(days=day)


def _directory() -> Directory:
    officers = {
        f"{desk}{i}": Officer(f"{desk}{i}", desk, "investigator", "day", f"P-{desk}{i}")
        for desk in ("tokuryu", "lone", "econ")
        for i in range(5)
    }
    return Directory(
        officers=officers,
        case_desk={"T1": "tokuryu", "L1": "lone", "E1": "econ"},
        assignments={u: frozenset({o.desk[0].upper() + "1"}) for u, o in officers.items()},
    )


_ids = iter(range(10**9))


def _event(when: datetime, user: str, **extra: object) -> AccessEvent:
    fields: dict[str, object] = {"action": "read", "kind": "case_file", "device": "T"} | extra
    return AccessEvent(f"e{next(_ids)}", when, user, **fields)  # type: ignore[arg-type]


def _ordinary_weeks(quiet: set[str]) -> list[AccessEvent]:
    """Weekday work on one's own case for everyone but `quiet` (no history in the window)."""
    out = []
    for user in _directory().officers:
        if user in quiet:
            continue
        case = user[0].upper() + "1"
        for day in range(DAYS):
            if _at(day, 9).weekday() < 5:
                out += [
                    _event(_at(day, 9, 5 * k), user, case_id=case, assigned=True) for k in range(8)
                ]
    return out


def _probe(user: str, day: int, count: int, start_hour: int = 10) -> list[AccessEvent]:
    # Reads of another desk's partner reports (not case material), each refused outright.
    return [
        _event(_at(day, start_hour) + timedelta(minutes=2 * k), user, kind="", allowed=False)
        for k in range(count)
    ]


def _run(events: list[AccessEvent]) -> list[tuple[str, str]]:
    events.sort(key=lambda e: e.time)
    found = detect(events, _directory(), START, DAYS)
    return [(a.user, a.day) for a in found.alerts]


def test_twenty_refusals_on_a_sunday_by_an_officer_without_history_are_an_alert() -> None:
    # qa14: tanaka had no active day in the window, so his features (denied 20, off-shift
    # 20) were never scored: the warm-up gives an officer without history no anomaly score.
    probe = _probe("tokuryu0", DAYS - 1, 20)
    events = _ordinary_weeks({"tokuryu0"}) + probe
    events.sort(key=lambda e: e.time)
    found = detect(events, _directory(), START, DAYS)
    alerts = [a for a in found.alerts if a.user == "tokuryu0"]
    assert [a.day for a in alerts] == ["2026-12-06"]
    (hit,) = [h for h in alerts[0].rules if h.rule_id == RULE_ID]
    assert hit.events == tuple(e.event_id for e in probe)
    assert alerts[0].cited_events() >= {e.event_id for e in probe}
    assert "20 refused accesses within 38 min from 2026-12-06 10:00 JST" in hit.detail
    text = alerts[0].explanation()
    assert f"seen on 0 of {hit.out_of:,} officer-days before" in text
    assert hit.out_of > 0
    assert "(20 in all)" in text
    assert "計 20 件" in explain_ja(alerts[0])


def test_a_few_refused_pages_on_a_weekday_are_no_hit_and_no_alert() -> None:
    clicks = _probe("lone1", DAYS - 3, 3, start_hour=11)
    assert sitting_hits(clicks, _directory(), {}, PROBING) == []
    assert _run(_ordinary_weeks(set()) + clicks) == []


def test_hidden_items_of_a_page_that_showed_something_are_not_a_sitting() -> None:
    when = _at(DAYS - 3, 10)
    page = [_event(when, "econ1", action="search", kind="", request_id="p1")]
    page += [_event(when, "econ1", kind="", allowed=False, request_id="p1") for _ in range(12)]
    assert sitting_hits(page, _directory(), {}, PROBING) == []


def test_a_pause_longer_than_the_gap_starts_a_new_sitting_and_weight_grows_slowly() -> None:
    first = _probe("econ2", DAYS - 2, 5, start_hour=9)
    second = _probe("econ2", DAYS - 2, 20, start_hour=14)
    hits = sitting_hits(first + second, _directory(), {}, PROBING)
    assert [len(h.events) for h in hits] == [5, 20]
    # refused_weight * log2(1 + n / 5): twenty refusals weigh a little over twice five.
    assert [h.weight for h in hits] == [1.5, 3.48]


def test_a_desk_wide_outage_refuses_many_officers_at_once_and_alerts_nobody() -> None:
    outage = [e for i in range(5) for e in _probe(f"econ{i}", DAYS - 4, 12, start_hour=9)]
    assert sitting_hits(outage, _directory(), {}, PROBING) == []
    assert _run(_ordinary_weeks(set()) + outage) == []
