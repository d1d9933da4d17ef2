"""Find: which product does a leaked file come from, and which recipients' copies made it?

A leak is a still, a PDF (each page a still) or a text. Stills are looked up in the
shortlist index (:mod:`kizashi.trace.image_index`): only the nearest few originals are
registered, in the orientation the index suggests, until one registers strongly; the cost of
a find does not grow with the number of products beyond one vectorised comparison. On the
registered product the pattern layer is read (exact z per recipient); for a multi-page leak
the pages' z are combined (Stouffer: their sum over √pages is again exactly normal for an
innocent, the pages' patterns being independent). The blind layer is read when registration
failed or named nobody, and reported separately. Texts are shortlisted by shared shingles.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np

from kizashi.trace import repository as repo
from kizashi.trace.explain import explain_blind, explain_image, explain_text
from kizashi.trace.feature_cache import FeatureCache
from kizashi.trace.image_blind import blind_verdict, read
from kizashi.trace.image_detect import Evidence, evidence_of, phantom_check, verdict_of
from kizashi.trace.image_index import IndexTable, Match, leak_views, orientation_order
from kizashi.trace.image_mark import Image
from kizashi.trace.image_register import (
    COARSE_STRONG,
    STRONG_INLIERS,
    CoarseLeak,
    Features,
    Registration,
    coarse_features,
    coarse_orientation,
    features,
    orient,
    register_to,
)
from kizashi.trace.params import ImageParams
from kizashi.trace.pdf import page_key
from kizashi.trace.products import load_template, pictures_of, text_scheme
from kizashi.trace.scoring import Candidate, Verdict, normal_sf, verdict
from kizashi.trace.service import TraceService
from kizashi.trace.text_code import observe
from kizashi.trace.text_index import nearest as nearest_texts
from kizashi.trace.text_trace import trace_text

TEXT_SHORTLIST = 6
MAX_PRODUCTS = 3  # products read per leaked page (those with the most consistent matches)
SIMILARITY_MARGIN = 0.08  # after a strong registration, only originals this close are tried
FULL_REGISTRATIONS = 6  # at most this many originals the coarse pass matched are registered


@dataclass
class _Originals:
    """Products' pictures and features, decoded once per find."""

    service: TraceService
    products: dict[str, dict[str, Any]] = field(default_factory=dict)
    pictures: dict[str, list[Image]] = field(default_factory=dict)
    feats: dict[tuple[str, int], Features] = field(default_factory=dict)
    coarse_feats: dict[tuple[str, int], Features] = field(default_factory=dict)
    digests: dict[str, str] = field(default_factory=dict)
    # Each indexed page's size (h, w) as recorded in the index: registering against an
    # original needs its features and its size, not its pixels (decoded only when read).
    shapes: dict[tuple[str, int], tuple[int, int]] = field(default_factory=dict)

    @property
    def cache(self) -> FeatureCache:
        return FeatureCache(self.service.cache_dir)

    def product(self, product_id: str) -> dict[str, Any]:
        if product_id not in self.products:
            with self.service.engine.connect() as connection:
                self.products[product_id] = repo.get_product(connection, product_id)
        return self.products[product_id]

    def picture(self, product_id: str, page: int) -> Image:
        if product_id not in self.pictures:
            self.pictures[product_id] = pictures_of(self.product(product_id))
        return self.pictures[product_id][page]

    def register(
        self,
        leak: Image,
        product_id: str,
        page: int,
        order: Sequence[str],
        cache: dict[str, Features],
    ) -> Registration:
        """The leak registered against a page, decoding the original only if its size is not
        in the index or its features are not in the cache."""
        reference = self.features(product_id, page)
        shape = self.shapes.get((product_id, page))
        if shape is None:
            picture = self.picture(product_id, page)
            shape = (int(picture.shape[0]), int(picture.shape[1]))
        params = self.service.params.image
        return register_to(leak, shape, reference, params, order=order, leak_features=cache)

    def _digest(self, product_id: str) -> str:
        if product_id in self.products:
            return str(self.products[product_id]["original_sha256"])
        if product_id not in self.digests:  # without reading the original
            with self.service.engine.connect() as connection:
                self.digests[product_id] = repo.original_digest(connection, product_id)
        return self.digests[product_id]

    def features(self, product_id: str, page: int) -> Features:
        """The page's full ORB features: from the service's cache directory when kept there
        for this original, else computed (decoding the original) and kept."""
        if (product_id, page) not in self.feats:
            self.feats[(product_id, page)] = self.cache.get(
                product_id,
                page,
                self._digest(product_id),
                "full",
                lambda: features(self.picture(product_id, page)),
            )
        return self.feats[(product_id, page)]

    def coarse(self, product_id: str, page: int) -> Features:
        if (product_id, page) not in self.coarse_feats:
            self.coarse_feats[(product_id, page)] = self.cache.get(
                product_id,
                page,
                self._digest(product_id),
                "coarse",
                lambda: coarse_features(self.picture(product_id, page)),
            )
        return self.coarse_feats[(product_id, page)]


