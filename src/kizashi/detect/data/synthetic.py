"""Compositional training sentences for threats no rule names (ninth pass, issue 13).

Harm intent × target × time / place / event × register, each intent frame paired with a
**benign twin** of the same shape (the same targets, times and places with an ordinary
predicate), so the model learns the intent, not the slots. Written by a different "writer" from
every probe and evaluation family: its own intent frames and its own slot fillers, chosen not to
reuse the phrasings of ``functional.yaml`` or any ``probes*.yaml`` (``tests/detect`` checks that
no sentence or 12-character run of a synthetic sentence occurs in those files).

Each frame is a *family* used in one split only (every fourth frame is dev, the rest train);
the slot fillers are separate per split too. Deterministic: same code, same items.
"""

from __future__ import annotations

import hashlib
import itertools
import random
from typing import Any

__all__ = ["FRAMES", "SLOTS", "synthetic_items"]

SEED = 20261205
PER_FRAME = 6

# Slot fillers per split (train, dev): never shared between the two.
SLOTS: dict[str, dict[str, tuple[list[str], list[str]]]] = {
    "ja": {
        "target": (
            [
                "町長",
                "県議の大森",
                "区長候補",
                "あの編集長",
                "元同僚の竹内",
                "隣の家の旦那",
                "組合の委員長",
                "配信者のミナト",
            ],
            ["副知事", "市議の岩崎", "理事長", "大家の森下"],
        ),
        "time": (
            ["土曜の夕方", "月曜の朝", "連休明け", "来月の七日", "夜九時すぎ", "今度の日曜"],
            ["明後日の昼", "週明け", "十五日の夜"],
        ),
        "place": (
            [
                "公民館",
                "市役所の裏口",
                "商店街のアーケード",
                "地下駐車場",
                "球場の正門",
                "港の倉庫前",
            ],
            ["体育館の前", "区民センター", "団地の集会所"],
        ),
        "event": (
            ["街頭演説", "決起集会", "出版記念会", "住民説明会", "握手会"],
            ["討論会", "後援会の総会"],
        ),
    },
    "en": {
        "target": (
            [
                "the alderman",
                "Councilwoman Reyes",
                "the county sheriff",
                "that blogger",
                "my old foreman",
                "the school board chair",
                "Judge Whitaker",
                "your husband",
            ],
            ["the lieutenant governor", "Commissioner Hale", "my landlord", "the union boss"],
        ),
        "time": (
            [
                "Thursday evening",
                "the morning of the vote",
                "after the holiday",
                "on the 22nd",
                "at dusk",
                "this coming Sunday",
            ],
            ["on Tuesday night", "the day after tomorrow", "on the 9th"],
        ),
        "place": (
            [
                "the county fair",
                "the library steps",
                "the parish hall",
                "the parking deck",
                "the ferry terminal",
                "the VFW post",
            ],
            ["the civic center", "the high school gym", "the farmers market"],
        ),
        "event": (
            [
                "town hall meeting",
                "ribbon cutting",
                "book signing",
                "victory party",
                "charity gala",
            ],
            ["candidate forum", "press briefing"],
        ),
    },
}

