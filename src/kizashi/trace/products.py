"""What a product is made of: kind detection, decoding, and the copy a recipient gets."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import PurePath

import cv2
import numpy as np

from kizashi.errors import InputError
from kizashi.trace.image_mark import Image, as_bgr, embed
from kizashi.trace.params import TraceParams
from kizashi.trace.text_code import codeword, render_copy
from kizashi.trace.text_template import Template, parse

TEXT_SUFFIXES = frozenset({".md", ".markdown", ".txt"})
IMAGE_TYPES = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".bmp": "image/bmp",
    ".tif": "image/tiff",
    ".tiff": "image/tiff",
    ".webp": "image/webp",
}


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def decode_image(data: bytes, name: str) -> Image | None:
    """The image in `data`, or None if it is not one cv2 can read."""
    if not data:
        return None
    array = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_UNCHANGED)
    if array is None or array.dtype != np.uint8:
        return None
    try:
        return as_bgr(array)
    except ValueError as exc:
        raise InputError(f"unsupported image: {exc}", file=name) from None


def kind_of(data: bytes, name: str) -> str:
    """'image' or 'text'; InputError for anything else (PDF is not supported yet)."""
    suffix = PurePath(name).suffix.lower()
    if suffix in IMAGE_TYPES or decode_image(data, name) is not None:
        if decode_image(data, name) is None:
            raise InputError("not a readable image", file=name)
        return "image"
    if suffix == ".pdf" or data.startswith(b"%PDF"):
        raise InputError(
            "PDF products are not supported: issue the text (Markdown) or the page images",
            file=name,
        )
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        raise InputError("neither an image nor UTF-8 text", file=name) from None
    return "text"


def media_type(kind: str, name: str) -> str:
    if kind == "image":
        return IMAGE_TYPES.get(PurePath(name).suffix.lower(), "image/png")
    return "text/markdown; charset=utf-8"


def load_template(data: bytes, name: str) -> Template:
    return parse(data.decode("utf-8"), name)


@dataclass(frozen=True)
class Copy:
    label: str
    content: bytes
    suffix: str
    fingerprint: dict[str, object]


def image_copy(original: Image, key: bytes, product: str, label: str, params: TraceParams) -> Copy:
    marked = embed(original, key, product, label, params.image)
    ok, encoded = cv2.imencode(".png", marked)
    if not ok:
        raise InputError("cannot encode the fingerprinted copy as PNG")
    return Copy(
        label,
        encoded.tobytes(),
        ".png",
        {"scheme": params.image.id, "label": label, "psnr_target": params.image.target_psnr},
    )


def text_copy(
    template: Template, key: bytes, product: str, label: str, params: TraceParams
) -> Copy:
    text, choices = render_copy(key, product, label, template, params.text)
    return Copy(
        label,
        text.encode("utf-8"),
        ".md",
        {
            "scheme": params.text.id,
            "label": label,
            "codeword": choices,
            "invisible_layer": params.text.zero_width,
        },
    )


def text_codeword(template: Template, key: bytes, product: str, label: str) -> tuple[int, ...]:
    return tuple(codeword(key, product, label, template))
