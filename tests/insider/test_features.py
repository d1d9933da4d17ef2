"""Features on hand-made logs: each counts what it says, on the right user-day."""

from __future__ import annotations

from kizashi.insider.events import AccessEvent
from kizashi.insider.features import FEATURES, FeatureTable, extract
from tests.insider.conftest import START, at, directory, event


def _table(*events: AccessEvent, days: int = 14) -> FeatureTable:
    return extract(list(events), directory(), START, days)


def value(table: FeatureTable, user: str, day: int, feature: str) -> float:
    return float(table.values[table.users.index(user), day, FEATURES.index(feature)])


def test_an_off_shift_export_counts_as_export_off_shift_and_off_shift_export() -> None:
    late = event(at(1, 23), action="export", case_id="A1", assigned=True, count=30)
    table = _table(event(at(1, 10), case_id="A1", assigned=True), late)
    assert value(table, "alice", 1, "volume") == 2
    assert value(table, "alice", 1, "off_shift") == 1
    assert value(table, "alice", 1, "exports") == 1
    assert value(table, "alice", 1, "export_records") == 30
    assert value(table, "alice", 1, "off_shift_exports") == 1
    assert value(table, "alice", 1, "records") == 31
    assert table.evidence[(table.users.index("alice"), 1, FEATURES.index("off_shift"))] == [
        late.event_id
    ]


def test_within_grace_of_the_shift_is_on_shift_and_weekends_are_off() -> None:
    table = _table(event(at(1, 18, 30)), event(at(5, 11)))  # day 5 is a Saturday
    assert value(table, "alice", 1, "off_shift") == 0
    assert value(table, "alice", 5, "off_shift") == 1


def test_a_night_shift_is_one_user_day_and_on_shift_at_two_in_the_morning() -> None:
    table = _table(event(at(1, 22), user="nick"), event(at(2, 2), user="nick"))
    assert value(table, "nick", 1, "volume") == 2  # the user-day starts at noon
    assert value(table, "nick", 1, "off_shift") == 0


def test_outside_assignment_and_outside_section_use_the_recorded_flag_and_desks() -> None:
    table = _table(
        event(at(1, 10), case_id="A1", assigned=True),
        event(at(1, 11), case_id="A2"),
        event(at(1, 12), case_id="B1", kind="subject_profile", subject_id="S9"),
    )
    assert value(table, "alice", 1, "outside_assignment") == 2
    assert value(table, "alice", 1, "outside_section") == 1
    assert value(table, "alice", 1, "distinct_subjects") == 1


def test_a_new_device_is_new_once_and_its_exports_count_for_a_week() -> None:
    table = _table(
        event(at(0, 10)),
        event(at(2, 10), device="X-9"),
        event(at(2, 11), device="X-9", action="export"),
        event(at(4, 11), device="X-9", action="print"),
        event(at(12, 11), device="X-9", action="export"),
    )
    assert value(table, "alice", 0, "new_device") == 0  # the first day sets what is known
    assert value(table, "alice", 2, "new_device") == 1
    assert value(table, "alice", 4, "new_device") == 0
    assert value(table, "alice", 2, "new_device_exports") == 1
    assert value(table, "alice", 4, "new_device_exports") == 1
    assert value(table, "alice", 12, "new_device_exports") == 0


def test_imminent_target_lookups_count_only_before_the_operation_and_without_a_link() -> None:
    table = _table(
        event(at(8, 10), action="search", kind="subject_profile", subject_id="S9"),
        event(at(2, 10), action="search", kind="subject_profile", subject_id="S9"),
        event(at(11, 10), action="search", kind="subject_profile", subject_id="S9"),
        event(at(8, 10), user="bob", action="search", kind="subject_profile", subject_id="S9"),
    )
    assert value(table, "alice", 8, "imminent_target_lookups") == 1  # 44 h before OP1
    assert value(table, "alice", 2, "imminent_target_lookups") == 0  # more than 168 h before
    assert value(table, "alice", 11, "imminent_target_lookups") == 0  # after it started
    assert value(table, "bob", 8, "imminent_target_lookups") == 0  # bob is on the case


def test_searching_ones_own_name_and_denied_reads_count() -> None:
    table = _table(
        event(at(1, 10), action="search", kind="subject_profile", subject_id="P-alice"),
        event(at(1, 11), case_id="B1", allowed=False),
    )
    assert value(table, "alice", 1, "self_search") == 1
    assert value(table, "alice", 1, "denied") == 1


def test_exporting_a_case_one_is_not_on_counts_as_an_outside_export() -> None:
    table = _table(
        event(at(1, 10), action="export", case_id="A1", assigned=True),
        event(at(1, 11), action="export", case_id="A2"),
        event(at(1, 12), action="print", case_id="B1"),
    )
    assert value(table, "alice", 1, "exports") == 3
    assert value(table, "alice", 1, "outside_exports") == 2


def test_a_supervised_export_late_at_night_is_not_off_shift_but_a_bare_one_is() -> None:
    table = _table(
        event(at(1, 10), case_id="A1", assigned=True),
        event(at(1, 23), action="export", case_id="A1", assigned=True, workflow="WF-7"),
        event(at(2, 10), case_id="A1", assigned=True),
        event(at(2, 23), action="export", case_id="A1", assigned=True),
    )
    assert value(table, "alice", 1, "off_shift") == 0
    assert value(table, "alice", 1, "off_shift_exports") == 0
    assert value(table, "alice", 2, "off_shift") == 1
    assert value(table, "alice", 2, "off_shift_exports") == 1


def test_a_user_the_directory_does_not_know_is_counted_on_a_day_roster() -> None:
    table = _table(event(at(1, 10)), event(at(1, 23), user="svc-batch", action="export"))
    assert value(table, "svc-batch", 1, "exports") == 1
    assert value(table, "svc-batch", 1, "off_shift_exports") == 1


def test_a_desks_own_work_items_on_a_rest_day_are_not_off_shift() -> None:
    # Day 5 is a Saturday: her desk's alert and her own product are on-call work; a bare
    # search and an unapproved export of the same product are still off shift.
    work = [event(at(5, 10, m), kind="", desk_work=True) for m in range(3)]
    search = event(at(5, 10, 30), action="search", kind="subject_profile", subject_id="S9")
    export = event(at(5, 11), action="export", kind="", desk_work=True)
    table = _table(*work, search, export)
    assert value(table, "alice", 5, "volume") == 5
    assert value(table, "alice", 5, "off_shift") == 2
    assert value(table, "alice", 5, "off_shift_exports") == 1
    sent = event(at(5, 11), action="export", kind="", desk_work=True, workflow="approval")
    table = _table(*work, sent)
    assert value(table, "alice", 5, "off_shift") == 0
    assert value(table, "alice", 5, "disseminations") == 1
