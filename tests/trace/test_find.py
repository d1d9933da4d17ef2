"""Find through the store: the shortlist, mirrored stills, PDFs printed and scanned, texts."""

from __future__ import annotations

import dataclasses
import hashlib
import re
from pathlib import Path

import cv2
import numpy as np
import pytest
import skimage.data

import kizashi.trace.finding as finding
from kizashi.store.tables_trace import trace_copies
from kizashi.trace import TraceService, find
from kizashi.trace.pdf import assemble, render
from kizashi.trace.products import PictureMaker, load_template, text_copy
from kizashi.trace.repository import get_product
from tests.trace.conftest import user_of

PURPOSE = "planning the Oyama search (case 123)"
INSPECT = "internal-affairs inquiry into a leak"


def _png(image: np.ndarray) -> bytes:
    return cv2.imencode(".png", image)[1].tobytes()


def _jpeg(image: np.ndarray, quality: int) -> bytes:
    return cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, quality])[1].tobytes()


def _decode(data: bytes) -> np.ndarray:
    return cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR)


def _report_page() -> np.ndarray:
    """An A4 page at 150 dpi of typed text: what a case report looks like to a scanner."""
    page = np.full((1754, 1240, 3), 255, np.uint8)
    for row in range(36):
        cv2.putText(
            page,
            f"Case R8-{row:03d}: subject seen at the station exit, plate {1000 + 37 * row}",
            (90, 120 + 40 * row),
            cv2.FONT_HERSHEY_SIMPLEX,
            0.7,
            (25, 25, 25),
            1,
            cv2.LINE_AA,
        )
    return page


