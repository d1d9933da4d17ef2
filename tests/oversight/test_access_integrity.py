"""The access report checks every entry it shows against the audit log's hashes: a row
rewritten in the database (its append-only triggers dropped) is shown marked as tampered,
never silently believed, and never hides the rest (the qa12 forgery, docs/oversight.md)."""

from __future__ import annotations

import hashlib

import orjson
from sqlalchemy import select, text, update

from kizashi.guard.audit.merkle import node_hash
from kizashi.oversight import access_report
from kizashi.store.tables import audit_entries, audit_nodes
from tests.oversight.conftest import World

PREVENTION = "threat assessment before the 11/1 speech (未然防止)"
FORGED = "正当な捜査目的（偽造）"


def _drop_append_only_triggers(world: World, table: str = "audit_entries") -> None:
    with world.guard.engine.begin() as connection:
        if connection.dialect.name == "sqlite":
            connection.execute(text(f"DROP TRIGGER {table}_no_update"))
        else:
            connection.execute(text(f"DROP TRIGGER {table}_no_change ON {table}"))


def _reads(world: World, count: int) -> list[int]:
    """``count`` reads of the offender's post by the analyst: their audit seqs."""
    post = world.seeded.reports["post"]
    for _ in range(count):
        assert world.guard.check(world.users["analyst"], "read", "report", post, PREVENTION)
    report = access_report(world.guard, world.users["overseer"], officer="an-suzuki")
    return [line["seq"] for line in report["accesses"]]


def test_a_purpose_rewritten_in_the_database_is_shown_marked_as_tampered(world: World) -> None:
    seqs = _reads(world, 3)
    clean = access_report(world.guard, world.users["overseer"], entity=world.seeded.offender)
    assert clean["summary"]["tampered"] == []
    assert all(line["tampered"] is None for line in clean["accesses"])
    _drop_append_only_triggers(world)
    with world.guard.engine.begin() as connection:
        connection.execute(
            update(audit_entries).where(audit_entries.c.seq == seqs[1]).values(purpose=FORGED)
        )
    report = access_report(world.guard, world.users["overseer"], entity=world.seeded.offender)
    lines = {line["seq"]: line for line in report["accesses"]}
    assert report["summary"]["tampered"] == [seqs[1]]
    assert lines[seqs[1]]["stated_purpose"] == FORGED  # shown as stored, and marked
    assert lines[seqs[1]]["tampered"] == "the stored purpose differs from the hashed leaf"
    assert lines[seqs[0]]["tampered"] is None and lines[seqs[2]]["tampered"] is None
    assert len(lines) == len(clean["accesses"])  # the rest is still shown


def test_a_leaf_rewritten_with_its_hash_is_caught_by_the_tree(world: World) -> None:
    seqs = _reads(world, 20)  # enough to complete a stored block of 16 leaves
    _drop_append_only_triggers(world)
    target = seqs[2]
    with world.guard.engine.begin() as connection:
        leaf = connection.execute(
            select(audit_entries.c.leaf).where(audit_entries.c.seq == target)
        ).scalar_one()
        forged = {**orjson.loads(leaf), "purpose": FORGED}
        new_leaf = orjson.dumps(forged, option=orjson.OPT_SORT_KEYS)
        connection.execute(
            update(audit_entries)
            .where(audit_entries.c.seq == target)
            .values(
                leaf=new_leaf.decode(),
                leaf_hash=hashlib.sha256(b"\x00" + new_leaf).digest(),
                purpose=FORGED,
            )
        )
    report = access_report(world.guard, world.users["overseer"], officer="an-suzuki")
    lines = {line["seq"]: line for line in report["accesses"]}
    assert target in report["summary"]["tampered"]
    assert "audit tree was built over" in lines[target]["tampered"]
    block = target // 16
    # Only the block the forged leaf sits in is doubted (the node cannot say which leaf).
    assert {seq // 16 for seq in report["summary"]["tampered"]} == {block}


def _forge_leaf(world: World, target: int) -> bytes:
    """The purpose of entry ``target`` rewritten in its leaf, leaf hash and column."""
    with world.guard.engine.begin() as connection:
        leaf = connection.execute(
            select(audit_entries.c.leaf).where(audit_entries.c.seq == target)
        ).scalar_one()
        new_leaf = orjson.dumps(
            {**orjson.loads(leaf), "purpose": FORGED}, option=orjson.OPT_SORT_KEYS
        )
        digest = hashlib.sha256(b"\x00" + new_leaf).digest()
        connection.execute(
            update(audit_entries)
            .where(audit_entries.c.seq == target)
            .values(leaf=new_leaf.decode(), leaf_hash=digest, purpose=FORGED)
        )
    return digest


def test_a_leaf_its_hash_and_its_level_4_node_rewritten_are_caught_by_the_checkpoint(
    world: World,
) -> None:
    seqs = _reads(world, 20)
    world.guard.audit.checkpoint()  # a checkpoint covers the reads
    _drop_append_only_triggers(world)
    _drop_append_only_triggers(world, "audit_nodes")
    target = seqs[2]
    _forge_leaf(world, target)
    block, width = target // 16, 16
    with world.guard.engine.begin() as connection:
        hashes = [
            bytes(h)
            for (h,) in connection.execute(
                select(audit_entries.c.leaf_hash)
                .where(audit_entries.c.seq.between(block * width, block * width + width - 1))
                .order_by(audit_entries.c.seq)
            )
        ]
        while len(hashes) > 1:
            hashes = [node_hash(hashes[i], hashes[i + 1]) for i in range(0, len(hashes), 2)]
        connection.execute(
            update(audit_nodes)
            .where(audit_nodes.c.level == 4, audit_nodes.c.idx == block)
            .values(hash=hashes[0])
        )
    report = access_report(world.guard, world.users["overseer"], officer="an-suzuki")
    lines = {line["seq"]: line for line in report["accesses"]}
    assert target in report["summary"]["tampered"]
    assert "latest checkpoint's root" in lines[target]["tampered"]
    # The forged leaf and node sit on the paths of its block and the neighbouring block
    # only (level 5 pairs them): entries further off still reach the root.
    assert {s // 16 for s in report["summary"]["tampered"]} <= {block, block ^ 1}
    assert all(lines[s]["tampered"] is None for s in lines if s // 32 != block // 2)


def test_a_leaf_rewritten_with_its_hash_in_the_last_incomplete_block_is_caught(
    world: World,
) -> None:
    seqs = _reads(world, 3)
    world.guard.audit.checkpoint()
    _drop_append_only_triggers(world)
    target = seqs[-1]
    with world.guard.engine.connect() as connection:
        stored = connection.execute(
            select(audit_nodes.c.idx).where(
                audit_nodes.c.level == 4, audit_nodes.c.idx == target // 16
            )
        ).first()
    assert stored is None  # its block is not complete: no level-4 node to compare with
    _forge_leaf(world, target)
    report = access_report(world.guard, world.users["overseer"], officer="an-suzuki")
    assert target in report["summary"]["tampered"]
