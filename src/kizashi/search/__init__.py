"""search: find anything — people in any script, phones, e-mails, handles, addresses,
organisations, report text and cases — through the guard (docs/search.md).

The room keeps one document per report and per entity (``index``), matched by the store's
own full-text index (SQLite FTS5 trigram, PostgreSQL ``pg_trgm``) on one folding of names,
readings and identifiers (``terms``); ``service`` decides every candidate with the guard and
audits the search; ``saved`` keeps saved searches and makes their notices. The pipeline's
``search`` stage indexes what the worker moves; the room's expiry hook forgets what expires.
Names are imported on first use, so that listing the commands loads none of it.
"""

from typing import TYPE_CHECKING

from kizashi.lazy import lazy_exports

if TYPE_CHECKING:
    from kizashi.search.expiry import forget_reports
    from kizashi.search.index import index_entities, index_reports, reindex_all
    from kizashi.search.saved import (
        PurposeRequiredError,
        any_saved,
        delete_saved,
        list_saved,
        list_search_notices,
        notify_saved,
        save_search,
    )
    from kizashi.search.service import KINDS, SearchPage, SearchQuery, search
    from kizashi.search.terms import alternatives, fold

__getattr__ = lazy_exports(
    __name__,
    {
        "KINDS": "kizashi.search.service",
        "PurposeRequiredError": "kizashi.search.saved",
        "SearchPage": "kizashi.search.service",
        "SearchQuery": "kizashi.search.service",
        "alternatives": "kizashi.search.terms",
        "any_saved": "kizashi.search.saved",
        "delete_saved": "kizashi.search.saved",
        "fold": "kizashi.search.terms",
        "forget_reports": "kizashi.search.expiry",
        "index_entities": "kizashi.search.index",
        "index_reports": "kizashi.search.index",
        "list_saved": "kizashi.search.saved",
        "list_search_notices": "kizashi.search.saved",
        "notify_saved": "kizashi.search.saved",
        "reindex_all": "kizashi.search.index",
        "save_search": "kizashi.search.saved",
        "search": "kizashi.search.service",
    },
)

__all__ = [
    "KINDS",
    "PurposeRequiredError",
    "SearchPage",
    "SearchQuery",
    "alternatives",
    "any_saved",
    "delete_saved",
    "fold",
    "forget_reports",
    "index_entities",
    "index_reports",
    "list_saved",
    "list_search_notices",
    "notify_saved",
    "reindex_all",
    "save_search",
    "search",
]
