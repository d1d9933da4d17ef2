"""Tear-lines of long lines: does the cost grow with the text's length, or faster?

    PYTHONPATH=src .venv/bin/python benchmarks/share_long_lines.py [--sizes 20000,200000]

For each kind of long line (a capitalised English run, Japanese prose, digits, address
characters with no @, kanji, katakana, mixed symbols…) this times `tearline(text,
"TLP:RED")` and, in the same process and interleaved, a plain Sudachi tokenisation of the same
text (`kizashi.text.tokenize`: the baseline every Japanese text pays). It prints the CPU
seconds of both and their ratio at each size: a ratio that stays flat as the text grows is a
tear-line linear in the text; one that grows with the size is a quadratic left somewhere.
Texts are drawn with a fixed seed; no figure here is a pass/fail test.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from collections.abc import Callable

from kizashi.share.tear_line import tearline
from kizashi.text import Mapped, tokenize


def _drawn(chars: str) -> Callable[[random.Random, int], str]:
    return lambda rng, n: "".join(rng.choice(chars) for _ in range(n))


def _repeated(unit: str) -> Callable[[random.Random, int], str]:
    return lambda rng, n: (unit * (n // len(unit) + 1))[:n]


def _words(words: list[str]) -> Callable[[random.Random, int], str]:
    return lambda rng, n: " ".join(rng.choice(words) for _ in range(n // 4))[:n]


KINDS: dict[str, Callable[[random.Random, int], str]] = {
    "capitalised words": _words(["Alpha", "Bravo", "Name:", "NATO", "KIM", "MIN", "Guest"]),
    "Japanese prose": _repeated("東京都新宿区西新宿2-8-1で田中さんと会った。"),
    "English prose": _repeated("Mr John Smith met Ms Ann Lee at 10 Downing Street, London. "),
    "digits": _drawn("0123456789-"),
    "address characters, no @": _drawn("a.b-c_d1"),
    "kanji": _drawn("田中山川東京都区市町村様氏"),
    "katakana": _drawn("アイウエオ・ー"),
    "hangul": _drawn("김민준씨님 에게"),
    "mixed symbols": _drawn("Aa 1:：（）様氏\n-@.東京『』「」"),
}


def _cpu(work: Callable[[], object]) -> float:
    start = time.process_time()
    work()
    return time.process_time() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="20000,200000")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    tearline("warm up: 田中さん", "TLP:RED")
    print(
        f"| line | {' | '.join(f'{n:,} chars: tear-line / tokenise CPU s (ratio)' for n in sizes)} |"
    )
    print(f"|---|{'---|' * len(sizes)}")
    for name, draw in KINDS.items():
        cells = []
        for n in sizes:
            text = draw(random.Random(n), n)
            tear, plain = [], []
            for _ in range(args.rounds):  # interleaved: the tear-line, then the baseline
                tear.append(_cpu(lambda t=text: tearline(t, "TLP:RED")))
                plain.append(_cpu(lambda t=text: tokenize(Mapped.identity(t))))
            t, p = statistics.median(tear), statistics.median(plain)
            cells.append(f"{t:.2f} / {p:.2f} ({t / max(p, 1e-9):.1f}×)")
        print(f"| {name} | {' | '.join(cells)} |", flush=True)


if __name__ == "__main__":
    main()
