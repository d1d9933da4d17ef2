"""purchases: the precursor watch-list as data, and windowed rules per resolved buyer.

``run_purchase_rules(engine)`` evaluates quantity, structuring and combination rules over
every resolved buyer's purchases and stores the firings (``purchase_firings``); the triage
context turns firings into risk. See docs/purchases.md.
"""

from kizashi.purchases.rules import Firing, Purchase, evaluate
from kizashi.purchases.service import (
    PurchaseRunSummary,
    buyer_purchases,
    list_firings,
    run_purchase_rules,
)
from kizashi.purchases.units import UnitError, parse_amount, to_grams
from kizashi.purchases.watchlist import Match, Watchlist, default_watchlist, load_watchlist

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
    "run_purchase_rules",
    "to_grams",
]
