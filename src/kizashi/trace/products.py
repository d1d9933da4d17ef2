"""What a product is made of: kind detection, decoding, and the copy a recipient gets.

Stills and PDF pages are prepared once per product (:class:`PictureMaker`) so that issuing
to many recipients costs one pattern, one optional blind layer and one encoding per copy;
copies are made on a small thread pool (OpenCV, numpy and onnxruntime release the GIL).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import PurePath
from typing import Any

import cv2
import numpy as np

from kizashi.errors import InputError, StoreError
from kizashi.trace.blind_fft import IMPL as BLIND_IMPL
from kizashi.trace.image_blind import BlindHost, add_layer_prepared, prepare_layer
from kizashi.trace.image_mark import Host, Image, as_bgr, embed_prepared, prepare
from kizashi.trace.params import TraceParams
from kizashi.trace.pdf import assemble, is_pdf, page_key, render
from kizashi.trace.png import ENCODINGS as OWN_PNG_ENCODINGS
from kizashi.trace.png import encode_png
from kizashi.trace.text_code import bias_for, codeword, render_copy
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
WORKERS = 2
JPEG_OPTIONS = [cv2.IMWRITE_JPEG_QUALITY, 95]  # a JPEG original's copy: as good, and fast
# A PNG copy's encoder settings, recorded in its fingerprint (`encoding`) so that it is re-made
# byte for byte: "png-sub-isal1" (the default since 2026-12-04 night: kizashi's own writer,
# kizashi.trace.png: the Sub filter in one vectorised step, deflate by ISA-L at level 1, about
# a third of libpng's CPU, files ~10 % larger); "png-sub-huffman" (2026-12-04 evening: OpenCV
# with the Sub filter, Huffman coding only); copies recorded without `encoding` were made with
# OpenCV's default settings.
PNG_ENCODINGS: dict[str | None, list[int]] = {
    None: [],
    "png-sub-huffman": [
        cv2.IMWRITE_PNG_FILTER,
        cv2.IMWRITE_PNG_FILTER_SUB,
        cv2.IMWRITE_PNG_STRATEGY,
        cv2.IMWRITE_PNG_STRATEGY_HUFFMAN_ONLY,
    ],
}
PNG_ENCODING = "png-sub-isal1"


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def decode_image(data: bytes, name: str) -> Image | None:
    """The image in `data`, or None if it is not one cv2 can read."""
    if not data or is_pdf(data):
        return None
    array = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_UNCHANGED)
    if array is None or array.dtype != np.uint8:
        return None
    try:
        return as_bgr(array)
    except ValueError as exc:
        raise InputError(f"unsupported image: {exc}", file=name) from None


def kind_of(data: bytes, name: str) -> str:
    """'image', 'pdf' or 'text'; InputError for anything else."""
    return classify(data, name)[0]


def classify(data: bytes, name: str) -> tuple[str, Image | None]:
    """The kind of `data` and, for a still, the still as decoded to tell (so that registering
    it does not decode it again)."""
    suffix = PurePath(name).suffix.lower()
    if suffix == ".pdf" or is_pdf(data):
        if not is_pdf(data):
            raise InputError("not a PDF", file=name)
        return "pdf", None
    decoded = decode_image(data, name)
    if suffix in IMAGE_TYPES or decoded is not None:
        if decoded is None:
            raise InputError("not a readable image", file=name)
        return "image", decoded
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        raise InputError("neither an image, a PDF nor UTF-8 text", file=name) from None
    return "text", None


def media_type(kind: str, name: str) -> str:
    if kind == "image":
        return IMAGE_TYPES.get(PurePath(name).suffix.lower(), "image/png")
    if kind == "pdf":
        return "application/pdf"
    return "text/markdown; charset=utf-8"


def copy_media_type(product: dict[str, Any]) -> str:
    """A copy keeps its original's kind of file: JPEG stays JPEG, any other still is PNG."""
    if product["kind"] == "image":
        return "image/jpeg" if product["media_type"] == "image/jpeg" else "image/png"
    if product["kind"] == "pdf":
        return "application/pdf"
    return "text/markdown; charset=utf-8"


def load_template(data: bytes, name: str, params: TraceParams) -> Template:
    return parse(data.decode("utf-8"), name, auto_variants=params.text.auto_variants)


def pictures_of(product: dict[str, Any]) -> list[Image]:
    """The kept original as page images: one for a still, every page of a PDF."""
    data, name = product["original"], product["filename"]
    if product["kind"] == "pdf":
        return render(data, name, dpi=int(product["params"].get("dpi", 150)))
    image = decode_image(data, name)
    if image is None:
        raise InputError("the kept original is not readable", file=name)
    return [image]


@dataclass(frozen=True)
class Copy:
    label: str
    content: bytes
    suffix: str
    fingerprint: dict[str, object]
    # SHA-256 of `content`, computed where the copy is made (on the issuing pool's threads).
    sha256: str = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "sha256", sha256(self.content))