@dataclass(frozen=True)
class _PageHit:
    """A registered page; its evidence is computed when it is read (a find that is decisive
    on one product does not read the others, nor decode their originals)."""

    product_id: str
    page: int
    registration: Registration
    originals: _Originals
    params: ImageParams
    leak: Image

    @cached_property
    def evidence(self) -> Evidence:
        original = self.originals.picture(self.product_id, self.page)
        return evidence_of(self.leak, original, self.params, registration=self.registration)


def _locate(
    service: TraceService, originals: _Originals, leak: Image, table: IndexTable
) -> list[_PageHit]:
    """Register the leak against the nearest indexed originals.

    A coarse pass first (few features on small pictures, :func:`coarse_orientation`) tells,
    for the shortlisted originals nearest first, whether and in which orientation the leak
    matches; it stops at originals that look clearly less like the leak than one that
    matched strongly. Those it matched (at most ``FULL_REGISTRATIONS``, most coarse matches
    first) are registered in full, in the coarse pass's orientation only; those that register
    strongly are read, at most ``MAX_PRODUCTS``, most matches first (the same photo may have
    been issued as several products, or a crop of it: the nearest or the best coarse match is
    not necessarily the source). When the coarse pass matches nothing, or none of its choices
    registers strongly in full, every shortlisted original is registered in full in every
    orientation needed, as before the coarse pass existed: the pass only saves time.
    """
    params = service.params.image
    matches = table.nearest(leak_views(leak), params.shortlist)
    coarse = CoarseLeak.of(leak)
    scored: list[tuple[int, str, str, int]] = []  # (inliers, orientation, product, page)
    found_at: float | None = None
    for match in matches:
        if found_at is not None and match.similarity < found_at - SIMILARITY_MARGIN:
            break
        product_id, page = match.key
        orientation, inliers = coarse_orientation(
            coarse,
            originals.coarse(product_id, page),
            params,
            orientation_order(match.orientation),
        )
        if inliers >= params.min_inliers:
            scored.append((inliers, orientation, product_id, page))
            if inliers >= COARSE_STRONG and found_at is None:
                found_at = match.similarity
    scored.sort(key=lambda s: -s[0])
    cache: dict[str, Features] = {}
    registered: list[tuple[Registration, str, int]] = []
    for _inliers, orientation, product_id, page in scored[:FULL_REGISTRATIONS]:
        registration = originals.register(leak, product_id, page, [orientation], cache)
        if registration.inliers >= STRONG_INLIERS:
            registered.append((registration, product_id, page))
    if not registered:
        return _locate_in_full(originals, leak, matches, params, cache)
    return _read(originals, leak, registered)


def _read(
    originals: _Originals, leak: Image, registered: Sequence[tuple[Registration, str, int]]
) -> list[_PageHit]:
    """The evidence of the best-registered page of each product (one page per product for
    one leaked picture), most consistent matches first."""
    params = originals.service.params.image
    ordered = sorted(registered, key=lambda r: -r[0].inliers)
    best: dict[str, tuple[Registration, str, int]] = {}
    for registration, pid, page in ordered:
        best.setdefault(pid, (registration, pid, page))
    return [
        _PageHit(pid, page, registration, originals, params, leak)
        for registration, pid, page in list(best.values())[:MAX_PRODUCTS]
    ]


