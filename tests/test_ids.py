import time
import uuid

from kizashi.ids import id_timestamp_ms, new_id, new_ids


def test_ids_are_version_7_rfc_variant() -> None:
    value = uuid.UUID(new_id())
    assert value.version == 7
    assert value.variant == uuid.RFC_4122


def test_ids_sort_in_creation_order_within_one_millisecond() -> None:
    ids = [new_id() for _ in range(20_000)]
    assert ids == sorted(ids)
    assert len(set(ids)) == len(ids)


def test_id_encodes_its_creation_time() -> None:
    before = time.time_ns() // 1_000_000
    value = new_id()
    after = time.time_ns() // 1_000_000
    assert before <= id_timestamp_ms(value) <= after + 1


def test_batches_of_ids_sort_in_order_between_single_ids() -> None:
    before = new_id()
    batch = new_ids(5000)
    after = new_id()
    assert [before, *batch, after] == sorted([before, *batch, after])
    assert len(set(batch)) == 5000
    assert all(uuid.UUID(value).version == 7 for value in batch[:10])
