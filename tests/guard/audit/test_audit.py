"""The audit log in the store: durable appends, gap-free seqs, checkpoints, proofs, redaction."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import Engine, delete, select, text, update
from sqlalchemy.exc import DBAPIError

from kizashi.guard import AuditLog, AuditWriteError, GroupCommitWriter
from kizashi.guard.audit import merkle
from kizashi.guard.audit.notes import open_checkpoint
from kizashi.store import is_sqlite
from kizashi.store.tables import audit_checkpoints, audit_entries, audit_personal
from tests.guard.conftest import Clock, Fill, entry


def test_append_returns_a_receipt_once_committed(audit_log: AuditLog) -> None:
    receipt = audit_log.append(entry(0))
    assert receipt.seq == 0 and receipt.tree_size == 1
    assert audit_log.append(entry(1)).seq == 1
    assert audit_log.size == 2


def test_a_leaf_holds_hashes_of_personal_data_not_the_data(
    audit_log: AuditLog, engine: Engine
) -> None:
    audit_log.append(entry(0, personal={"subject_name": "山田太郎"}))
    with engine.connect() as connection:
        leaf = connection.execute(select(audit_entries.c.leaf)).scalar_one()
    assert "山田太郎" not in leaf
    assert '"personal":{"subject_name":"' in leaf
    assert audit_log.personal(0) == {"subject_name": "山田太郎"}


def test_checkpoints_are_signed_every_n_entries_or_t_seconds(
    audit_log: AuditLog, fill: Fill, clock: Clock
) -> None:
    fill(1)  # the first append of a log is always checkpointed
    fill(3)
    assert _sizes(audit_log) == [1]
    fill(2)  # 5 entries since the last checkpoint
    assert _sizes(audit_log) == [1, 6]
    fill(1)
    clock.advance(61)
    fill(1)  # 61 s since the last checkpoint
    assert _sizes(audit_log) == [1, 6, 8]


def _sizes(log: AuditLog) -> list[int]:
    return [open_checkpoint(note, log.signer.verifier).size for note in log.checkpoint_notes()]


def test_the_stored_tree_matches_a_tree_recomputed_from_the_leaves(
    audit_log: AuditLog, fill: Fill, engine: Engine
) -> None:
    fill(37)
    with engine.connect() as connection:
        leaves = [row.leaf.encode() for row in connection.execute(select(audit_entries.c.leaf))]
    for size in (1, 6, 16, 37):
        assert audit_log.root(size) == merkle.reference_root(leaves[:size])
    checkpoint = audit_log.latest_checkpoint()
    assert checkpoint is not None
    assert checkpoint.root == merkle.reference_root(leaves[: checkpoint.size])


def test_every_entry_has_an_inclusion_proof_against_the_latest_checkpoint(
    audit_log: AuditLog, fill: Fill
) -> None:
    fill(23)
    for seq in range(23):
        proof = audit_log.prove(seq)
        assert proof.tree_size == 23 and proof.verify()
        assert open_checkpoint(proof.checkpoint, audit_log.signer.verifier).root == proof.root


def test_consistency_proofs_between_checkpoints_verify(audit_log: AuditLog, fill: Fill) -> None:
    fill(9)
    old_root = audit_log.root(9)
    fill(30)
    proof = audit_log.consistency_proof(9, 39)
    assert merkle.verify_consistency(9, 39, old_root, audit_log.root(39), proof)


def test_redaction_removes_personal_data_and_proofs_still_verify(
    audit_log: AuditLog, fill: Fill
) -> None:
    fill(8)
    before = audit_log.prove(3)
    assert audit_log.redact(3, "retention period over") == 1
    assert audit_log.personal(3) == {"subject_name": None}
    after = audit_log.prove(3)
    assert after.verify() and after.leaf == before.leaf


def test_the_database_refuses_to_rewrite_entries_nodes_and_checkpoints(
    audit_log: AuditLog, fill: Fill, engine: Engine
) -> None:
    fill(16)  # nodes are stored from level 4 (16 leaves) up
    for statement in (
        update(audit_entries).values(actor="someone else"),
        delete(audit_entries).where(audit_entries.c.seq == 5),
        update(audit_checkpoints).values(note="forged"),
        text("DELETE FROM audit_nodes"),
        update(audit_personal).values(value="another name"),
        delete(audit_personal),
    ):
        with (
            pytest.raises(DBAPIError, match=r"append-only|only be redacted"),
            engine.begin() as connection,
        ):
            connection.execute(statement)


def test_append_fails_closed_when_the_log_cannot_be_written(
    audit_log: AuditLog, fill: Fill, engine: Engine
) -> None:
    fill(2)
    with engine.begin() as connection:
        if is_sqlite(engine):
            connection.execute(
                text(
                    "CREATE TRIGGER disk_full BEFORE INSERT ON audit_entries "
                    "BEGIN SELECT RAISE(ABORT, 'disk full'); END"
                )
            )
        else:
            connection.execute(
                text(
                    "CREATE FUNCTION full_disk() RETURNS trigger LANGUAGE plpgsql AS $$ "
                    "BEGIN RAISE EXCEPTION 'disk full'; END $$"
                )
            )
            connection.execute(
                text(
                    "CREATE TRIGGER disk_full BEFORE INSERT ON audit_entries "
                    "FOR EACH ROW EXECUTE FUNCTION full_disk()"
                )
            )
    with pytest.raises(AuditWriteError, match="nothing may be served"):
        audit_log.append(entry(2))
    with pytest.raises(AuditWriteError), GroupCommitWriter(audit_log) as writer:
        writer.append(entry(3))
    assert audit_log.size == 2  # the head did not move: nothing half-written


def test_concurrent_appends_get_gap_free_unique_seqs(audit_log: AuditLog) -> None:
    seqs: list[int] = []
    lock = threading.Lock()

    def work(worker: int) -> None:
        for i in range(15):
            receipt = audit_log.append(entry(worker * 100 + i))
            with lock:
                seqs.append(receipt.seq)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(seqs) == list(range(90))
    for seq in (0, 45, 89):
        assert audit_log.prove(seq).verify()


def test_group_commit_batches_many_callers_into_few_transactions(audit_log: AuditLog) -> None:
    receipts = []
    with GroupCommitWriter(audit_log, max_batch=50, max_delay=0.05) as writer:
        futures = [writer.submit(entry(i)) for i in range(120)]
        receipts = [future.result() for future in futures]
    assert [receipt.seq for receipt in receipts] == list(range(120))
    assert len({receipt.tree_size for receipt in receipts}) <= 10  # batches, not 120 commits
    assert audit_log.prove(119).verify()


def test_stored_columns_read_back_as_written(audit_log: AuditLog, engine: Engine) -> None:
    receipt = audit_log.append(entry(1))
    with engine.connect() as connection:
        row = connection.execute(select(audit_entries)).one()
    assert row.time == receipt.time and row.time.tzinfo is not None
    assert (row.actor, row.action, row.effect) == ("officer-1", "search", "allow")
    assert bytes(row.leaf_hash).hex() == receipt.leaf_hash


def test_proofs_from_the_store_match_the_reference_tree_at_every_size(
    audit_log: AuditLog, fill: Fill
) -> None:
    # Nodes of levels 1-3 are not stored but recomputed from leaf hashes: every root and
    # proof must still be the reference tree's, at sizes that cut subtrees at every level.
    from kizashi.guard.audit import store as audit_store

    fill(70)
    with audit_log.engine.connect() as connection:
        hashes = connection.execute(
            select(audit_entries.c.leaf_hash).order_by(audit_entries.c.seq)
        ).scalars()
        tree = merkle.MemoryTree(bytes(h) for h in hashes)

        def read(nodes):  # type: ignore[no-untyped-def]
            return audit_store.read_nodes(connection, nodes)

        for size in (1, 2, 3, 7, 8, 9, 15, 16, 17, 33, 64, 70):
            assert audit_log.root(size) == tree.root(size)
            for index in sorted({0, size // 2, size - 1}):
                assert merkle.inclusion_proof(index, size, read) == tree.inclusion_proof(
                    index, size
                )
                assert audit_log.consistency_proof(index + 1, size) == tree.consistency_proof(
                    index + 1, size
                )


def test_a_prepared_leaf_with_its_seq_spliced_in_is_the_canonical_leaf() -> None:
    from datetime import UTC, datetime

    from kizashi.guard import AuditEntry
    from kizashi.guard.audit.canonical import canonical_json, personal_hash
    from kizashi.guard.audit.prepare import format_time, prepare_entries

    odd = AuditEntry(
        actor='a"\\\u0001é',
        action="read",
        resource_type="subject",
        resource_id="",
        purpose="p\n",
        effect="deny",
        reason="r",
        personal={"subject": "山田", "zz": "x"},
        context={"seq": 1, "z": [1, None, True]},
    )
    when = datetime(2026, 11, 23, 1, 2, 3, 4, tzinfo=UTC)
    for seq in (0, 9, 10, 2**40):
        (item,) = prepare_entries([odd], when)
        hashes = {name: personal_hash(salt, value) for name, salt, value in item.personal}
        assert item.leaf(seq) == canonical_json(odd.leaf(seq, format_time(when), hashes))
