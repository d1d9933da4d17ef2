"""PDF products: rendered to page images with PDFium, fingerprinted page by page, re-wrapped.

A case report or an advisory leaves the platform as a PDF, and it leaks as that PDF, as a
screenshot of a page, or printed, carried out and scanned. The text layer of a PDF is
trivially rewritten, so the fingerprint lives where a printer and a scanner keep it: in the
page image. Each page is rendered at ``dpi`` with PDFium (pypdfium2, a wheel with the
library inside), the still fingerprint is added with a pattern of its own per page, and the
copy is the pages as images in a new PDF (Pillow; JPEG at ``quality`` inside). The
recipient's copy looks the same when printed or viewed, but its text is no longer
selectable: a deliberate cost, as copying text out of it would drop the fingerprint.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import UTC, datetime

import cv2
import numpy as np
from PIL import Image as PilImage

from kizashi.errors import InputError
from kizashi.trace.image_mark import Image

DPI = 150
QUALITY = 92
MAX_PAGES = 60


def is_pdf(data: bytes) -> bool:
    return data[:1024].lstrip().startswith(b"%PDF")


def render(data: bytes, name: str, *, dpi: int = DPI, max_pages: int = MAX_PAGES) -> list[Image]:
    """The pages of the PDF in `data` as BGR images at `dpi`; InputError if unreadable."""
    import pypdfium2

    try:
        document = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError as exc:
        raise InputError(f"not a readable PDF: {exc}", file=name) from None
    try:
        count = len(document)
        if count == 0:
            raise InputError("the PDF has no pages", file=name)
        if count > max_pages:
            raise InputError(f"the PDF has {count} pages; at most {max_pages}", file=name)
        pages = []
        for index in range(count):
            page = document[index]
            bitmap = page.render(scale=dpi / 72, fill_color=(255, 255, 255, 255))
            rgb = np.asarray(bitmap.to_pil().convert("RGB"))
            pages.append(cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR))
            page.close()
        return pages
    finally:
        document.close()


def page_key(product: str, page: int) -> str:
    """The product id under which page `page`'s patterns are keyed (distinct per page)."""
    return product if page == 0 else f"{product}#page{page}"


def assemble(
    pages: Sequence[Image],
    *,
    dpi: int = DPI,
    quality: int = QUALITY,
    dated: datetime | None = None,
) -> bytes:
    """The pages as an image-only PDF, dated `dated` (default 2000-01-01): the same pages
    give the same bytes, so a copy can be made again and checked against its hash."""
    stamp = dated or datetime(2000, 1, 1, tzinfo=UTC)
    images = [PilImage.fromarray(cv2.cvtColor(page, cv2.COLOR_BGR2RGB)) for page in pages]
    out = io.BytesIO()
    images[0].save(
        out,
        "PDF",
        resolution=float(dpi),
        save_all=True,
        append_images=images[1:],
        quality=quality,
        creationDate=stamp.utctimetuple(),
        modDate=stamp.utctimetuple(),
    )
    return out.getvalue()
