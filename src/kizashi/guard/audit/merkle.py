"""RFC 9162 (Certificate Transparency 2.0) Merkle trees, written with hashlib.

Hashing (RFC 9162 §2.1.1): a leaf hashes as SHA-256(0x00 || leaf), an interior node as
SHA-256(0x01 || left || right), the empty tree as SHA-256(""). A tree of n > 1 leaves splits
at k, the largest power of two smaller than n.

Proofs are computed from *perfect subtrees*: node (level, index) is the hash of the aligned
block of 2**level leaves starting at index * 2**level. Every proof element is either such a
node or the right edge of a tree, which decomposes into at most log2(n) of them, so a proof
at any size needs O(log n) stored hashes (see :func:`inclusion_nodes`), never the whole tree.
A store keeps each perfect node once, when it completes (:func:`extend_frontier`); the
right edge of the tree (its *frontier*) is a list of at most log2(n) hashes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Mapping, Sequence

Node = tuple[int, int]  # (level, index): the perfect subtree of 2**level leaves at index
Range = tuple[int, int]  # [start, end) of leaves

EMPTY_ROOT = hashlib.sha256(b"").digest()
_sha256 = hashlib.sha256


def leaf_hash(leaf: bytes) -> bytes:
    return _sha256(b"\x00" + leaf).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return _sha256(b"\x01" + left + right).digest()


def _split(n: int) -> int:
    """The largest power of two smaller than n (n > 1)."""
    return 1 << ((n - 1).bit_length() - 1)


# --- the right edge of a growing tree -------------------------------------------------------


def extend_frontier(frontier: list[bytes], size: int, leaf: bytes) -> list[tuple[int, int, bytes]]:
    """Append one leaf hash to a tree of `size` leaves; returns the perfect nodes it completes.

    `frontier` holds the roots of the perfect subtrees that make up the tree, largest first
    (one per set bit of `size`), and is updated in place.
    """
    completed: list[tuple[int, int, bytes]] = []
    current, level, index = leaf, 0, size
    while index & 1:
        current = node_hash(frontier.pop(), current)
        level += 1
        index >>= 1
        completed.append((level, index, current))
    frontier.append(current)
    return completed


def frontier_root(frontier: Sequence[bytes]) -> bytes:
    """The Merkle Tree Hash of the tree whose frontier this is."""
    if not frontier:
        return EMPTY_ROOT
    root = frontier[-1]
    for left in reversed(frontier[:-1]):
        root = node_hash(left, root)
    return root


def frontier_nodes(size: int) -> list[Node]:
    """The perfect nodes making up a tree of `size` leaves, largest first."""
    nodes: list[Node] = []
    start = 0
    for level in range(size.bit_length() - 1, -1, -1):
        if size >> level & 1:
            nodes.append((level, start >> level))
            start += 1 << level
    return nodes


# --- proofs as ranges of leaves ---------------------------------------------------------------


def inclusion_ranges(index: int, size: int) -> list[Range]:
    """The leaf ranges whose hashes form PATH(index, D[size]) (RFC 9162 §2.1.3.1), leaf first."""
    if not 0 <= index < size:
        raise ValueError(f"leaf index {index} is outside a tree of {size}")
    ranges: list[Range] = []
    start, end = 0, size
    while end - start > 1:
        k = _split(end - start)
        if index - start < k:
            ranges.append((start + k, end))
            end = start + k
        else:
            ranges.append((start, start + k))
            start += k
    ranges.reverse()
    return ranges


def consistency_ranges(old_size: int, new_size: int) -> list[Range]:
    """The leaf ranges whose hashes form PROOF(old_size, D[new_size]) (RFC 9162 §2.1.4.1)."""
    if not 0 <= old_size <= new_size:
        raise ValueError(f"no consistency proof from size {old_size} to {new_size}")
    if old_size in (0, new_size):
        return []
    ranges: list[Range] = []
    start, end, old, complete = 0, new_size, old_size, True
    while True:
        if old == end - start:
            if not complete:
                ranges.append((start, end))
            break
        k = _split(end - start)
        if old <= k:
            ranges.append((start + k, end))
            end = start + k
        else:
            ranges.append((start, start + k))
            start += k
            old -= k
            complete = False
    ranges.reverse()
    return ranges


def range_nodes(start: int, end: int) -> list[Node]:
    """The perfect nodes whose combination (right to left) is MTH(D[start:end]).

    Valid for the ranges the RFC recursion produces: `start` is aligned to a power of two at
    least as large as the range, so the greedy left-to-right split matches the RFC's split.
    """
    nodes: list[Node] = []
    while start < end:
        level = (end - start).bit_length() - 1
        nodes.append((level, start >> level))
        start += 1 << level
    return nodes


def combine(hashes: Sequence[bytes]) -> bytes:
    """Fold perfect-node hashes (left to right order) into one range hash, right first."""
    return frontier_root(hashes)


NodeReader = Callable[[Iterable[Node]], Mapping[Node, bytes]]


def _resolve(ranges: list[Range], read: NodeReader) -> list[bytes]:
    per_range = [range_nodes(start, end) for start, end in ranges]
    found = read({node for nodes in per_range for node in nodes})
    try:
        return [combine([found[node] for node in nodes]) for nodes in per_range]
    except KeyError as exc:
        raise LookupError(f"node {exc.args[0]} is not stored") from None


def inclusion_proof(index: int, size: int, read: NodeReader) -> list[bytes]:
    return _resolve(inclusion_ranges(index, size), read)


def consistency_proof(old_size: int, new_size: int, read: NodeReader) -> list[bytes]:
    return _resolve(consistency_ranges(old_size, new_size), read)


def root(size: int, read: NodeReader) -> bytes:
    nodes = frontier_nodes(size)
    found = read(nodes)
    return frontier_root([found[node] for node in nodes])


# --- verification (RFC 9162 §2.1.3.2 and §2.1.4.2) ------------------------------------------


def verify_inclusion(
    leaf: bytes, index: int, size: int, proof: Sequence[bytes], expected_root: bytes
) -> bool:
    """Does `proof` show the leaf hash `leaf` at `index` in the tree of `size` with this root?"""
    if not 0 <= index < size:
        return False
    fn, sn, result = index, size - 1, leaf
    for sibling in proof:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            result = node_hash(sibling, result)
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            result = node_hash(result, sibling)
        fn >>= 1
        sn >>= 1
    return sn == 0 and result == expected_root


def verify_consistency(
    old_size: int, new_size: int, old_root: bytes, new_root: bytes, proof: Sequence[bytes]
) -> bool:
    """Does `proof` show that the tree of `new_size` extends the tree of `old_size`?"""
    if not 0 <= old_size <= new_size:
        return False
    if old_size == new_size:
        return not proof and old_root == new_root
    if old_size == 0:
        return not proof  # every tree extends the empty one
    path = list(proof)
    if not path:
        return False
    if old_size & (old_size - 1) == 0:
        path.insert(0, old_root)
    fn, sn = old_size - 1, new_size - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr = node_hash(c, fr)
            sr = node_hash(c, sr)
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            sr = node_hash(sr, c)
        fn >>= 1
        sn >>= 1
    return sn == 0 and fr == old_root and sr == new_root


# --- an in-memory tree (tests, offline verification, the witness) ----------------------------


class MemoryTree:
    """A tree held in memory as every perfect node, level by level."""

    def __init__(self, leaf_hashes: Iterable[bytes] = ()) -> None:
        self.levels: list[list[bytes]] = [[]]
        self.frontier: list[bytes] = []
        for leaf in leaf_hashes:
            self.append(leaf)

    @property
    def size(self) -> int:
        return len(self.levels[0])

    def append(self, leaf: bytes) -> None:
        completed = extend_frontier(self.frontier, self.size, leaf)
        self.levels[0].append(leaf)
        for level, _index, value in completed:
            if level == len(self.levels):
                self.levels.append([])
            self.levels[level].append(value)

    def read(self, nodes: Iterable[Node]) -> dict[Node, bytes]:
        return {(level, index): self.levels[level][index] for level, index in nodes}

    def root(self, size: int | None = None) -> bytes:
        return root(self.size if size is None else size, self.read)

    def inclusion_proof(self, index: int, size: int | None = None) -> list[bytes]:
        return inclusion_proof(index, self.size if size is None else size, self.read)

    def consistency_proof(self, old_size: int, new_size: int | None = None) -> list[bytes]:
        return consistency_proof(old_size, self.size if new_size is None else new_size, self.read)


def reference_root(leaves: Sequence[bytes]) -> bytes:
    """MTH(D[n]) straight from the RFC's recursive definition (for tests; O(n) per call)."""
    if not leaves:
        return EMPTY_ROOT
    if len(leaves) == 1:
        return leaf_hash(leaves[0])
    k = _split(len(leaves))
    return node_hash(reference_root(leaves[:k]), reference_root(leaves[k:]))