def _locate_in_full(
    originals: _Originals,
    leak: Image,
    matches: Sequence[Match],
    params: ImageParams,
    cache: dict[str, Features],
) -> list[_PageHit]:
    """The slow path: every shortlisted original registered in full, in every orientation
    needed (nearest first until one registers strongly, then those about as near)."""
    registered = []
    found_at: float | None = None
    for match in matches:
        if found_at is not None and match.similarity < found_at - SIMILARITY_MARGIN:
            break  # registered strongly already; the rest look clearly less like the leak
        product_id, page = match.key
        order = orientation_order(match.orientation)
        registration = originals.register(leak, product_id, page, order, cache)
        if registration.method == "homography":
            registered.append((registration, product_id, page))
            if registration.inliers >= STRONG_INLIERS and found_at is None:
                found_at = match.similarity
    strong = [r for r in registered if r[0].inliers >= STRONG_INLIERS] or registered[:1]
    if strong:
        return _read(originals, leak, strong)
    if not matches:
        return []
    # Nothing registers: compare stretched to the nearest original, as the index turned it.
    product_id, page = matches[0].key
    registration = originals.register(leak, product_id, page, [matches[0].orientation], cache)
    return [_PageHit(product_id, page, registration, originals, params, leak)]


def find_pictures(
    service: TraceService, leaks: Sequence[Image], product_id: str | None
) -> list[dict[str, Any]]:
    with service.engine.connect() as connection:
        rows = repo.index_rows(connection, product_id)
    table = IndexTable.of(rows)
    shapes = {(r.product_id, r.page): (int(r.height), int(r.width)) for r in rows}
    originals = _Originals(service, shapes=shapes)
    hits: dict[str, list[_PageHit]] = {}
    for leak in leaks:
        for hit in _locate(service, originals, leak, table):
            hits.setdefault(hit.product_id, []).append(hit)
    results = []
    decisive: str | None = None
    for pid, page_hits in hits.items():
        if decisive is not None:
            # One leaked still named a recipient of an earlier product, at a false-accusation
            # figure that already holds for the whole find: the leak carries that copy.
            # The other registered products are listed, not read (early exit).
            results.append(_unread(originals.product(pid), decisive))
            continue
        product = originals.product(pid)
        with service.engine.connect() as connection:
            copies = repo.copies_of(connection, pid)
        names = {c["id"]: c["recipient"] for c in copies}
        labels = list(names)
        pattern = _pattern_verdict(service, originals, page_hits, labels)
        result = _result(product, copies, pattern, explain_image(pattern, names))
        registered = any(h.evidence.registration.method == "homography" for h in page_hits)
        if (product.get("params") or {}).get("blind") and (not registered or not pattern.named):
            blind = _blind_verdict(service, originals, page_hits[0], labels)
            result["blind"] = {
                **_candidates_json(blind, copies),
                "explanation": explain_blind(blind, names),
            }
        results.append(result)
        if len(leaks) == 1 and pattern.named:
            decisive = pid
    return results


def _unread(product: dict[str, Any], decisive: str) -> dict[str, Any]:
    return {
        "product_id": product["id"],
        "title": product["title"],
        "kind": product["kind"],
        "scheme": product["scheme"],
        "candidates": [],
        "named": [],
        "evidence": {"read": False, "because_named_in": decisive},
        "explanation": [
            "registered against the leak but not read: the leak already named a recipient "
            f"of product {decisive} (a find stops at the first product that names)"
        ],
    }