class PictureMaker:
    """Copies of a still or a PDF, prepared once for many recipients.

    `pages`: the original already decoded (issuing right after registering it), so that it is
    not decoded again; `blind_impl`: the blind layer's implementation whose frame-only work is
    done now (another one is prepared when a copy asks for it)."""

    def __init__(
        self,
        product: dict[str, Any],
        key: bytes,
        params: TraceParams,
        *,
        pages: list[Image] | None = None,
        blind_impl: str | None = BLIND_IMPL,
    ) -> None:
        self.product = product
        self.key = key
        self.params = params
        self.pages = pages if pages is not None else pictures_of(product)
        self.hosts: list[Host] = [prepare(page) for page in self.pages]
        recorded = product.get("params") or {}
        # Copies keep the blind setting their product was registered with.
        self.blind = bool(recorded.get("blind", False)) and product["kind"] == "image"
        # The blind encoder's frame-only half, once per page (the per-copy half is ~1/4).
        self.blind_hosts: list[BlindHost] = (
            [prepare_layer(page, self.params.blind, impl=blind_impl) for page in self.pages]
            if self.blind
            else []
        )

    def _page(self, index: int, label: str, blind_impl: str | None) -> Image:
        key = page_key(self.product["id"], index)
        base = (
            add_layer_prepared(
                self.blind_hosts[index], self.key, key, label, self.params.blind, impl=blind_impl
            )
            if self.blind
            else None
        )
        return embed_prepared(self.hosts[index], self.key, key, label, self.params.image, base=base)

    def make(
        self,
        label: str,
        *,
        encoding: str | None = PNG_ENCODING,
        blind_impl: str | None = BLIND_IMPL,
    ) -> Copy:
        """The copy for `label`; `encoding` names the PNG settings and `blind_impl` how the
        blind layer's encoder is computed (a copy is re-made with what its fingerprint
        records)."""
        pages = [self._page(i, label, blind_impl) for i in range(len(self.pages))]
        fingerprint: dict[str, object] = {
            "scheme": self.params.image.id,
            "label": label,
            "psnr_target": self.params.image.target_psnr,
            "blind": self.params.blind.id if self.blind else None,
        }
        if self.blind and blind_impl is not None:
            fingerprint["blind_impl"] = blind_impl
        if self.product["kind"] == "pdf":
            dpi = int(self.product["params"].get("dpi", 150))
            return Copy(
                label, assemble(pages, dpi=dpi), ".pdf", {**fingerprint, "pages": len(pages)}
            )
        if copy_media_type(self.product) == "image/jpeg":
            suffix, options = ".jpg", JPEG_OPTIONS
        else:
            if encoding not in PNG_ENCODINGS and encoding not in OWN_PNG_ENCODINGS:
                raise StoreError(f"copy {label}: unknown PNG encoding {encoding!r}")
            if encoding is not None:
                fingerprint["encoding"] = encoding
            if encoding in OWN_PNG_ENCODINGS:
                return Copy(label, encode_png(pages[0], str(encoding)), ".png", fingerprint)
            suffix, options = ".png", PNG_ENCODINGS[encoding]
        ok, encoded = cv2.imencode(suffix, pages[0], options)
        if not ok:
            raise InputError(f"cannot encode the fingerprinted copy as {suffix}")
        return Copy(label, encoded.tobytes(), suffix, fingerprint)

    def make_many(
        self,
        labels: Sequence[str],
        *,
        encoding: str | None = PNG_ENCODING,
        blind_impl: str | None = BLIND_IMPL,
    ) -> list[Copy]:
        """`make` for each label, on the issuing threads (the same copies as one by one)."""
        make = partial(self.make, encoding=encoding, blind_impl=blind_impl)
        if len(labels) < 2:
            return [make(label) for label in labels]
        with ThreadPoolExecutor(max_workers=WORKERS) as pool:
            return list(pool.map(make, labels))


# Text schemes this version still traces and re-makes: what each says about the codewords.
# A product keeps the scheme it was registered under (and its copies their codewords), so a
# text issued under tx-variants-v2 is traced with v2's keyed Dirichlet biases.
TEXT_SCHEMES = {"tx-variants-v2": False, "tx-variants-v3": True}  # id -> uniform_bias


def text_scheme(product: dict[str, Any], params: TraceParams) -> TraceParams:
    """`params` with the text codeword parameters of the scheme `product` was registered under
    (the decoder's parameters stay the current ones: they decide nothing about copies)."""
    scheme = str(product["scheme"])
    if scheme not in TEXT_SCHEMES:
        raise StoreError(
            f"product {product.get('id')} was registered under text scheme {scheme}, which "
            f"this version does not know (it knows {', '.join(TEXT_SCHEMES)})"
        )
    recorded = product.get("params") or {}
    text = replace(
        params.text,
        id=scheme,
        uniform_bias=TEXT_SCHEMES[scheme],
        concentration=float(recorded.get("concentration", params.text.concentration)),
        zero_width=bool(recorded.get("zero_width", params.text.zero_width)),
    )
    return replace(params, text=text)


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


def text_codeword(
    template: Template, key: bytes, product: str, label: str, params: TraceParams
) -> tuple[int, ...]:
    biases = [bias_for(key, product, s, params.text) for s in template.slots]
    return tuple(codeword(key, product, label, template, biases))
