"""Rendering a product's tear-line for delivery: fingerprintable Markdown, and a PDF.

Every copy carries the handling code's meaning at the top and a handling paragraph with
wording variants at the bottom (``data/handling.yaml``), so that each recipient's copy
differs even when the body has few ``{{a|b}}`` slots of its own; ``kizashi.trace`` turns
the Markdown into one fingerprinted copy per recipient. The PDF is rendered by WeasyPrint
with the Noto CJK fonts (Debian's fonts-noto-cjk); trace fingerprints its pages as images.
"""

from __future__ import annotations

import re
from functools import cache
from html import escape
from pathlib import Path
from typing import Any

import yaml

from kizashi.errors import SchemaError

HANDLING_FILE = Path(__file__).parent / "data" / "handling.yaml"
_SLOT = re.compile(r"\{\{(?:[a-z]+:)?([^|}]*)(?:\|[^}]*)?\}\}")


@cache
def handling() -> dict[str, Any]:
    try:
        data = yaml.safe_load(HANDLING_FILE.read_text("utf-8"))
        if not isinstance(data, dict) or data.get("version") != 1:
            raise SchemaError(f"{HANDLING_FILE}: expected a mapping with version: 1")
        return data
    except (OSError, yaml.YAMLError) as exc:
        raise SchemaError(f"{HANDLING_FILE}: {exc}") from exc


def markdown(product: dict[str, Any]) -> str:
    """The delivered text: front matter, handling line, tear-line, handling paragraph."""
    lang = product["lang"] if product["lang"] in ("ja", "en") else "en"
    data = handling()
    code = product["handling_code"]
    title = str(product["title"]).replace('"', "'")
    return (
        f'---\ntitle: "{title}"\nlang: {lang}\n---\n'
        f"# {product['title']}\n\n"
        f"**{data['codes'][code][lang]}**\n\n"
        f"{product['tearline'].strip()}\n\n---\n\n{data['footer'][lang].strip()}\n"
    )


def plain(text: str) -> str:
    """The text with every variant slot resolved to its first wording (for the PDF)."""
    return _SLOT.sub(lambda m: m.group(1), text)


def pdf(product: dict[str, Any]) -> bytes:
    """The tear-line as a PDF (A4, Noto Sans CJK)."""
    from markdown_it import MarkdownIt
    from weasyprint import HTML

    text = plain(markdown(product))
    body = text.split("\n---\n", 1)[1] if text.startswith("---\n") else text
    html = MarkdownIt("commonmark", {"html": False}).render(body)
    page = (
        "<!doctype html><html><head><meta charset='utf-8'><style>"
        "@page { size: A4; margin: 18mm; }"
        "body { font-family: 'Noto Sans CJK JP', 'Noto Sans', sans-serif; font-size: 11pt;"
        " line-height: 1.6; }"
        "h1 { font-size: 16pt; }"
        "</style></head><body>"
        f"<p style='color:#b00;font-weight:bold'>{escape(product['handling_code'])}</p>"
        f"{html}</body></html>"
    )
    return bytes(HTML(string=page).write_pdf())
