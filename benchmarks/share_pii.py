"""Personal-data removal by the tear-line, measured on a set built from public tables.

    .venv/bin/python benchmarks/share_pii.py [--per-author 40] [--seed 7]

Texts are written in five authors' styles (a police memo, a partner's informal report, an
e-mail, an English briefing, a tabular contract note). Names come from IPAdic's person
names (NOT the MIT name lists the recogniser ships), places from Geolonia's town table (the
recogniser ships municipalities only), phones/e-mails/ids/plates are random. Authors A–C
are the development split; D–E are the held-out split (not inspected case by case). Recall
= share of seeded values absent from the tear-line; precision = share of removed spans that
overlap a seeded value. Ordinary text (Tatoeba Japanese sentences, no personal data) gives
the false-removal rate. Reads ../shared/data (KIZASHI_SHARED_DATA); nothing is shipped.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
from pathlib import Path

from kizashi.share.tearlines import leftovers, tearline

SHARED = Path(
    os.environ.get("KIZASHI_SHARED_DATA", Path(__file__).parents[1] / ".." / "shared" / "data")
)


def _load(rng: random.Random) -> tuple[list[tuple[str, str, str]], list[str], list[str]]:
    rows = list(
        csv.DictReader(
            (SHARED / "japanese_names_readings/ipadic_person_names.csv").open(encoding="utf-8")
        )
    )
    sur = [r for r in rows if r["name_type"] == "surname" and int(r["ipadic_cost"]) < 8000]
    giv = [r for r in rows if r["name_type"] == "given" and int(r["ipadic_cost"]) < 8000]
    people = []
    for _ in range(2000):
        s, g = rng.choice(sur), rng.choice(giv)
        people.append(
            (
                s["surface"] + " " + g["surface"],
                s["reading_katakana"] + " " + g["reading_katakana"],
                s["surface"],
            )
        )
    towns = []
    with (SHARED / "japanese_addresses/towns_geolonia.csv").open(encoding="utf-8") as f:
        for i, r in enumerate(csv.DictReader(f)):
            if i % 97 == 0 and r["pref"] in ("東京都", "神奈川県", "埼玉県", "千葉県", "大阪府"):
                towns.append(f"{r['pref']}{r['municipality']}{r['town']}")
    ordinary = [
        json.loads(line)["text"]
        for line in (SHARED / "tanaka_tatoeba_enja/ja.jsonl").open(encoding="utf-8")
    ]
    return people, towns, ordinary


def _values(rng: random.Random, people, towns):  # type: ignore[no-untyped-def]
    name, kana, surname = rng.choice(people)
    return {
        "name": name,
        "kana": kana,
        "surname": surname,
        "address": f"{rng.choice(towns)}{rng.randint(1, 9)}-{rng.randint(1, 30)}-{rng.randint(1, 20)}",
        "phone": f"0{rng.choice([80, 90, 70])}-{rng.randint(1000, 9999)}-{rng.randint(1000, 9999)}",
        "email": f"user{rng.randint(10, 9999)}@example.{rng.choice(['jp', 'com', 'ne.jp'])}",
        "handle": f"@{rng.choice(['kuro', 'shiro', 'neko', 'ud'])}_{rng.randint(10, 999)}",
        "mynumber": " ".join(str(rng.randint(1000, 9999)) for _ in range(3)),
        "plate": f"{rng.choice(['足立', '品川', '練馬', '横浜'])} {rng.randint(300, 599)} {rng.choice('あいうえかさ')} {rng.randint(10, 99)}-{rng.randint(10, 99)}",
        "age": rng.randint(19, 79),
    }


AUTHORS = {
    "A": (
        "{name}（{age}）方、{address}において、夜間に金属音が続いているとの通報。連絡先は{phone}。",
        ("name", "address", "phone"),
    ),
    "B": (
        "うちの管理物件の借主の{surname}さん、最近夜中にガレージで作業してて火薬っぽいにおいがします。携帯{phone}、メール{email}です。",
        ("surname", "phone", "email"),
    ),
    "C": (
        "件名：ご相談\n担当者様\n{name}様（{kana}）のアカウント{handle}の投稿について相談です。住所は{address}です。",
        ("name", "kana", "handle", "address"),
    ),
    "D": (
        "契約者：{name}\n住所：{address}\n電話：{phone}\n個人番号：{mynumber}\n車両：{plate}",
        ("name", "address", "phone", "mynumber", "plate"),
    ),
    "E": (
        "昨夜、{address}付近で{name}（{age}歳）が運転する車両（{plate}）を確認。本人の連絡先{phone}、{email}。",
        ("name", "address", "plate", "phone", "email"),
    ),
}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--per-author", type=int, default=40)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    people, towns, ordinary = _load(rng)
    results = {}
    for split, authors in (("development (A–C)", "ABC"), ("held-out (D–E)", "DE")):
        seeded = kept = removed_spans = true_spans = 0
        for author in authors:
            template, fields = AUTHORS[author]
            for _ in range(args.per_author):
                v = _values(rng, people, towns)
                text = template.format(**v)
                values = [str(v[f]) for f in fields]
                torn = tearline(text, "TLP:GREEN")
                seeded += len(values)
                kept += len(leftovers(torn.text, values))
                for r in torn.removed:
                    removed_spans += 1
                    span = text[r["start"] : r["end"]]
                    true_spans += any(val in span or span in val for val in values)
        results[split] = {
            "seeded values": seeded,
            "recall": round(1 - kept / seeded, 4),
            "precision": round(true_spans / max(removed_spans, 1), 4),
        }
    sample = random.Random(args.seed).sample(ordinary, 1000)
    chars = sum(len(t) for t in sample)
    removed = 0
    touched = 0
    for text in sample:
        torn = tearline(text, "TLP:GREEN")
        removed += sum(r["end"] - r["start"] for r in torn.removed)
        touched += bool(torn.removed)
    results["ordinary text (1,000 Tatoeba sentences)"] = {
        "sentences touched": touched,
        "characters removed": f"{removed}/{chars} ({removed / chars:.2%})",
    }
    print(json.dumps(results, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
