"""A recipient's own copy of a product (Markdown) as HTML, for the pages that show it: the
partner's inbox and a police recipient's view of a product released to it."""

from __future__ import annotations

from markdown_it import MarkdownIt
from markupsafe import Markup

# Raw HTML in a product is shown as text; links are checked by markdown-it (no javascript:).
_MARKDOWN = MarkdownIt("commonmark", {"html": False})


def copy_html(markdown: str) -> Markup:
    """The copy as HTML: front matter dropped, the fingerprint's characters kept as sent,
    headings one level down (the page's own h1 is the product's title). markdown-it escapes
    everything (raw HTML is off), so the result is safe to mark up."""
    body = markdown.split("\n---\n", 1)[1] if markdown.startswith("---\n") else markdown
    tokens = _MARKDOWN.parse(body)
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = f"h{min(int(token.tag[1]) + 1, 6)}"
    return Markup(_MARKDOWN.renderer.render(tokens, _MARKDOWN.options, {}))
