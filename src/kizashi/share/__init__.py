"""share: products for partners — four-eyes release, tear-lines, fingerprinted delivery,
requests to platforms, and exchange (STIX 2.1 / TLP 2.0, MISP, TAXII 2.1).

For other rooms (``outreach``'s briefings, the web's case reports) the whole path is::

    service = open_share(settings, engine)                  # the installation's guard
    product = service.draft(author, kind="briefing", title=..., body=markdown,
                            handling_code="TLP:GREEN", recipients=["group:..."],
                            purpose=...)                    # guard: write
    service.submit(author, product["id"], purpose)          # tear-line made; awaits approval
    service.approve(lead, product["id"], reason, purpose)   # four-eyes (guard: approve)
    release(service, author, product["id"], purpose)        # one fingerprinted copy each

:func:`draft_and_submit` does the first two steps in one call. :func:`tearline` and
:func:`find_personal_data` are the sanitiser and the recogniser on their own. docs/share.md
explains the workflow, the handling codes and the measured removal figures.
"""

from typing import TYPE_CHECKING

from kizashi.lazy import lazy_exports

if TYPE_CHECKING:
    from kizashi.share.delivery import (
        acknowledge,
        ask,
        inbox,
        mark_notifications_read,
        notifications,
        read_copy,
        release,
        unread_count,
    )
    from kizashi.share.exchange import export_bundle, import_misp, import_stix, validate_bundle
    from kizashi.share.pii import Finding, find_personal_data
    from kizashi.share.platform import (
        answer_request,
        decide_request,
        draft_request,
        get_request,
        record_action,
        request_dashboard,
        send_request,
        submit_request,
    )
    from kizashi.share.products import ShareRefusedError, ShareService
    from kizashi.share.service import draft_and_submit, open_share
    from kizashi.share.tearlines import HANDLING_CODES, TearLine, diff, tearline

__getattr__ = lazy_exports(
    __name__,
    {
        "acknowledge": "kizashi.share.delivery",
        "ask": "kizashi.share.delivery",
        "inbox": "kizashi.share.delivery",
        "mark_notifications_read": "kizashi.share.delivery",
        "unread_count": "kizashi.share.delivery",
        "notifications": "kizashi.share.delivery",
        "read_copy": "kizashi.share.delivery",
        "release": "kizashi.share.delivery",
        "export_bundle": "kizashi.share.exchange",
        "import_misp": "kizashi.share.exchange",
        "import_stix": "kizashi.share.exchange",
        "validate_bundle": "kizashi.share.exchange",
        "Finding": "kizashi.share.pii",
        "find_personal_data": "kizashi.share.pii",
        "answer_request": "kizashi.share.platform",
        "decide_request": "kizashi.share.platform",
        "draft_request": "kizashi.share.platform",
        "get_request": "kizashi.share.platform",
        "record_action": "kizashi.share.platform",
        "request_dashboard": "kizashi.share.platform",
        "send_request": "kizashi.share.platform",
        "submit_request": "kizashi.share.platform",
        "ShareRefusedError": "kizashi.share.products",
        "ShareService": "kizashi.share.products",
        "draft_and_submit": "kizashi.share.service",
        "open_share": "kizashi.share.service",
        "HANDLING_CODES": "kizashi.share.tearlines",
        "TearLine": "kizashi.share.tearlines",
        "diff": "kizashi.share.tearlines",
        "tearline": "kizashi.share.tearlines",
    },
)

__all__ = [
    "HANDLING_CODES",
    "Finding",
    "ShareRefusedError",
    "ShareService",
    "TearLine",
    "acknowledge",
    "answer_request",
    "ask",
    "decide_request",
    "diff",
    "draft_and_submit",
    "draft_request",
    "export_bundle",
    "find_personal_data",
    "get_request",
    "import_misp",
    "import_stix",
    "inbox",
    "mark_notifications_read",
    "notifications",
    "open_share",
    "read_copy",
    "record_action",
    "release",
    "request_dashboard",
    "send_request",
    "submit_request",
    "tearline",
    "unread_count",
    "validate_bundle",
]
