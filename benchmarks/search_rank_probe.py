"""Where the person a name search names stands among the people it shows, on a demo store.

    KIZASHI_DATA_DIR=var/demo/demo .venv/bin/python benchmarks/search_rank_probe.py \
        [--user matsumoto] [--sample 40] [--by-date]

Probe items, chosen by rule before the ranking was measured (nothing tuned on them): every
live person entity whose label, folded without spaces, is contained in another person's
label (so a search for it also finds someone else), sampled (seed 7) to ``--sample``, each
searched by its label as written; and the planted buyer of the demo (the person entity
labelled 山田 太郎 with the most members) searched as 山田太郎, 山田 太郎, ヤマダ タロウ and
Taro Yamada. For each, as ``--user`` (the lone-offender command centre by default), the
1-based place of the probed entity among the people shown (per_page 100); entities the user
may not see are counted apart. ``--by-date`` orders as before the ranking (kind, then
newest first) to measure the baseline. Every search is decided and audited as usual.
"""

from __future__ import annotations

import argparse
import json
import random
from collections import Counter
from typing import Any

from sqlalchemy import func, select

from kizashi.config import Settings
from kizashi.guard.identity import get_user
from kizashi.guard.policy import CliAccess
from kizashi.search import SearchQuery, search
from kizashi.search import service as search_service
from kizashi.search.terms import fold
from kizashi.store import make_engine
from kizashi.store.tables_resolve import entities, entity_members

PURPOSE = "search ranking probe"
PLANTED = ("山田太郎", "山田 太郎", "ヤマダ タロウ", "Taro Yamada")


def _by_date(_connection: Any, _q: str, shown: Any, order: dict[str, int]) -> list[Any]:
    return sorted(shown, key=lambda h: order.get(h.kind, len(order)))


def probes(settings: Settings, sample: int) -> list[tuple[str, str]]:
    store = make_engine(settings)
    with store.connect() as connection:
        people = list(
            connection.execute(
                select(entities.c.id, entities.c.label).where(
                    entities.c.kind == "person", entities.c.merged_into.is_(None)
                )
            )
        )
        planted = connection.execute(
            select(entities.c.id)
            .join(entity_members, entity_members.c.entity_id == entities.c.id)
            .where(entities.c.label == "山田 太郎", entities.c.merged_into.is_(None))
            .group_by(entities.c.id)
            .order_by(func.count().desc(), entities.c.id)
            .limit(1)
        ).scalar()
    store.dispose()
    folded = {row.id: fold(row.label).replace(" ", "") for row in people}
    labels = sorted(set(folded.values()))
    ambiguous = sorted(
        (row.label, row.id)
        for row in people
        if len(folded[row.id]) >= 2
        and any(folded[row.id] in other and folded[row.id] != other for other in labels)
    )
    chosen = random.Random(7).sample(ambiguous, min(sample, len(ambiguous)))
    out = [(label, entity_id) for label, entity_id in chosen]
    if planted:
        out.extend((query, planted) for query in PLANTED)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--user", default="matsumoto")
    parser.add_argument("--sample", type=int, default=40)
    parser.add_argument("--by-date", action="store_true")
    args = parser.parse_args()
    settings = Settings()
    if args.by_date:
        search_service.ranked = _by_date  # type: ignore[assignment]
    items = probes(settings, args.sample)
    access = CliAccess(settings, make_engine(settings), None, PURPOSE)
    with access.guard.engine.connect() as connection:
        user = get_user(connection, args.user)
    places: list[dict[str, Any]] = []
    for query, entity_id in items:
        page = search(access.guard, user, SearchQuery(query, per_page=100), PURPOSE)
        shown = [i for i in page.items if i["kind"] == "person"]
        people = [i["id"] for i in shown]
        place = people.index(entity_id) + 1 if entity_id in people else None
        # People above it labelled otherwise than the query (folded, no spaces): partial
        # matches, or reading-equivalents such as しょう for Sho (same-label ties excluded).
        key = fold(query).replace(" ", "")
        above = shown[: (place or 1) - 1]
        other = sum(fold(i["label"]).replace(" ", "") != key for i in above)
        places.append({"q": query, "place": place, "people": len(people), "other_above": other})
    seen = [p for p in places if p["place"] is not None]
    summary = {
        "order": "by date" if args.by_date else "ranked",
        "probes": len(places),
        "not visible": len(places) - len(seen),
        "first": sum(p["place"] == 1 for p in seen),
        "mean place": round(sum(p["place"] for p in seen) / len(seen), 2) if seen else None,
        "no other label above": sum(p["other_above"] == 0 for p in seen),
        "other labels above": sum(p["other_above"] for p in seen),
        "places": dict(sorted(Counter(p["place"] for p in seen).items())),
        "planted": [p for p in places if p["q"] in PLANTED],
    }
    print(json.dumps(summary, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
