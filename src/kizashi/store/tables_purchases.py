"""Purchase-rule firings: what the precursor rules concluded about a resolved buyer (issue 4).

One row per firing of a watch-list rule (quantity over a window, a combination over a window,
many small purchases under a threshold) for one buyer entity. A firing names the purchases
(report ids), the stores, the window and the rule; its ``fingerprint`` (rule, entity and the
purchases) makes a re-run store nothing new, and a re-run after resolution changed deletes
firings that no longer hold (``kizashi.purchases.run_purchase_rules``).
"""

from __future__ import annotations

from sqlalchemy import JSON, Column, Float, ForeignKey, Index, Integer, String, Table, Text

from kizashi.store.tables import ID, UTCDateTime, metadata

purchase_firings = Table(
    "purchase_firings",
    metadata,
    Column("id", ID, primary_key=True),
    Column(
        "fingerprint",
        String(64),
        nullable=False,
        unique=True,
        comment="sha256 of rule+entity+purchases",
    ),
    Column("entity_id", ID, ForeignKey("entities.id"), nullable=False),
    Column("rule_id", String(100), nullable=False, comment="watch-list rule id"),
    Column("rule_kind", String(20), nullable=False, comment="quantity, combination, structuring"),
    Column("watchlist_version", Integer, nullable=False),
    Column("substances", JSON, nullable=False, comment="substance ids involved"),
    Column("report_ids", JSON, nullable=False, comment="the purchase reports, in time order"),
    Column("stores", JSON, nullable=False, comment="[retailer / store] involved"),
    Column("window_start", UTCDateTime(), nullable=False),
    Column("window_end", UTCDateTime(), nullable=False),
    Column("total_grams", Float, comment="pure substance, for quantity and structuring"),
    Column("weight", Float, nullable=False, comment="risk weight of the rule"),
    Column("summary", Text, nullable=False),
    Column("explanation", JSON, nullable=False, comment="every purchase with its conversion"),
    Column("created_at", UTCDateTime(), nullable=False),
    Index("ix_purchase_firings_entity_id", "entity_id"),
    Index("ix_purchase_firings_rule_id", "rule_id"),
)
