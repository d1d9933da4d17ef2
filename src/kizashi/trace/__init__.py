"""trace: per-recipient fingerprints on stills, PDFs and texts that leave the platform; leak tracing.

For rooms whose products leave the platform (case and alert reports, advisories)::

    service = open_trace(settings, engine)                  # the installation's key and guard
    product, copies = service.issue_file(user, pdf_bytes, "report.pdf", ["sato", "ito"],
                                         purpose="...", case_ref="R8-123")
    for copy in copies:        # one IssuedCopy per recipient: bytes, suffix, media type,
        deliver(copy.recipient, copy.content)      # SHA-256 and the audit entry of the issue

``issue_file`` registers the product (the guard decides ``write``) and issues it (``export``
for the issuer and every recipient; all or nobody); ``add_product`` + ``issue`` do the same in
two steps. A PDF's pages are fingerprinted as images (the copy is an image-only PDF that
survives printing and scanning); a still gets a pattern layer and a blind layer; a text
(Markdown with ``{{a|b}}`` slots) gets wording variants. For the inspection desk,
:func:`find` traces a leaked still, PDF, scan or text to its recipients with one
``false_accusation`` figure per candidate, and :func:`leaks` matches seized messages against
operation plans. docs/trace.md explains the schemes and their measurements.
"""

from typing import TYPE_CHECKING

from kizashi.lazy import lazy_exports

if TYPE_CHECKING:
    from kizashi.trace.image_detect import detect
    from kizashi.trace.image_mark import embed, psnr
    from kizashi.trace.inspect import find, leaks
    from kizashi.trace.params import TraceParams, default_params, load_params
    from kizashi.trace.pdf import is_pdf
    from kizashi.trace.scoring import Ranked, Verdict, false_accusation
    from kizashi.trace.service import IssuedCopy, TraceService, open_trace
    from kizashi.trace.text_code import render_copy
    from kizashi.trace.text_template import SLOT_PATTERN, Template, parse, written_slot
    from kizashi.trace.text_trace import trace_text

__getattr__ = lazy_exports(
    __name__,
    {
        "detect": "kizashi.trace.image_detect",
        "embed": "kizashi.trace.image_mark",
        "psnr": "kizashi.trace.image_mark",
        "find": "kizashi.trace.inspect",
        "leaks": "kizashi.trace.inspect",
        "TraceParams": "kizashi.trace.params",
        "default_params": "kizashi.trace.params",
        "load_params": "kizashi.trace.params",
        "is_pdf": "kizashi.trace.pdf",
        "Ranked": "kizashi.trace.scoring",
        "Verdict": "kizashi.trace.scoring",
        "false_accusation": "kizashi.trace.scoring",
        "IssuedCopy": "kizashi.trace.service",
        "TraceService": "kizashi.trace.service",
        "open_trace": "kizashi.trace.service",
        "render_copy": "kizashi.trace.text_code",
        "trace_text": "kizashi.trace.text_trace",
        "SLOT_PATTERN": "kizashi.trace.text_template",
        "Template": "kizashi.trace.text_template",
        "written_slot": "kizashi.trace.text_template",
        "parse": "kizashi.trace.text_template",
    },
)

__all__ = [
    "SLOT_PATTERN",
    "IssuedCopy",
    "Ranked",
    "Template",
    "TraceParams",
    "TraceService",
    "Verdict",
    "default_params",
    "detect",
    "embed",
    "false_accusation",
    "find",
    "is_pdf",
    "leaks",
    "load_params",
    "open_trace",
    "parse",
    "psnr",
    "render_copy",
    "trace_text",
    "written_slot",
]
