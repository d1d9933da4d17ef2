"""Entity resolution: normalisers, one linker (batch, incremental, CLI), clusters, judgements.

Other rooms use what this module exports; see docs/linkage.md. The live pipeline calls
:func:`link_report` (in its own transaction; :func:`link_new_report` opens one) for every new
report, or :func:`link_reports` for a claimed batch of them: it links the reports' person
records at incremental cost with the store's model, re-clusters only what they touch, and
returns a :class:`LinkedReport` whose ``entities`` are every entity the report touched.
Running it again for the same report changes nothing.

The names are imported on first use (:mod:`kizashi.lazy`): splink, DuckDB and pandas load
only when something links.
"""

from typing import TYPE_CHECKING

from kizashi.lazy import lazy_exports

if TYPE_CHECKING:
    from kizashi.resolve.addresses import Address, address_key
    from kizashi.resolve.contacts import Phone, account_key, email_key, phone_key
    from kizashi.resolve.link import LinkResult, link_rows
    from kizashi.resolve.linker import Model
    from kizashi.resolve.model import LinkConfig
    from kizashi.resolve.names import NameKey, name_key
    from kizashi.resolve.records import RecordError, feature_rows
    from kizashi.resolve.service import (
        JudgementError,
        LinkedReport,
        ResolveSummary,
        entity_flags,
        entity_members_of,
        has_linkage_model,
        judgements_of,
        link_new_report,
        link_report,
        link_reports,
        recluster,
        record_judgement,
        resolve_store,
        undo_judgement,
    )

__getattr__ = lazy_exports(
    __name__,
    {
        "Address": "kizashi.resolve.addresses",
        "address_key": "kizashi.resolve.addresses",
        "Phone": "kizashi.resolve.contacts",
        "account_key": "kizashi.resolve.contacts",
        "email_key": "kizashi.resolve.contacts",
        "phone_key": "kizashi.resolve.contacts",
        "LinkResult": "kizashi.resolve.link",
        "link_rows": "kizashi.resolve.link",
        "Model": "kizashi.resolve.linker",
        "LinkConfig": "kizashi.resolve.model",
        "NameKey": "kizashi.resolve.names",
        "name_key": "kizashi.resolve.names",
        "RecordError": "kizashi.resolve.records",
        "feature_rows": "kizashi.resolve.records",
        "JudgementError": "kizashi.resolve.service",
        "LinkedReport": "kizashi.resolve.service",
        "ResolveSummary": "kizashi.resolve.service",
        "entity_flags": "kizashi.resolve.service",
        "entity_members_of": "kizashi.resolve.service",
        "has_linkage_model": "kizashi.resolve.service",
        "judgements_of": "kizashi.resolve.service",
        "link_new_report": "kizashi.resolve.service",
        "link_report": "kizashi.resolve.service",
        "link_reports": "kizashi.resolve.service",
        "recluster": "kizashi.resolve.service",
        "record_judgement": "kizashi.resolve.service",
        "resolve_store": "kizashi.resolve.service",
        "undo_judgement": "kizashi.resolve.service",
    },
)

__all__ = [
    "Address",
    "JudgementError",
    "LinkConfig",
    "LinkResult",
    "LinkedReport",
    "Model",
    "NameKey",
    "Phone",
    "RecordError",
    "ResolveSummary",
    "account_key",
    "address_key",
    "email_key",
    "entity_flags",
    "entity_members_of",
    "feature_rows",
    "has_linkage_model",
    "judgements_of",
    "link_new_report",
    "link_report",
    "link_reports",
    "link_rows",
    "name_key",
    "phone_key",
    "recluster",
    "record_judgement",
    "resolve_store",
    "undo_judgement",
]
