"""Repeated refusals in one sitting are probing, seen without history (ins20, after qa14)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta

import pytest

from kizashi.errors import InputError
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


# --- review of ins20 (ins20fix): pages, outages by time, routine refusers, client ids ---


def _hits(events: list[AccessEvent], **cfg: object) -> list[tuple[str, int]]:
    settings = dict(PROBING) | cfg
    return [(h.user, len(h.events)) for h in sitting_hits(events, _directory(), {}, settings)]


def _night_directory() -> Directory:
    base = _directory()
    officers = dict(base.officers)
    officers["lone4"] = Officer("lone4", "lone", "investigator", "night", "P-lone4")
    return Directory(officers=officers, case_desk=base.case_desk, assignments=base.assignments)


def test_a_fully_refused_page_logged_several_times_is_one_refusal() -> None:
    when = _at(DAYS - 3, 15)
    page = [
        _event(when + timedelta(minutes=2 * k), "econ1", kind="", allowed=False, request_id=f"r{k}")
        for k in range(6)
        for _ in range(4)
    ]
    assert _hits(page) == [("econ1", 6)]


def test_pages_without_a_request_id_hide_their_items_as_pages_with_one_do() -> None:
    out = []
    for p in range(15):
        when = _at(DAYS - 3, 10, 2 * p)
        out.append(_event(when, "econ3", action="search", kind=""))
        out += [_event(when, "econ3", action="search", kind="", allowed=False) for _ in range(4)]
    assert _hits(out) == []


def test_a_client_reusing_one_request_id_does_not_merge_its_refused_requests() -> None:
    reused = _probe("econ2", DAYS - 2, 30)
    reused = [replace(e, request_id="same") for e in reused]
    assert _hits(reused) == [("econ2", 30)]
    # ... nor borrow the id of its own answered page to pass them off as hidden items
    before = reused[0].time - timedelta(minutes=1)
    shown = _event(before, "econ2", action="search", kind="", request_id="same")
    assert _hits([shown, *reused]) == [("econ2", 30)]


def test_request_ids_that_collide_across_users_are_separate_pages() -> None:
    other = [
        _event(_at(DAYS - 5, 9, k), "lone2", action="search", kind="", request_id=str(k))
        for k in range(20)
    ]
    probe = [
        _event(_at(DAYS - 5, 9, k), "econ4", kind="", allowed=False, request_id=str(k))
        for k in range(20)
    ]
    assert _hits(other + probe) == [("econ4", 20)]


def test_refusals_exactly_the_gap_apart_are_one_sitting() -> None:
    spaced = [
        _event(_at(DAYS - 4, 9) + timedelta(minutes=30 * k), "econ2", kind="", allowed=False)
        for k in range(5)
    ]
    assert _hits(spaced) == [("econ2", 5)]
    late = _event(spaced[1].time + timedelta(seconds=1), "econ2", kind="", allowed=False)
    assert _hits([spaced[0], late, *spaced[2:]]) == []


def test_an_outage_is_grouped_by_time_whatever_the_shift_or_the_working_day() -> None:
    # 2 day officers and a night officer at 10:00 (the night officer's previous working day)
    mixed = [e for u in ("lone1", "lone2", "lone4") for e in _probe(u, 30, 12, 10)]
    starts = {"lone4": 12}
    assert sitting_hits(mixed, _night_directory(), starts, PROBING) == []
    # around the 04:00 start of a day officer's working day
    dawn = [
        e
        for u, minute in (("lone1", 3 * 60 + 50), ("lone2", 3 * 60 + 55), ("lone3", 4 * 60 + 5))
        for e in _probe(u, 30, 12, 0)
        for e in [replace(e, time=e.time + timedelta(minutes=minute))]
    ]
    assert _hits(dawn) == []


def test_an_outage_hides_only_the_sittings_that_overlap_it() -> None:
    morning = [e for i in (1, 2, 3) for e in _probe(f"lone{i}", 30, 12, 9)]
    evening = _probe("lone0", 30, 30, 20)
    assert _hits(morning + evening) == [("lone0", 30)]


def test_a_grant_outage_across_two_desks_is_one_outage_and_two_officers_are_not() -> None:
    four = [e for u in ("lone1", "lone3", "econ0", "econ3") for e in _probe(u, 30, 12, 9)]
    assert _hits(four) == []
    two = [e for u in ("lone1", "lone2") for e in _probe(u, 30, 12, 9)]
    assert sorted(_hits(two)) == [("lone1", 12), ("lone2", 12)]
    # a different kind of material refused at the same time is not the same outage
    cases = [replace(e, kind="case_file") for e in _probe("econ1", 30, 12, 9)]
    assert _hits(four + cases) == [("econ1", 12)]


def test_a_routine_refuser_is_judged_against_his_own_past_sittings() -> None:
    nightly = [
        _event(_at(day, 23, 3 * k), "lone4", kind="", allowed=False, request_id=f"n{day}-{k}")
        for day in range(DAYS)
        if _at(day, 9).weekday() < 5
        for k in range(6)
    ]
    hits = sitting_hits(nightly, _night_directory(), {"lone4": 12}, PROBING)
    assert len(hits) == PROBING["routine_days"]  # the first nights only, then routine
    events = sorted(_ordinary_weeks(set()) + nightly, key=lambda e: e.time)
    found = detect(events, _night_directory(), START, DAYS)
    assert len([a for a in found.alerts if a.user == "lone4"]) <= 1


def test_working_days_are_cut_in_japan_time_when_counting_an_officers_past() -> None:
    # 05:00 and 23:00 JST are one working day (day start 04:00 JST), two days in UTC, and
    # the next evening's sitting is the second working day, not the third.
    past = [e for h in (5, 23) for e in _probe("econ2", 20, 5, h)]
    today = _probe("econ2", 21, 5, 20)
    assert _hits(past + today, routine_days=2) == [("econ2", 5)] * 3


def test_a_probing_section_with_no_minimum_is_refused_naming_the_file_and_field() -> None:
    with pytest.raises(InputError, match=r"insider\.yaml: probing\.min_refusals"):
        sitting_hits(_probe("econ2", 20, 5), _directory(), {}, dict(PROBING) | {"min_refusals": 0})
