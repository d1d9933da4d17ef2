"""Entity resolution: normalisers, probabilistic linkage (splink), clusters and judgements.

Other rooms use what this module exports; see docs/linkage.md.
"""

from kizashi.resolve.addresses import Address, address_key
from kizashi.resolve.contacts import Phone, account_key, email_key, phone_key
from kizashi.resolve.link import LinkResult, link_rows
from kizashi.resolve.model import LinkConfig
from kizashi.resolve.names import NameKey, name_key
from kizashi.resolve.records import RecordError, feature_rows
from kizashi.resolve.service import (
    JudgementError,
    ResolveSummary,
    entity_members_of,
    judgements_of,
    link_new_report,
    recluster,
    record_judgement,
    resolve_store,
    undo_judgement,
)

__all__ = [
    "Address",
    "JudgementError",
    "LinkConfig",
    "LinkResult",
    "NameKey",
    "Phone",
    "RecordError",
    "ResolveSummary",
    "account_key",
    "address_key",
    "email_key",
    "entity_members_of",
    "feature_rows",
    "judgements_of",
    "link_new_report",
    "link_rows",
    "name_key",
    "phone_key",
    "recluster",
    "record_judgement",
    "resolve_store",
    "undo_judgement",
]
