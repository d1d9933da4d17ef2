"""purchases: the precursor watch-list as data, and windowed rules per resolved buyer.

``run_purchase_rules(engine)`` evaluates quantity, structuring and combination rules over
every resolved buyer's purchases and stores the firings (``purchase_firings``); the triage
context turns firings into risk. See docs/purchases.md.
"""

from typing import TYPE_CHECKING

from kizashi.lazy import lazy_exports

if TYPE_CHECKING:
    from kizashi.purchases.rules import Firing, Purchase, evaluate
    from kizashi.purchases.service import (
        PurchaseRunSummary,
        buyer_purchases,
        list_firings,
        purchase_rules_for_entities,
        purchase_rules_for_reports,
        run_purchase_rules,
    )
    from kizashi.purchases.units import UnitError, parse_amount, to_grams
    from kizashi.purchases.watchlist import Match, Watchlist, default_watchlist, load_watchlist

# Imported on first use, so that listing the commands does not load the room.
__getattr__ = lazy_exports(
    __name__,
    {
        "Firing": "kizashi.purchases.rules",
        "Purchase": "kizashi.purchases.rules",
        "evaluate": "kizashi.purchases.rules",
        "PurchaseRunSummary": "kizashi.purchases.service",
        "buyer_purchases": "kizashi.purchases.service",
        "list_firings": "kizashi.purchases.service",
        "purchase_rules_for_entities": "kizashi.purchases.service",
        "purchase_rules_for_reports": "kizashi.purchases.service",
        "run_purchase_rules": "kizashi.purchases.service",
        "UnitError": "kizashi.purchases.units",
        "parse_amount": "kizashi.purchases.units",
        "to_grams": "kizashi.purchases.units",
        "Match": "kizashi.purchases.watchlist",
        "Watchlist": "kizashi.purchases.watchlist",
        "default_watchlist": "kizashi.purchases.watchlist",
        "load_watchlist": "kizashi.purchases.watchlist",
    },
)

__all__ = [
    "Firing",
    "Match",
    "Purchase",
    "PurchaseRunSummary",
    "UnitError",
    "Watchlist",
    "buyer_purchases",
    "default_watchlist",
    "evaluate",
    "list_firings",
    "load_watchlist",
    "parse_amount",
    "purchase_rules_for_entities",
    "purchase_rules_for_reports",
    "run_purchase_rules",
    "to_grams",
]
