"""Personal-data removal by the tear-line, measured on a set built from public tables.

    .venv/bin/python benchmarks/share_pii.py [--per-author 40] [--seed 7]

Texts are written in nine authors' styles: A a police memo, B a partner's informal report,
C an e-mail, D a tabular contract note, E a patrol note (one template each, the first
measurement); H a shop staff's chat, I an investigation report with aliases and katakana
readings (three templates each); F an SNS post, G a phone-call transcript (three templates
each, written before any tuning for them and run only at the end). Names come from IPAdic's
person names (NOT the MIT name lists the recogniser ships), places from Geolonia's town
table (the recogniser ships municipalities only), phones/e-mails/ids/plates are random.

Splits: A–C and H–I are development (tuned on); D–E and F–G are held-out (not inspected
case by case; `--splits` chooses which run). Recall = share of seeded values absent from
the tear-line; precision = share of removed spans that overlap a seeded value. Ordinary
text (Tatoeba Japanese sentences, no personal data) gives the false-removal rate. Reads
../shared/data (KIZASHI_SHARED_DATA); nothing is shipped.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
from pathlib import Path

from kizashi.share.tear_line import leftovers, tearline

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
                s["reading_katakana"],
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
    name, kana, surname, kana_surname = rng.choice(people)
    return {
        "name": name,
        "kana": kana,
        "surname": surname,
        "kana_surname": kana_surname,
        "address": f"{rng.choice(towns)}{rng.randint(1, 9)}-{rng.randint(1, 30)}-{rng.randint(1, 20)}",
        "phone": f"0{rng.choice([80, 90, 70])}-{rng.randint(1000, 9999)}-{rng.randint(1000, 9999)}",
        "email": f"user{rng.randint(10, 9999)}@example.{rng.choice(['jp', 'com', 'ne.jp'])}",
        "handle": f"@{rng.choice(['kuro', 'shiro', 'neko', 'ud'])}_{rng.randint(10, 999)}",
        "mynumber": " ".join(str(rng.randint(1000, 9999)) for _ in range(3)),
        "plate": f"{rng.choice(['足立', '品川', '練馬', '横浜'])} {rng.randint(300, 599)} {rng.choice('あいうえかさ')} {rng.randint(10, 99)}-{rng.randint(10, 99)}",
        "age": rng.randint(19, 79),
    }


# One template each: the first measurement's authors (their random draws stay as they were).
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

# Three templates each; a text draws one, and a second person's surname (surname2).
STYLES: dict[str, list[tuple[str, tuple[str, ...]]]] = {
    # development: a shop's staff chat (LINE-like), an investigation report with aliases
    "H": [
        (
            "店長、さっきの客{surname}って名乗ってました。硝酸アンモニウム10袋、領収書は{surname}様宛で。電話{phone}",
            ("surname", "phone"),
        ),
        (
            "{surname2}くんが言ってたけど、{kana_surname}って人がまた来たよ。前と同じ車（{plate}）",
            ("surname2", "kana_surname", "plate"),
        ),
        (
            "お疲れ様です。{name}さん（{age}）から問い合わせ、メール{email}、住所{address}です",
            ("name", "email", "address"),
        ),
    ],
    "I": [
        (
            "対象者は{kana_surname}と名乗る男で、本名は{name}とみられる。携帯電話{phone}を使用。",
            ("kana_surname", "name", "phone"),
        ),
        (
            "{surname2}巡査部長が{address}の{surname}方を訪問し、{kana}（{age}）と面談した。",
            ("surname2", "address", "surname", "kana"),
        ),
        (
            "協力者の{surname2}氏によれば、{kana_surname}は{handle}のアカウントで投稿している。",
            ("surname2", "kana_surname", "handle"),
        ),
    ],
    # held-out: an SNS post, a phone-call transcript
    "F": [
        (
            "【拡散希望】{address}の{surname}って奴、毎晩ベランダで何か燃やしてる。{surname}の車 {plate} 見かけたら通報して #不審者",
            ("address", "surname", "plate"),
        ),
        (
            "{handle} のポスト見た？ {name}（{age}）が書き込んだらしい。電話番号{phone}まで晒されてる",
            ("handle", "name", "phone"),
        ),
        (
            "{kana_surname}ってDMで名乗ってきた人から「薬品売ります」って連絡きた… 連絡先 {email} だって",
            ("kana_surname", "email"),
        ),
    ],
    "G": [
        (
            "通報者：もしもし、{surname}と申します。隣の{surname2}さんのお宅から変な臭いがして…\n受理者：お名前の読みを教えてください。\n通報者：{kana_surname}です。電話は{phone}です。",
            ("surname", "surname2", "kana_surname", "phone"),
        ),
        (
            "受理者：ご住所は？\n通報者：{address}です。\n受理者：相手の方のお名前は分かりますか。\n通報者：{name}って人です。車は{plate}です。",
            ("address", "name", "plate"),
        ),
        (
            "（架電記録）{surname2}氏より入電。「{name}という男が、{age}歳くらいで、{address}に出入りしている」とのこと。折返し先{phone}。",
            ("surname2", "name", "address", "phone"),
        ),
    ],
}
SPLITS = {
    "development (A–C)": "ABC",
    "held-out (D–E)": "DE",
    "development (H–I)": "HI",
    "held-out (F–G)": "FG",
}


def _measure(texts: list[tuple[str, list[str]]]) -> dict[str, float | int]:
    seeded = kept = removed_spans = true_spans = 0
    for text, values in texts:
        torn = tearline(text, "TLP:GREEN")
        seeded += len(values)
        kept += len(leftovers(torn.text, values))
        for r in torn.removed:
            removed_spans += 1
            span = text[r["start"] : r["end"]]
            true_spans += any(val in span or span in val for val in values)
    return {
        "seeded values": seeded,
        "recall": round(1 - kept / seeded, 4),
        "precision": round(true_spans / max(removed_spans, 1), 4),
    }


def _texts(split: str, authors: str, rng: random.Random, people, towns, per_author: int):  # type: ignore[no-untyped-def]
    texts = []
    # The first measurement's authors share one random stream (A–C then D–E), as before;
    # each newer split has a stream of its own, so adding one changes no other.
    own = rng if authors in ("ABC", "DE") else random.Random(f"{split}-{rng.random()}")
    for author in authors:
        for _ in range(per_author):
            v = _values(own, people, towns)
            if author in STYLES:
                template, fields = own.choice(STYLES[author])
                v["surname2"] = own.choice(people)[2]
            else:
                template, fields = AUTHORS[author]
            texts.append((template.format(**v), [str(v[f]) for f in fields]))
    return texts


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--per-author", type=int, default=40)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument(
        "--splits", default="ABC,DE,HI,FG", help="which splits to run (held-out: DE, FG)"
    )
    ap.add_argument("--ordinary", type=int, default=1000, help="Tatoeba sentences sampled")
    ap.add_argument("--ordinary-seed", type=int, help="their sample's seed (default: --seed)")
    ap.add_argument("--show-misses", action="store_true", help="development splits only")
    args = ap.parse_args()
    wanted = set(args.splits.split(","))
    rng = random.Random(args.seed)
    people, towns, ordinary = _load(rng)
    results: dict[str, object] = {}
    for split, authors in SPLITS.items():
        # every split's texts are drawn, so that a split's texts do not depend on the others run
        texts = _texts(split, authors, rng, people, towns, args.per_author)
        if authors not in wanted:
            continue
        results[split] = _measure(texts)
        if args.show_misses and split.startswith("development"):
            for text, values in texts:
                missed = leftovers(tearline(text, "TLP:GREEN").text, values)
                if missed:
                    print("MISS", missed, "|", text.replace("\n", " / "))
    seed = args.seed if args.ordinary_seed is None else args.ordinary_seed
    sample = random.Random(seed).sample(ordinary, args.ordinary)
    chars = sum(len(t) for t in sample)
    removed = 0
    touched = 0
    for text in sample:
        torn = tearline(text, "TLP:GREEN")
        removed += sum(r["end"] - r["start"] for r in torn.removed)
        touched += bool(torn.removed)
        if args.show_misses and torn.removed:
            print("ORDINARY", [text[r["start"] : r["end"]] for r in torn.removed], "|", text)
    results[f"ordinary text ({args.ordinary:,} Tatoeba sentences)"] = {
        "sentences touched": touched,
        "characters removed": f"{removed}/{chars} ({removed / chars:.2%})",
    }
    print(json.dumps(results, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
