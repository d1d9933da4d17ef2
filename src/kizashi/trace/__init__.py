"""trace: per-recipient fingerprints on disseminated stills and texts, and leak tracing.

A product (a still, or a Markdown text with marked variant slots) is issued to named
recipients, each getting a copy with their own fingerprint, recorded with the copy's hash in
the audit log (:class:`TraceService`). A copy that turns up is traced back to its recipients
(:func:`find`), and seized messages are matched against operation plans (:func:`leaks`);
both only for the inspection desk. docs/trace.md explains the schemes and their measurements.
"""

from kizashi.trace.image_detect import detect
from kizashi.trace.image_mark import embed, psnr
from kizashi.trace.inspect import find, leaks
from kizashi.trace.params import TraceParams, default_params, load_params
from kizashi.trace.scoring import Ranked, Verdict
from kizashi.trace.service import IssuedCopy, TraceService, open_trace
from kizashi.trace.text_code import render_copy, trace_text
from kizashi.trace.text_template import Template, parse

__all__ = [
    "IssuedCopy",
    "Ranked",
    "Template",
    "TraceParams",
    "TraceService",
    "Verdict",
    "default_params",
    "detect",
    "embed",
    "find",
    "leaks",
    "load_params",
    "open_trace",
    "parse",
    "psnr",
    "render_copy",
    "trace_text",
]