def _print_and_scan(page: np.ndarray) -> np.ndarray:
    rng = np.random.default_rng(4)
    paper = cv2.GaussianBlur(page.astype(np.float32), (0, 0), 0.9)
    paper += rng.normal(0, 3, paper.shape[:2]).astype(np.float32)[..., None]
    h, w = paper.shape[:2]
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), 1.2, 200 / 150)
    matrix[:, 2] += (w / 6 + 12, h / 6)
    scanned = cv2.warpAffine(
        paper, matrix, (w * 4 // 3 + 40, h * 4 // 3 + 40), borderValue=(250,) * 3
    )
    return _decode(_jpeg(np.clip(scanned, 0, 255).astype(np.uint8), 85))


def test_a_mirrored_leak_is_found_among_several_stills(
    service: TraceService, photo: np.ndarray
) -> None:
    lead = user_of(service, "lead")
    others = [skimage.data.coffee(), skimage.data.chelsea(), skimage.data.rocket()]
    for number, image in enumerate(others):
        product = service.add_product(
            lead,
            _png(np.ascontiguousarray(image[..., ::-1])),
            f"o{number}.png",
            purpose=PURPOSE,
            compartment="op-x",
        )
        service.issue(lead, product["id"], ["ann", "ben"], purpose=PURPOSE)
    _, copies = service.issue_file(
        lead, _png(photo), "still.png", ["ann", "ben", "cho"], purpose=PURPOSE, compartment="op-x"
    )
    leaked = _decode(copies[1].content)[:, ::-1]
    result = find(
        service, user_of(service, "inspector"), _jpeg(leaked, 70), "l.jpg", purpose=INSPECT
    )
    assert result["named"] == ["ben"]
    best = result["products"][0]
    assert best["evidence"]["registration"]["orientation"] == "mirror"
    assert best["candidates"][0]["false_accusation"] < 1e-6
    assert "blind" not in best  # named by the pattern layer: the blind layer is not needed


def test_a_find_stops_at_the_first_product_that_names_and_lists_the_others_unread(
    service: TraceService, photo: np.ndarray
) -> None:
    lead = user_of(service, "lead")
    first, copies = service.issue_file(
        lead, _png(photo), "a.png", ["ann", "ben"], purpose=PURPOSE, compartment="op-x"
    )
    service.issue_file(  # the same photo issued again as another product
        lead, _png(photo), "b.png", ["ann", "ben"], purpose=PURPOSE, compartment="op-x"
    )
    leak = _jpeg(_decode(copies[1].content), 80)
    result = find(service, user_of(service, "inspector"), leak, "l.jpg", purpose=INSPECT)
    assert result["named"] == ["ben"]
    products = {p["product_id"]: p for p in result["products"]}
    assert len(products) == 2  # both registered; both listed
    assert products[first["id"]]["named"] == ["ben"]
    other = next(p for pid, p in products.items() if pid != first["id"])
    # Read before the source (and naming nobody), or not read after it named.
    if other["evidence"].get("read") is False:
        assert other["evidence"]["because_named_in"] == first["id"]
        assert other["candidates"] == [] and "not read" in other["explanation"][0]
    else:
        assert other["named"] == []


def test_a_find_decodes_only_the_originals_it_reads(
    service: TraceService, photo: np.ndarray, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the originals' features kept, registering needs an original's size (from the
    index), not its pixels: a product registered but not read is never decoded."""
    service = dataclasses.replace(service, cache_dir=tmp_path / "cache")
    lead = user_of(service, "lead")
    first, copies = service.issue_file(
        lead, _png(photo), "a.png", ["ann", "ben"], purpose=PURPOSE, compartment="op-x"
    )
    second, _ = service.issue_file(  # the same photo again: it registers too
        lead, _png(photo), "b.png", ["ann", "ben"], purpose=PURPOSE, compartment="op-x"
    )
    leak = _jpeg(_decode(copies[1].content), 80)
    inspector = user_of(service, "inspector")
    cold = find(service, inspector, leak, "l.jpg", purpose=INSPECT)  # fills the cache
    decoded: list[str] = []
    real = finding.pictures_of

    def counting(product: dict[str, object]) -> list[np.ndarray]:
        decoded.append(str(product["id"]))
        return real(product)

    monkeypatch.setattr(finding, "pictures_of", counting)
    warm = find(service, inspector, leak, "l.jpg", purpose=INSPECT)
    assert warm["named"] == cold["named"] == ["ben"]
    read = [p["product_id"] for p in warm["products"] if p["evidence"].get("read", True)]
    assert len(warm["products"]) == 2 and sorted(decoded) == sorted(read)
    assert {p["product_id"] for p in warm["products"]} == {first["id"], second["id"]}


def test_the_blind_layer_is_read_and_reported_apart_when_registration_fails(
    service: TraceService, photo: np.ndarray
) -> None:
    lead = user_of(service, "lead")
    wide = cv2.resize(photo, (512, 512))
    _, copies = service.issue_file(
        lead, _png(wide), "still.png", ["ann", "ben", "cho"], purpose=PURPOSE, compartment="op-x"
    )
    # A thumbnail of 100 pixels: too small for feature matches, so no registration.
    tiny = cv2.resize(
        _decode(copies[2].content), None, fx=0.2, fy=0.2, interpolation=cv2.INTER_AREA
    )
    result = find(service, user_of(service, "inspector"), _jpeg(tiny, 80), "l.jpg", purpose=INSPECT)
    best = result["products"][0]
    assert best["evidence"]["registration"]["method"] == "resize"
    assert {c["recipient"] for c in best["blind"]["candidates"]} == {"ann", "ben", "cho"}
    assert best["blind"]["evidence"]["scheme"] == "rivagan-32-v1"
    assert set(result["named"] + result["named_blind"]) <= {"cho"}


def test_a_pdf_printed_and_scanned_names_its_recipient(service: TraceService) -> None:
    lead = user_of(service, "lead")
    report = assemble([_report_page()])
    product, copies = service.issue_file(
        lead, report, "report.pdf", ["ann", "ben", "cho"], purpose=PURPOSE, compartment="op-x"
    )
    assert product["kind"] == "pdf" and copies[0].media_type == "application/pdf"
    assert copies[0].content.startswith(b"%PDF")
    page = render(copies[0].content, "copy.pdf")[0]
    inspector = user_of(service, "inspector")
    scanned = find(
        service, inspector, _jpeg(_print_and_scan(page), 85), "scan.jpg", purpose=INSPECT
    )
    assert scanned["named"] == ["ann"]
    as_pdf = find(service, inspector, copies[0].content, "fwd.pdf", purpose=INSPECT)
    assert as_pdf["leaked"]["kind"] == "pdf" and as_pdf["named"] == ["ann"]
    again, media = service.copy_content(user_of(service, "ann"), copies[0].copy_id, purpose=PURPOSE)
    assert again == copies[0].content and media == "application/pdf"


@pytest.mark.parametrize("blind", [True])
def test_a_still_copy_is_reproduced_exactly_with_its_blind_layer(
    service: TraceService, photo: np.ndarray, blind: bool
) -> None:
    lead = user_of(service, "lead")
    product, copies = service.issue_file(
        lead, _png(photo), "s.png", ["ann"], purpose=PURPOSE, compartment="op-x"
    )
    assert product["params"]["blind"] is blind
    again, _ = service.copy_content(user_of(service, "ann"), copies[0].copy_id, purpose=PURPOSE)
    assert again == copies[0].content


def test_a_png_copy_made_before_its_encoding_was_recorded_is_remade_as_it_was(
    service: TraceService, photo: np.ndarray
) -> None:
    lead = user_of(service, "lead")
    product, copies = service.issue_file(
        lead, _png(photo), "s.png", ["ann"], purpose=PURPOSE, compartment="op-x"
    )
    copy_id = copies[0].copy_id
    # As issued before 2026-12-04 evening: OpenCV's default PNG settings, nothing recorded.
    legacy = cv2.imencode(".png", _decode(copies[0].content))[1].tobytes()
    assert legacy != copies[0].content
    with service.engine.begin() as connection:
        row = (
            connection.execute(trace_copies.select().where(trace_copies.c.id == copy_id))
            .mappings()
            .one()
        )
        fingerprint = {k: v for k, v in row["fingerprint"].items() if k != "encoding"}
        connection.execute(
            trace_copies.update()
            .where(trace_copies.c.id == copy_id)
            .values(fingerprint=fingerprint, content_sha256=hashlib.sha256(legacy).hexdigest())
        )
    again, _ = service.copy_content(user_of(service, "ann"), copy_id, purpose=PURPOSE)
    assert again == legacy
    assert product["id"]


def test_copies_issued_together_are_the_copies_made_one_by_one(
    service: TraceService, photo: np.ndarray
) -> None:
    # Issuing makes the copies on a pool of threads from one prepared original (decoded once,
    # blind spectra once); each must be exactly the copy made alone from the stored product,
    # which is how it is re-made for its recipient.
    lead = user_of(service, "lead")
    product, copies = service.issue_file(
        lead, _png(photo), "s.png", ["ann", "ben", "cho"], purpose=PURPOSE, compartment="op-x"
    )
    with service.engine.connect() as connection:
        stored = get_product(connection, product["id"])
        rows = {
            r["id"]: r
            for r in connection.execute(trace_copies.select()).mappings()
            if r["product_id"] == product["id"]
        }
    for copy in copies:
        alone = PictureMaker(stored, service.key, service.params).make(copy.copy_id)
        assert alone.content == copy.content and alone.sha256 == copy.sha256
        assert rows[copy.copy_id]["fingerprint"] == alone.fingerprint
        assert alone.fingerprint["blind_impl"] == "fft-v2"
        assert alone.fingerprint["encoding"] == "png-sub-isal1"
        name = copy.recipient
        again, _ = service.copy_content(user_of(service, name), copy.copy_id, purpose=PURPOSE)
        assert again == copy.content


def test_a_copy_made_with_the_onnx_encoder_and_libpng_is_remade_as_it_was(
    service: TraceService, photo: np.ndarray
) -> None:
    lead = user_of(service, "lead")
    product, copies = service.issue_file(
        lead, _png(photo), "s.png", ["ann"], purpose=PURPOSE, compartment="op-x"
    )
    copy_id = copies[0].copy_id
    with service.engine.connect() as connection:
        stored = get_product(connection, product["id"])
    # As issued on 2026-12-04 evening: the ONNX per-copy part, libpng's Sub + Huffman only.
    legacy = PictureMaker(stored, service.key, service.params).make(
        copy_id, encoding="png-sub-huffman", blind_impl=None
    )
    assert "blind_impl" not in legacy.fingerprint and legacy.content != copies[0].content
    moved = np.abs(_decode(legacy.content).astype(int) - _decode(copies[0].content))
    assert moved.max() <= 1  # the same function to float32 rounding
    with service.engine.begin() as connection:
        connection.execute(
            trace_copies.update()
            .where(trace_copies.c.id == copy_id)
            .values(fingerprint=legacy.fingerprint, content_sha256=legacy.sha256)
        )
    again, _ = service.copy_content(user_of(service, "ann"), copy_id, purpose=PURPOSE)
    assert again == legacy.content


def test_a_copy_made_with_the_fft_v1_encoder_is_remade_as_it_was(
    service: TraceService, photo: np.ndarray
) -> None:
    lead = user_of(service, "lead")
    product, copies = service.issue_file(
        lead, _png(photo), "s.png", ["ann"], purpose=PURPOSE, compartment="op-x"
    )
    copy_id = copies[0].copy_id
    with service.engine.connect() as connection:
        stored = get_product(connection, product["id"])
    # As issued until 2026-12-05: the attention in onnxruntime, the per-copy part by FFT.
    legacy = PictureMaker(stored, service.key, service.params).make(copy_id, blind_impl="fft-v1")
    assert legacy.fingerprint["blind_impl"] == "fft-v1"
    assert legacy.fingerprint["encoding"] == "png-sub-isal1"
    moved = np.abs(_decode(legacy.content).astype(int) - _decode(copies[0].content))
    assert moved.max() <= 1  # the same function to float32 rounding
    with service.engine.begin() as connection:
        connection.execute(
            trace_copies.update()
            .where(trace_copies.c.id == copy_id)
            .values(fingerprint=legacy.fingerprint, content_sha256=legacy.sha256)
        )
    again, _ = service.copy_content(user_of(service, "ann"), copy_id, purpose=PURPOSE)
    assert again == legacy.content


def test_a_text_issued_under_the_v2_scheme_is_still_traced_and_remade(
    service: TraceService, plan_text: str
) -> None:
    # Copies issued before tx-variants-v3 carry codewords drawn from keyed Dirichlet biases:
    # the product keeps its scheme, and tracing, re-making and further copies follow it.
    params = service.params
    v2 = dataclasses.replace(
        params,
        text=dataclasses.replace(params.text, id="tx-variants-v2", uniform_bias=False),
    )
    old = dataclasses.replace(service, params=v2)
    lead = user_of(service, "lead")
    product, copies = old.issue_file(
        lead, plan_text.encode(), "plan.md", ["ann", "ben"], purpose=PURPOSE, compartment="op-x"
    )
    assert product["scheme"] == "tx-variants-v2" and service.params.text.id == "tx-variants-v3"
    (more,) = service.issue(lead, product["id"], ["cho"], purpose=PURPOSE)
    template = load_template(plan_text.encode(), "plan.md", v2)
    issued = [*copies, more]
    as_v2 = [text_copy(template, service.key, product["id"], c.copy_id, v2).content for c in issued]
    as_v3 = [
        text_copy(template, service.key, product["id"], c.copy_id, params).content for c in issued
    ]
    assert [c.content for c in issued] == as_v2
    # One copy's v2 and v3 codewords can coincide by chance (random copy ids); three cannot
    # all coincide unless the schemes are the same.
    assert as_v2 != as_v3
    by_name = {c.recipient: c for c in [*copies, more]}
    leaked = re.sub("[\u200b\u200c\u2060]", "", by_name["ben"].content.decode())
    result = find(service, user_of(service, "inspector"), leaked.encode(), "l.txt", purpose=INSPECT)
    assert result["products"][0]["scheme"] == "tx-variants-v2"
    assert result["named"] == ["ben"]
    again, _ = service.copy_content(
        user_of(service, "ann"), by_name["ann"].copy_id, purpose=PURPOSE
    )
    assert again == by_name["ann"].content
