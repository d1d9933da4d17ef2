"""Linkage at scale: `kizashi link FILE` against plain splink, and the live path.

    nice python benchmarks/link.py --records 1000000 --repeats 1
    nice python benchmarks/link.py --records 100000 --repeats 3 --new 300

(1) Writes N synthetic person records once (names in katakana or romaji in either order,
birth date 70 %, phone 80 % in five formats, address 70 % short or formal) to a CSV. Then,
interleaved, ``--repeats`` times each: ``kizashi link FILE --id-field id`` (the CLI, as a user
runs it) and plain splink on the same file (raw columns, Jaro-Winkler/Levenshtein with term
frequencies, blocks on name, phone and address) with **the same training budget**: u from
2,000,000 random pairs, two EM sessions of at most 500,000 pairs each. Each run is its own
process; its wall time, CPU time and peak resident memory are recorded for the whole process
tree (sampled with psutil: kizashi's normalising workers come from a forkserver). Prints the
medians and the ratios kizashi / plain, and pairwise precision / recall / F1 of both.

(2) ``--new`` (incremental): a store holding the N records (as ``kizashi resolve`` stores
them: records, blocking keys, components, edges, entities) receives that many new reports
one at a time through ``link_new_report``; prints p50 / p95 / max milliseconds. The store is
built directly from the linkage result (ingesting a million reports is intake's benchmark).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from kizashi.resolve.jaset import write_address, write_phone

MORAE = [
    "ka",
    "ki",
    "ku",
    "ke",
    "ko",
    "sa",
    "shi",
    "su",
    "se",
    "so",
    "ta",
    "chi",
    "tsu",
    "te",
    "to",
    "na",
    "ni",
    "nu",
    "ne",
    "no",
    "ha",
    "hi",
    "fu",
    "he",
    "ho",
    "ma",
    "mi",
    "mu",
    "me",
    "mo",
    "ya",
    "yu",
    "yo",
    "ra",
    "ri",
    "ru",
    "re",
    "ro",
    "wa",
    "ga",
    "gi",
    "gu",
    "ge",
    "go",
    "za",
    "ji",
    "zu",
    "ze",
    "zo",
    "ba",
    "bi",
    "bu",
    "be",
    "bo",
]
PLAIN_BLOCKS = (("name",), ("phone",), ("address",))
PLAIN_EM = (("birth_date",), ("phone",))


def _name(rng: random.Random) -> tuple[str, str]:
    family = "".join(rng.choice(MORAE) for _ in range(rng.choice((2, 3, 3))))
    given = "".join(rng.choice(MORAE) for _ in range(rng.choice((2, 2, 3))))
    return family, given


def _kana(romaji: str) -> str:
    import jaconv

    return str(jaconv.hira2kata(jaconv.alphabet2kana(romaji)))


def make_records(n: int, seed: int = 11) -> tuple[list[dict[str, Any]], dict[str, str]]:
    """About n records of n/1.7 people, written in katakana or romaji, with typical noise."""
    rng = random.Random(seed)
    records: list[dict[str, Any]] = []
    truth: dict[str, str] = {}
    person = 0
    while len(records) < n:
        person += 1
        family, given = _name(rng)
        phone = f"0{rng.choice('789')}0{rng.randrange(10**8):08d}"
        birth = f"{rng.randint(1940, 2005)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        home = (
            "豊島区",
            rng.choice(["南大塚", "北大塚", "巣鴨", "駒込", "目白", "池袋"]),
            (rng.randint(1, 6), rng.randint(1, 40), rng.randint(1, 30)),
            "0",
        )
        for _ in range(rng.choice((1, 1, 2, 2, 3))):
            if len(records) >= n:
                break
            record: dict[str, Any] = {"id": f"r{len(records)}"}
            if rng.random() < 0.5:
                record["name"] = f"{_kana(family)} {_kana(given)}"
            else:
                record["name"] = f"{given.capitalize()} {family.upper()}"
            if rng.random() < 0.7:
                record["birth_date"] = birth
            if rng.random() < 0.8:
                record["phone"] = write_phone(rng, phone)
            if rng.random() < 0.7:
                record["address"] = write_address(rng, home)
            truth[record["id"]] = f"p{person}"
            records.append(record)
    return records, truth


def write_csv(records: list[dict[str, Any]], path: Path) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, ["id", "name", "birth_date", "phone", "address"])
        writer.writeheader()
        writer.writerows(records)


def _tree_sample(root: Any, cpu: dict[tuple[int, float], float]) -> float:
    """Record the CPU seconds of ``root`` and every process under it (by pid and start
    time: a forkserver's workers are not the child's own children, so the child's rusage
    leaves them out); return the resident memory of the whole tree now, in bytes."""
    import psutil  # type: ignore[import-untyped]

    rss = 0.0
    try:
        processes = [root, *root.children(recursive=True)]
    except psutil.Error:
        return 0.0
    for process in processes:
        try:
            with process.oneshot():
                times = process.cpu_times()
                key = (process.pid, process.create_time())
                cpu[key] = max(cpu.get(key, 0.0), times.user + times.system)
                rss += process.memory_info().rss
        except psutil.Error:
            continue
    return rss


def _run(command: list[str], out: Path) -> tuple[float, float, float]:
    """Wall seconds, peak resident memory (GB) and CPU seconds (user + system) of one child
    process *and every process it starts* (the normalising workers come from a forkserver):
    the tree is sampled every 0.1 s; peak memory is the largest sum over the tree, or the
    child's own peak if that is larger (the child's last moments are not sampled)."""
    import psutil

    started = time.perf_counter()
    cpu: dict[tuple[int, float], float] = {}
    peak = 0.0
    with out.open("wb") as sink:
        process = subprocess.Popen(command, stdout=sink, stderr=subprocess.DEVNULL)
        root = psutil.Process(process.pid)
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            peak = max(peak, _tree_sample(root, cpu))
            time.sleep(0.1)
    seconds = time.perf_counter() - started
    if status != 0:
        raise SystemExit(f"{' '.join(command)}: exit status {status}")
    own = (process.pid, root.create_time())
    cpu[own] = max(cpu.get(own, 0.0), usage.ru_utime + usage.ru_stime)
    peak_gb = max(peak / 1024**3, usage.ru_maxrss / 1024 / 1024)
    return seconds, peak_gb, sum(cpu.values())


def plain_main(path: Path) -> None:
    """The baseline's process: plain splink on the raw CSV, clusters as JSONL."""
    from kizashi.resolve.baseline import plain_clusters

    with path.open(encoding="utf-8") as handle:
        records = [{k: (v or None) for k, v in row.items()} for row in csv.DictReader(handle)]
    clusters = plain_clusters(
        records, "id", blocks=PLAIN_BLOCKS, em_blocks=PLAIN_EM, max_pairs_u=2e6, em_max_pairs=5e5
    )
    out = sys.stdout
    for record_id, cluster in clusters.items():
        out.write(json.dumps({"id": record_id, "cluster": cluster}) + "\n")


