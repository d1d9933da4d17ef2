"""Check stored audit entries against their own hashes, for a report that shows them.

`kizashi audit verify` checks a whole export: every leaf hash, the tree and the signed
checkpoints. A report that shows some entries (oversight's access report) reads the stored
columns instead, and a column rewritten in the database (triggers dropped) would be shown as
if true. This is the cheap check for the entries one shows, four things per entry:

1. the leaf's own hash: SHA-256(0x00 || leaf) equals the stored ``leaf_hash`` (a leaf edited
   in place);
2. the columns the report reads (time, actor, action, resource, purpose, effect) say what the
   hashed leaf says (a column rewritten beside its leaf — the qa12 forgery);
3. the leaf hash sits in the tree: the lowest stored node over the entry (level 4, over a
   block of 16 leaves; lower levels are not stored) is the hash of the block's stored leaf
   hashes (a leaf rewritten *with* its hash recomputed, and not the tree; an entry of a block
   not yet complete has no stored node and is checked by 1–2 only).

4. the leaf hash reaches the latest stored checkpoint's root along its inclusion path over
   the stored tree (a handful of hashes above the level-4 node): a leaf rewritten with its
   hash AND the level-4 node over its block, or one in a block not yet complete, fails here.

What it does not do: check the checkpoint's signature (a checkpoint row rewritten with a
recomputed root, or an entry appended after the latest checkpoint, is caught by
``audit export`` + ``audit verify`` only, or the access report's ``--proofs`` checked against
the signed note).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import orjson
from sqlalchemy import Connection, and_, select

from kizashi.guard.audit.merkle import (
    Node,
    inclusion_proof,
    inclusion_ranges,
    leaf_hash,
    node_hash,
    range_nodes,
    verify_inclusion,
)
from kizashi.guard.audit.prepare import format_time
from kizashi.guard.audit.store import SKIPPED_LEVELS, latest_checkpoint, read_nodes
from kizashi.store.tables import audit_entries, audit_nodes

_CHUNK = 500


def _leaf_disagrees(row: Any) -> str | None:
    """Why the row's columns do not say what its leaf says (None: they agree)."""
    try:
        leaf = orjson.loads(row.leaf)
    except orjson.JSONDecodeError:
        return "the leaf is not JSON"
    if not isinstance(leaf, dict):
        return "the leaf is not an object"
    resource = leaf.get("resource") or {}
    decision = leaf.get("decision") or {}
    columns = {
        "seq": (row.seq, leaf.get("seq")),
        "time": (format_time(row.time), leaf.get("time")),
        "actor": (row.actor, leaf.get("actor")),
        "action": (row.action, leaf.get("action")),
        "resource_type": (row.resource_type, resource.get("type")),
        "resource_id": (row.resource_id, resource.get("id")),
        "purpose": (row.purpose, leaf.get("purpose")),
        "effect": (row.effect, decision.get("effect")),
    }
    changed = [name for name, (stored, hashed) in columns.items() if stored != hashed]
    if changed:
        verb = "differs" if len(changed) == 1 else "differ"
        return f"the stored {', '.join(changed)} {verb} from the hashed leaf"
    return None


def _subtree_root(hashes: list[bytes]) -> bytes:
    """The root of a perfect subtree (a power of two of leaf hashes, in order)."""
    level = hashes
    while len(level) > 1:
        level = [node_hash(level[i], level[i + 1]) for i in range(0, len(level), 2)]
    return level[0]


