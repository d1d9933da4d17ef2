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


def test_batch_ids_are_canonical_uuid_text_with_their_sequence_and_random_bits() -> None:
    batch = new_ids(3000)
    values = [uuid.UUID(value) for value in batch]
    assert [str(value) for value in values] == batch  # lower-case, dashes in their places
    assert all(value.variant == uuid.RFC_4122 for value in values)
    # rand_b: the sequence number in its top 22 bits, 40 random bits below it.
    assert [(value.int >> 40) & ((1 << 22) - 1) for value in values] == list(range(3000))
    assert len({value.int & ((1 << 40) - 1) for value in values}) > 2990
    # One batch's time, version and counter: the 64 bits above rand_b are the same.
    assert len({value.int >> 64 for value in values}) == 1


def test_a_smaller_batch_after_a_larger_one_sorts_after_it() -> None:
    first, second = new_ids(4000), new_ids(10)
    assert len(second) == 10
    assert first + second == sorted(first + second)
    assert not set(first) & set(second)


def test_batches_made_by_many_threads_at_once_carry_their_own_sequence_numbers() -> None:
    # The API ingests in a thread pool: batches growing the sequence table at the same time
    # must each get every number at its own index.
    from concurrent.futures import ThreadPoolExecutor

    sizes = [500 + 37 * n for n in range(64)]
    with ThreadPoolExecutor(max_workers=8) as pool:
        batches = list(pool.map(new_ids, sizes))
    for size, batch in zip(sizes, batches, strict=True):
        values = [uuid.UUID(value) for value in batch]
        assert [(value.int >> 40) & ((1 << 22) - 1) for value in values] == list(range(size))