def _clusters(path: Path) -> dict[str, str]:
    with path.open() as handle:
        return {r["id"]: r["cluster"] for r in map(json.loads, handle)}


def compare(path: Path, truth: dict[str, str], repeats: int, work: Path) -> None:
    from kizashi.resolve.evaluate import pairwise

    kizashi = str(Path(sys.executable).parent / "kizashi")
    runs: dict[str, list[tuple[float, float, float]]] = {"kizashi": [], "plain": []}
    commands = {
        "kizashi": [kizashi, "link", str(path), "--id-field", "id"],
        "plain": [sys.executable, __file__, "--plain", str(path)],
    }
    for repeat in range(repeats):
        order = ("kizashi", "plain") if repeat % 2 == 0 else ("plain", "kizashi")
        for name in order:
            seconds, gb, cpu = _run(commands[name], work / f"{name}.jsonl")
            runs[name].append((seconds, gb, cpu))
            print(f"  {name}: {seconds:.1f} s, CPU {cpu:.1f} s, peak {gb:.2f} GB", flush=True)
    med = {
        name: tuple(statistics.median(column) for column in zip(*r, strict=True))
        for name, r in runs.items()
    }
    for name, (seconds, gb, cpu) in med.items():
        score = pairwise(_clusters(work / f"{name}.jsonl"), truth)
        print(
            f"{name}: median {seconds:.1f} s, CPU {cpu:.1f} s, peak {gb:.2f} GB; "
            f"P {score.precision:.4f} "
            f"R {score.recall:.4f} F1 {score.f1:.4f}",
            flush=True,
        )
    print(
        f"ratios kizashi / plain: time {med['kizashi'][0] / med['plain'][0]:.2f}, "
        f"CPU {med['kizashi'][2] / med['plain'][2]:.2f}, "
        f"peak memory {med['kizashi'][1] / med['plain'][1]:.2f}",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=1)
    parser.add_argument("--new", type=int, default=0, help="incremental: new reports to link")
    parser.add_argument("--plain", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--skip-compare", action="store_true")
    args = parser.parse_args()
    if args.plain:
        plain_main(args.plain)
        return
    records, truth = make_records(args.records)
    print(f"{len(records)} records of {len(set(truth.values()))} people", flush=True)
    work = Path(tempfile.mkdtemp(prefix="kizashi-link-"))
    path = work / "records.csv"
    write_csv(records, path)
    if not args.skip_compare:
        compare(path, truth, args.repeats, work)
    if args.new:
        from benchmarks.link_live import live

        live(records, args.new, work)


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    main()