def _tree_mismatches(connection: Connection, hashes: dict[int, bytes]) -> dict[int, int]:
    """The seqs (with their block) whose lowest stored node is not the hash of the block's
    stored leaf hashes. The node cannot say which leaf of the block was rewritten, so every
    shown entry of the block is marked, the reason naming the block.

    The store keeps perfect nodes above level ``SKIPPED_LEVELS`` only (a level-4 node covers
    16 leaves), so each shown entry's 16-leaf block is read (one query per 500 blocks) and
    folded; a block not yet complete has no stored node and is checked by the leaf alone.
    """
    level = SKIPPED_LEVELS + 1
    width = 1 << level
    blocks = sorted({seq >> level for seq in hashes})
    nodes: dict[int, bytes] = {}
    leaves: dict[int, bytes] = {}
    for start in range(0, len(blocks), _CHUNK):
        chunk = blocks[start : start + _CHUNK]
        for idx, digest in connection.execute(
            select(audit_nodes.c.idx, audit_nodes.c.hash).where(
                and_(audit_nodes.c.level == level, audit_nodes.c.idx.in_(chunk))
            )
        ):
            nodes[int(idx)] = bytes(digest)
        wanted = [
            seq
            for block in chunk
            if block in nodes
            for seq in range(block * width, (block + 1) * width)
        ]
        for seq, digest in connection.execute(
            select(audit_entries.c.seq, audit_entries.c.leaf_hash).where(
                audit_entries.c.seq.in_(wanted)
            )
        ):
            leaves[int(seq)] = bytes(digest)
    broken: set[int] = set()
    for block, node in nodes.items():
        covered = [leaves.get(seq) for seq in range(block * width, (block + 1) * width)]
        present = [digest for digest in covered if digest is not None]
        if len(present) != width or _subtree_root(present) != node:
            broken.add(block)
    return {seq: seq >> level for seq in hashes if seq >> level in broken}


def _reader(found: Mapping[Node, bytes]) -> Callable[[Iterable[Node]], Mapping[Node, bytes]]:
    """A node reader over nodes read already (one read for a chunk of entries' paths)."""

    def read(_nodes: Iterable[Node]) -> Mapping[Node, bytes]:
        return found

    return read


def _checkpoint_mismatches(connection: Connection, hashes: dict[int, bytes]) -> set[int]:
    """The seqs covered by the latest stored checkpoint whose leaf hash, folded with the
    stored tree's nodes along its inclusion path, does not give the checkpoint's root.

    This reads the handful of hashes above the level-4 node (one query set per 200 entries),
    so a leaf rewritten with its hash AND its block's level-4 node, or one in a block not yet
    complete, is caught once a checkpoint covers it. A rewritten leaf or node lies on other
    entries' paths too (the rest of its block, the neighbouring block under the same level-5
    node), so they are marked as well: the root cannot say which hash changed.
    """
    latest = latest_checkpoint(connection)
    if latest is None:
        return set()
    size, root, _note = latest
    covered = sorted(seq for seq in hashes if seq < size)
    mismatched: set[int] = set()
    for start in range(0, len(covered), 200):
        chunk = covered[start : start + 200]
        wanted = {
            node
            for seq in chunk
            for first, end in inclusion_ranges(seq, size)
            for node in range_nodes(first, end)
        }
        found = read_nodes(connection, wanted)
        read = _reader(found)
        for seq in chunk:
            try:
                path = inclusion_proof(seq, size, read)
            except LookupError:  # a node of its path is missing: the tree was cut
                mismatched.add(seq)
                continue
            if not verify_inclusion(hashes[seq], seq, size, path, root):
                mismatched.add(seq)
    return mismatched


def check_stored_entries(connection: Connection, rows: Iterable[Any]) -> dict[int, str]:
    """The entries among ``rows`` that fail their hashes, each with why ({} when all hold).

    Each row has the audit table's columns ``seq, time, actor, action, resource_type,
    resource_id, purpose, effect, leaf, leaf_hash``.
    """
    failed: dict[int, str] = {}
    hashes: dict[int, bytes] = {}
    listed: Sequence[Any] = list(rows)
    for row in listed:
        seq = int(row.seq)
        stored = bytes(row.leaf_hash)
        if leaf_hash(str(row.leaf).encode("utf-8")) != stored:
            failed[seq] = "the leaf does not match its recorded leaf hash"
            continue
        disagreement = _leaf_disagrees(row)
        if disagreement is not None:
            failed[seq] = disagreement
            continue
        hashes[seq] = stored
    width = 1 << (SKIPPED_LEVELS + 1)
    for seq, block in _tree_mismatches(connection, hashes).items():
        first = block * width
        failed[seq] = (
            f"the leaf hashes of seq {first}-{first + width - 1} are not the ones the audit "
            "tree was built over: one of them was rewritten with its hash"
        )
    for seq in sorted(_checkpoint_mismatches(connection, hashes)):
        failed.setdefault(
            seq,
            "the leaf hash and the stored tree above it do not give the latest checkpoint's "
            "root: the leaf, its hash or a node of the tree was rewritten",
        )
    return failed
