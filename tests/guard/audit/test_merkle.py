"""RFC 9162 Merkle trees: the RFC 6962 reference vectors, and properties of every proof."""

from __future__ import annotations

import time

from hypothesis import given
from hypothesis import strategies as st

from kizashi.guard.audit import merkle
from kizashi.guard.audit.merkle import MemoryTree, leaf_hash, verify_consistency, verify_inclusion

# The test vectors of the Certificate Transparency reference implementation (RFC 6962):
# google/certificate-transparency, cpp/merkletree/merkle_tree_test.cc, as carried on in
# transparency-dev/merkle (testonly/constants.go, proof/verify_test.go). Indexes are 0-based.
LEAVES = [
    bytes.fromhex(h)
    for h in (
        "",
        "00",
        "10",
        "2021",
        "3031",
        "40414243",
        "5051525354555657",
        "606162636465666768696a6b6c6d6e6f",
    )
]
ROOTS = [
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
]
EMPTY_ROOT = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
INCLUSION = [  # (leaf index, tree size, audit path)
    (0, 1, []),
    (
        0,
        8,
        [
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
        ],
    ),
    (
        5,
        8,
        [
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
    (2, 3, ["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"]),
    (
        1,
        5,
        [
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        ],
    ),
]
CONSISTENCY = [  # (old size, new size, proof)
    (1, 1, []),
    (
        1,
        8,
        [
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
        ],
    ),
    (
        6,
        8,
        [
            "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
    (
        2,
        5,
        [
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        ],
    ),
]


def _tree() -> MemoryTree:
    return MemoryTree(leaf_hash(leaf) for leaf in LEAVES)


def test_the_empty_tree_hashes_to_sha256_of_nothing() -> None:
    assert merkle.EMPTY_ROOT.hex() == EMPTY_ROOT
    assert MemoryTree().root().hex() == EMPTY_ROOT


def test_roots_match_the_reference_vectors_at_every_size() -> None:
    tree = _tree()
    for size, expected in enumerate(ROOTS, 1):
        assert tree.root(size).hex() == expected
        assert merkle.reference_root(LEAVES[:size]).hex() == expected


def test_inclusion_proofs_match_the_reference_vectors_and_verify() -> None:
    tree = _tree()
    for index, size, path in INCLUSION:
        proof = tree.inclusion_proof(index, size)
        assert [node.hex() for node in proof] == path
        root = bytes.fromhex(ROOTS[size - 1])
        assert verify_inclusion(leaf_hash(LEAVES[index]), index, size, proof, root)


def test_consistency_proofs_match_the_reference_vectors_and_verify() -> None:
    tree = _tree()
    for old, new, path in CONSISTENCY:
        proof = tree.consistency_proof(old, new)
        assert [node.hex() for node in proof] == path
        old_root, new_root = bytes.fromhex(ROOTS[old - 1]), bytes.fromhex(ROOTS[new - 1])
        assert verify_consistency(old, new, old_root, new_root, proof)


def test_a_consistency_proof_fails_against_a_rewritten_history() -> None:
    tree = _tree()
    forked = MemoryTree(leaf_hash(leaf) for leaf in [*LEAVES[:2], b"rewritten", *LEAVES[3:]])
    proof = forked.consistency_proof(3, 8)
    assert not verify_consistency(3, 8, tree.root(3), forked.root(8), proof)


def _distinct_tree(size: int) -> MemoryTree:
    # Distinct leaves: with equal siblings, swapping left and right would change nothing.
    return MemoryTree(leaf_hash(f"entry {i}".encode()) for i in range(size))


def _flip(node: bytes, bit: int) -> bytes:
    return bytes([node[0] ^ (1 << (bit % 8))]) + node[1:]


@st.composite
def _inclusion_case(draw: st.DrawFn) -> tuple[int, int]:
    size = draw(st.integers(1, 300))
    return draw(st.integers(0, size - 1)), size


@given(_inclusion_case(), st.integers(0, 1000), st.integers(1, 300))
def test_every_inclusion_proof_verifies_and_any_alteration_fails(
    case: tuple[int, int], pick: int, other: int
) -> None:
    index, size = case
    tree = _distinct_tree(size)
    leaf, root, proof = tree.levels[0][index], tree.root(size), tree.inclusion_proof(index, size)
    assert verify_inclusion(leaf, index, size, proof, root)
    assert not verify_inclusion(_flip(leaf, pick), index, size, proof, root)
    assert not verify_inclusion(leaf, index, size, proof, _flip(root, pick))
    if proof:
        altered = list(proof)
        altered[pick % len(proof)] = _flip(altered[pick % len(proof)], pick)
        assert not verify_inclusion(leaf, index, size, altered, root)
        assert not verify_inclusion(leaf, index, size, proof[:-1], root)
    assert not verify_inclusion(leaf, index, size, [*proof, root], root)
    wrong_index = other % size
    if wrong_index != index:
        assert not verify_inclusion(leaf, wrong_index, size, proof, root)
    # The tree size is not part of this property: a proof cannot tell 65 leaves from 66 when
    # the path has the same shape; the size is authenticated by the signed checkpoint.


@st.composite
def _consistency_case(draw: st.DrawFn) -> tuple[int, int]:
    new = draw(st.integers(1, 300))
    return draw(st.integers(1, new)), new


@given(_consistency_case(), st.integers(0, 1000), st.integers(1, 300))
def test_every_consistency_proof_verifies_and_any_alteration_fails(
    case: tuple[int, int], pick: int, other: int
) -> None:
    old, new = case
    tree = _distinct_tree(new)
    old_root, new_root = tree.root(old), tree.root(new)
    proof = tree.consistency_proof(old, new)
    assert verify_consistency(old, new, old_root, new_root, proof)
    assert not verify_consistency(old, new, _flip(old_root, pick), new_root, proof)
    assert not verify_consistency(old, new, old_root, _flip(new_root, pick), proof)
    if proof:
        altered = list(proof)
        altered[pick % len(proof)] = _flip(altered[pick % len(proof)], pick)
        assert not verify_consistency(old, new, old_root, new_root, altered)
    if other != old and other <= new:
        assert not verify_consistency(other, new, old_root, new_root, proof)
    # (The new size, like an inclusion proof's tree size, is bound by the signed checkpoint.)


def test_incremental_roots_match_the_recursive_definition() -> None:
    leaves = [f"leaf {i}".encode() for i in range(70)]
    tree = MemoryTree(leaf_hash(leaf) for leaf in leaves)
    for size in range(71):
        assert tree.root(size) == merkle.reference_root(leaves[:size])


def test_a_proof_reads_logarithmically_many_stored_nodes() -> None:
    size = 1_000_000
    index = 765_432
    ranges = merkle.inclusion_ranges(index, size)
    assert len(ranges) == 20
    nodes = {node for start, end in ranges for node in merkle.range_nodes(start, end)}
    assert len(nodes) <= 2 * 20
    consistency = merkle.consistency_ranges(333_333, size)
    assert sum(len(merkle.range_nodes(s, e)) for s, e in consistency) <= 2 * 20


def test_an_inclusion_proof_at_a_million_entries_has_20_hashes_and_verifies_fast() -> None:
    tree = MemoryTree(leaf_hash(i.to_bytes(4, "big")) for i in range(1_000_000))
    root = tree.root()
    proof = tree.inclusion_proof(765_432)
    assert len(proof) == 20
    leaf = tree.levels[0][765_432]
    started = time.perf_counter()
    for _ in range(100):
        assert verify_inclusion(leaf, 765_432, tree.size, proof, root)
    assert (time.perf_counter() - started) / 100 < 0.001