def _pattern_verdict(
    service: TraceService, originals: _Originals, hits: Sequence[_PageHit], labels: list[str]
) -> Verdict:
    params = service.params.image
    if len(hits) == 1:
        hit = hits[0]
        picture = originals.picture(hit.product_id, hit.page)
        return verdict_of(
            hit.evidence,
            service.key,
            page_key(hit.product_id, hit.page),
            labels,
            (picture.shape[0], picture.shape[1]),
            params,
        )
    totals = dict.fromkeys(labels, 0.0)
    pages = []
    for hit in hits:
        picture = originals.picture(hit.product_id, hit.page)
        key = page_key(hit.product_id, hit.page)
        zs = hit.evidence.z_scores(service.key, key, labels, picture.shape[:2], params)
        for label, z in zip(labels, zs, strict=True):
            totals[label] += z
        pages.append({"page": hit.page + 1, **hit.evidence.registration.evidence()})
    root = math.sqrt(len(hits))
    zs_combined = {label: total / root for label, total in totals.items()}
    candidates = [Candidate(label, z, normal_sf(z)) for label, z in zs_combined.items()]
    return verdict(
        candidates,
        family=len(labels),
        name_below=params.name_below,
        z_of=zs_combined,
        evidence={
            "scheme": params.id,
            "registration": hits[0].evidence.registration.evidence(),
            "pages": pages,
            "combined": "Stouffer over pages",
            "null": {
                "kind": "exact",
                "what": "an innocent's z is normal(0, 1) given the leak",
                **phantom_check(
                    hits[0].evidence,
                    service.key,
                    page_key(hits[0].product_id, hits[0].page),
                    originals.picture(hits[0].product_id, hits[0].page).shape[:2],
                    params,
                ),
            },
        },
    )


def _blind_verdict(
    service: TraceService, originals: _Originals, hit: _PageHit, labels: list[str]
) -> Verdict:
    picture = originals.picture(hit.product_id, hit.page)
    registration = hit.evidence.registration
    if registration.method == "homography":
        view = np.clip(registration.aligned, 0, 255).astype(np.uint8)
    else:
        view = orient(hit.leak, registration.orientation)
    logits = read(view, (picture.shape[0], picture.shape[1]), service.params.blind)
    return blind_verdict(
        logits, service.key, page_key(hit.product_id, hit.page), labels, service.params.blind
    )


def find_text(service: TraceService, text: str, product_id: str | None) -> list[dict[str, Any]]:
    with service.engine.connect() as connection:
        rows = repo.text_index_rows(connection, product_id)
    chosen = [product_id] if product_id else nearest_texts(text, rows, TEXT_SHORTLIST)
    results = []
    for pid in chosen:
        with service.engine.connect() as connection:
            product = repo.get_product(connection, pid)
            copies = repo.copies_of(connection, pid)
        if product["kind"] != "text" or not copies:
            continue
        template = load_template(product["original"], product["filename"], service.params)
        seen = sum(1 for slot in observe(text, template) if slot)
        if seen < 2 and "\u2060" not in text:
            continue
        labels = [c["id"] for c in copies]
        scheme = text_scheme(product, service.params).text
        found = trace_text(text, template, service.key, pid, labels, scheme)
        names = {c["id"]: c["recipient"] for c in copies}
        results.append(_result(product, copies, found, explain_text(found, names)))
    return results


def _candidates_json(found: Verdict, copies: Sequence[dict[str, Any]]) -> dict[str, Any]:
    by_label = {c["id"]: c for c in copies}
    candidates = []
    for ranked in found.ranked:
        copy = by_label[ranked.label]
        entry = {
            "recipient": copy["recipient"],
            "copy_id": ranked.label,
            "issued_at": copy["issued_at"].isoformat(),
            **ranked.to_json(),
        }
        entry.pop("label")
        candidates.append(entry)
    return {
        "candidates": candidates,
        "named": [c["recipient"] for c in candidates if c["named"]],
        "evidence": dict(found.evidence),
    }


def _result(
    product: dict[str, Any],
    copies: Sequence[dict[str, Any]],
    found: Verdict,
    explanation: list[str],
) -> dict[str, Any]:
    return {
        "product_id": product["id"],
        "title": product["title"],
        "kind": product["kind"],
        "scheme": product["scheme"],
        **_candidates_json(found, copies),
        "explanation": explanation,
    }
