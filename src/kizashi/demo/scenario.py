"""The deterministic demo scenario: a month before a ward-mayor election in Toshima.

``build_scenario`` makes every channel's records plus a ground-truth manifest of the planted
cases and a sample of the decoys; ``write_scenario`` writes them as JSONL for ``kizashi demo``
to ingest. Everything is fictional. Each corpus draws from its own ``random.Random`` stream
seeded from the scenario seed, so one corpus changing does not reshuffle the others, and the
same seed always yields byte-identical files.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kizashi.demo.clock import (
    ELECTION_DAY,
    PERIOD_END,
    PERIOD_START,
    RALLY_AT,
    RALLY_PLACE,
    day_str,
    iso,
)
from kizashi.demo.corpus_market import build_company_approaches, build_listings
from kizashi.demo.corpus_purchases import build_purchases
from kizashi.demo.corpus_reports import build_reports
from kizashi.demo.corpus_seized import CASE_REF, OPERATION, build_seized
from kizashi.demo.corpus_sns import (
    OFFENDER_ACCOUNT,
    RECRUITER_HANDLES,
    build_sns,
    planted_accounts,
)
from kizashi.demo.manifest import CHANNELS, Ledger
from kizashi.demo.people import OFFENDER, OFFENDER_GARAGE, write_address

__all__ = ["DEFAULT_SEED", "SCENARIO_NAME", "Scenario", "build_scenario", "write_scenario"]

SCENARIO_NAME = "election-month-toshima"
DEFAULT_SEED = 20261122
# Background sizes at scale 1.0; planted records are included in these totals.
SNS_POSTS = 20_000
PURCHASES = 5_000


@dataclass(frozen=True)
class Scenario:
    seed: int
    records: dict[str, list[dict[str, Any]]]
    manifest: dict[str, Any]


def _declare_cases(ledger: Ledger) -> None:
    accounts = planted_accounts()
    ledger.case(
        "lone-offender-yamada",
        "lone_offender",
        "A lone man gathers sulfur, potassium nitrate and charcoal at three retailers in 13 "
        "days under three scripts of his name, works metal in a rented garage at night, and "
        "posts coded threats against the candidate's rally.",
        identity={
            "name": OFFENDER.name,
            "name_kana": OFFENDER.name_kana,
            "name_romaji": OFFENDER.name_romaji,
            "phone": OFFENDER.e164,
            "address": write_address(OFFENDER, "full"),
            "birth_date": day_str(OFFENDER.birth_date),
            "email": OFFENDER.email,
        },
        garage=OFFENDER_GARAGE,
        accounts=[{"platform": OFFENDER_ACCOUNT[0], "handle": OFFENDER_ACCOUNT[1]}],
    )
    ledger.case(
        "coded-threats-rally",
        "threat",
        "Coded threats (56す, 〇す, 4ね, ﾀﾋね, こ ろ す, k0rosu, 山上する, English) against "
        "candidate 桜井 みどり's rally at JR大塚駅南口広場 on 2026-11-01 15:00.",
        target="candidate-sakurai",
        event="rally-otsuka-1101",
        accounts=accounts["threat"],
    )
    ledger.case(
        "yami-baito-recruitment",
        "recruitment",
        "Yami-baito lures (ホワイト案件, 即日即金, 受け子・出し子, UD) that move applicants to "
        "Telegram and Signal; the recruiter accounts reappear as senders in the seized chat.",
        accounts=accounts["recruitment"],
        # The same recruiters as senders in the seized chat (see raid-leak-seized-chat).
        messaging=[
            {"app": "telegram", "handle": f"@{RECRUITER_HANDLES['telegram']}"},
            {"app": "signal", "handle": RECRUITER_HANDLES["signal"]},
        ],
    )
    ledger.case(
        "shell-casing-listings",
        "prohibited_listing",
        "Real spent cartridge cases and a 'toy' gun hinted to take live rounds, from three "
        "seller accounts on two marketplaces.",
        sellers=["gunsmith_k", "mil_surplus_77", "reload_tanaka"],
    )
    ledger.case(
        "espionage-approach-semicon",
        "espionage_approach",
        "A semiconductor engineer befriended over four dinners by a self-described trade "
        "attaché who then asks for EUV lithography process data.",
    )
    ledger.case(
        "raid-leak-seized-chat",
        "leak",
        "The seized chat warns of a police search the night before it happens, with the "
        "planned date and address, and forwards police surveillance photos.",
        case_ref=CASE_REF,
        operation=OPERATION,
        leaked_files=["IMG_0412.jpg", "IMG_0413.jpg", "IMG_0414.jpg"],
    )


def build_scenario(seed: int = DEFAULT_SEED, *, scale: float = 1.0) -> Scenario:
    """Build every channel's records and the manifest; pure and deterministic in ``seed``."""
    if scale <= 0:
        raise ValueError("scale must be positive")
    ledger = Ledger()
    _declare_cases(ledger)

    def stream(name: str) -> random.Random:
        # String seeds hash with SHA-512 in CPython, independent of PYTHONHASHSEED.
        return random.Random(f"{SCENARIO_NAME}:{seed}:{name}")

    build_sns(ledger, stream("sns"), total=round(SNS_POSTS * scale))
    build_purchases(ledger, stream("purchases"), total=round(PURCHASES * scale))
    build_reports(ledger, stream("reports"))
    build_listings(ledger, stream("listings"))
    build_company_approaches(ledger)
    build_seized(ledger, stream("seized"))
    records = ledger.finish()
    manifest = ledger.manifest(
        scenario=SCENARIO_NAME,
        seed=seed,
        scale=scale,
        period={
            "start": iso(PERIOD_START),
            "end": iso(PERIOD_END),
            "election_day": day_str(ELECTION_DAY),
        },
        protected=[
            {
                "id": "candidate-sakurai",
                "name": "桜井 みどり",
                "name_kana": "サクライ ミドリ",
                "kind": "candidate",
                "role": "豊島区長選挙 候補者 (fictional)",
                "events": [
                    {
                        "id": "rally-otsuka-1101",
                        "kind": "street_rally",
                        "place": RALLY_PLACE,
                        "starts_at": iso(RALLY_AT),
                    }
                ],
            }
        ],
    )
    return Scenario(seed=seed, records=records, manifest=manifest)


def write_scenario(scenario: Scenario, directory: Path) -> dict[str, Path]:
    """Writes one JSONL file per channel (`{channel}.jsonl`, UTF-8, ensure_ascii=False, one
    object per line) and `manifest.json`; returns channel -> path (plus "manifest")."""
    directory.mkdir(parents=True, exist_ok=True)
    paths: dict[str, Path] = {}
    for channel in CHANNELS:
        path = directory / f"{channel}.jsonl"
        lines = [json.dumps(r, ensure_ascii=False) + "\n" for r in scenario.records[channel]]
        path.write_text("".join(lines), encoding="utf-8", newline="\n")
        paths[channel] = path
    path = directory / "manifest.json"
    text = json.dumps(scenario.manifest, ensure_ascii=False, indent=2) + "\n"
    path.write_text(text, encoding="utf-8", newline="\n")
    paths["manifest"] = path
    return paths