# (language, register, threat frame, benign twin of the same shape)
FRAMES: list[tuple[str, str, str, str]] = [
    # Japanese, plain: knowledge of the victim and a consequence, no harm verb
    (
        "ja",
        "plain",
        "{target}が{time}に{place}を通るのは知ってる。その日で終わりだ",
        "{target}が{time}に{place}を通るのは知ってる。その日に挨拶しよう",
    ),
    (
        "ja",
        "plain",
        "{event}の会場で{target}に二度と口がきけないようにしてやる",
        "{event}の会場で{target}に直接意見を言ってやる",
    ),
    (
        "ja",
        "plain",
        "{target}、{time}の{place}がお前の見納めだ",
        "{target}、{time}の{place}で見かけたよ",
    ),
    (
        "ja",
        "plain",
        "{target}の家族が{place}から無事に帰れる保証はない",
        "{target}の家族が{place}から無事に帰れてよかった",
    ),
    # Japanese, keigo: euphemism, polite register
    (
        "ja",
        "keigo",
        "{time}、{place}にて{target}様にはしかるべき落とし前をつけていただきます",
        "{time}、{place}にて{target}様にはご挨拶をいただきます",
    ),
    (
        "ja",
        "keigo",
        "{event}では{target}様が壇上から二度とお戻りになれぬよう手配いたしました",
        "{event}では{target}様が壇上から皆様にご挨拶できるよう手配いたしました",
    ),
    (
        "ja",
        "keigo",
        "{target}様のご自宅もお車も存じ上げております。{time}をお待ちください",
        "{target}様のご自宅に{time}お伺いします。お待ちください",
    ),
    (
        "ja",
        "keigo",
        "{target}様、{place}では背後にお気をつけあそばせ。それが最後のご忠告です",
        "{target}様、{place}では足元にお気をつけください。段差がございます",
    ),
    # Japanese, Kansai
    (
        "ja",
        "kansai",
        "{target}、{time}{place}で待っとるわ。生きて帰れる思うなや",
        "{target}、{time}{place}で待っとるわ。はよ来てや",
    ),
    (
        "ja",
        "kansai",
        "{event}で{target}いてもうたる。ほんまにやるで",
        "{event}で{target}に会うてくる。ほんまに楽しみや",
    ),
    (
        "ja",
        "kansai",
        "{target}の{place}、火の海にしたるさかい覚えとけ",
        "{target}の{place}、掃除しといたるさかい任しとき",
    ),
    # Japanese, SNS
    (
        "ja",
        "sns",
        "#{event} {time} {place} 💀 {target}の最期を見届けろ",
        "#{event} {time} {place} 📸 {target}の晴れ舞台を見届けろ",
    ),
    # English, plain: implicit, office-holders, events, dates and places, no harm verb
    (
        "en",
        "plain",
        "{target} walks to {place} every morning. Some morning soon {target} won't.",
        "{target} walks to {place} every morning. Some morning soon I'll join.",
    ),
    (
        "en",
        "plain",
        "The {event} at {place} {time} will be the last thing {target} ever attends.",
        "The {event} at {place} {time} will be the first thing {target} attends in office.",
    ),
    (
        "en",
        "plain",
        "{target} should get his affairs in order before the {event}.",
        "{target} should get his notes in order before the {event}.",
    ),
    (
        "en",
        "plain",
        "Someone will dig a grave for {target} {time}, and it'll be me.",
        "Someone will dig a flowerbed for {target} {time}, and it'll be me.",
    ),
    (
        "en",
        "formal",
        "Be advised that {target} will not survive the {event} at {place}.",
        "Be advised that {target} will not attend the {event} at {place}.",
    ),
    (
        "en",
        "formal",
        "We have the license plate and the home address of {target}. {time}, it ends.",
        "We have the license plate and the home address of {target}. {time}, the permit arrives.",
    ),
    (
        "en",
        "casual",
        "lol {target} might want a food taster at the {event} {time} 🎯",
        "lol {target} might want a caterer at the {event} {time} 🍰",
    ),
    (
        "en",
        "casual",
        "gonna make sure {target} never gives another speech after {place}",
        "gonna make sure {target} gives another speech after {place}",
    ),
]


def _rng(*parts: str) -> random.Random:
    digest = hashlib.sha256("|".join((str(SEED), *parts)).encode()).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))


def _fill(frame: str, pools: dict[str, list[str]], rng: random.Random) -> list[str]:
    names = [n for n in ("target", "time", "place", "event") if "{" + n + "}" in frame]
    combos = list(itertools.product(*(pools[n] for n in names)))
    rng.shuffle(combos)
    return [frame.format(**dict(zip(names, c, strict=True))) for c in combos[:PER_FRAME]]


def synthetic_items() -> list[dict[str, Any]]:
    """Threats (label ``threat``) and their benign twins (label ``None``), split by frame."""
    items: list[dict[str, Any]] = []
    for k, (lang, register, threat, twin) in enumerate(FRAMES):
        split = "dev" if k % 4 == 3 else "train"
        index = 0 if split == "train" else 1
        pools = {name: pair[index] for name, pair in SLOTS[lang].items()}
        for label, frame, kind in (("threat", threat, "threat"), (None, twin, "twin")):
            for n, text in enumerate(_fill(frame, pools, _rng(str(k), kind))):
                items.append({
                    "id": f"synth-{lang}-{register}-{k}-{kind}-{n}", "text": text,
                    "label": label, "functionality": f"synth-{lang}-{register}-{kind}",
                    "family": f"synth/{k}", "lang": lang, "split": split,
                    "origin": "synthetic",
                })  # fmt: skip
    return items
