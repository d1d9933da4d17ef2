"""How many colluders a text can name (issue 20): mixing by lines and slot by slot.

    nice python benchmarks/trace_text_collusion.py [--cases 20] [--concentration 4]

(``--concentration`` measures the keyed Dirichlet bias of ``tx-variants-v2`` instead of the
uniform variants of ``tx-variants-v3``.)

The 70-slot raid plan of the tests is issued to 20 recipients (keyed copies, no store);
c = 2, 3, 4 colluders mix their copies either line by line (each line from one of them) or
slot by slot (each variant from one of them: colluders who compare copies word by word), and
the retyped mix is traced. Reported: at least one colluder named, all named, innocents named.
"""

from __future__ import annotations

import argparse
import dataclasses
import random
import re
from pathlib import Path

from kizashi.trace.params import default_params
from kizashi.trace.text_code import bias_for, codeword, render_copy
from kizashi.trace.text_template import parse
from kizashi.trace.text_trace import trace_text

PLAN = Path(__file__).resolve().parent.parent / "tests" / "trace" / "data" / "raid_plan_dense.md"
KEY = bytes(range(32))


def retype(text: str) -> str:
    text = re.sub("[\u200b\u200c\u2060]", "", text)
    return re.sub(r"[ \u3000]+", " ", text).replace("、", ",").replace("。", ". ")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", type=int, default=20)
    parser.add_argument("--concentration", type=float, default=None)
    args = parser.parse_args()
    params = default_params().text
    if args.concentration is not None:
        params = dataclasses.replace(
            params, concentration=args.concentration, uniform_bias=False, id="tx-variants-v2"
        )
    template = parse(PLAN.read_text("utf-8"), PLAN.name)
    labels = [f"r{i:02d}" for i in range(20)]
    copies = {label: render_copy(KEY, "plan", label, template, params)[0] for label in labels}
    rng = random.Random(5)
    biases = [bias_for(KEY, "plan", s, params) for s in template.slots]
    print(f"{len(template.slots)} slots, scheme {params.id}, concentration {params.concentration}")
    print("| colluders | mixed by | ≥ 1 colluder named | all named | innocents named |")
    print("|---|---|---|---|---|")
    for count in (2, 3, 4):
        for mode in ("lines", "slots"):
            one = every = innocent = 0
            for _ in range(args.cases):
                colluders = rng.sample(labels, count)
                if mode == "lines":
                    lines = [copies[c].splitlines() for c in colluders]
                    mixed = "\n".join(rng.choice(row) for row in zip(*lines, strict=True))
                else:
                    words = {c: codeword(KEY, "plan", c, template, biases) for c in colluders}
                    pick = [words[rng.choice(colluders)][i] for i in range(len(template.slots))]
                    mixed = template.render(pick)
                verdict = trace_text(retype(mixed), template, KEY, "plan", labels, params)
                named = {r.label for r in verdict.named}
                one += bool(named & set(colluders))
                every += set(colluders) <= named
                innocent += bool(named - set(colluders))
            print(
                f"| {count} | {mode} | {one}/{args.cases} | {every}/{args.cases} "
                f"| {innocent}/{args.cases} |"
            )


if __name__ == "__main__":
    main()
