"""The blind layer (RivaGAN, shipped as ONNX) and the shortlist index over originals."""

from __future__ import annotations

import itertools

import cv2
import numpy as np
import pytest
import skimage.data

from kizashi.errors import ConfigError
from kizashi.trace import image_blind
from kizashi.trace.image_blind import (
    add_layer,
    add_layer_prepared,
    blind_verdict,
    innocent_tail,
    prepare_layer,
    read,
)
from kizashi.trace.image_index import leak_views, nearest, original_views, trim
from kizashi.trace.params import default_params
from tests.trace.conftest import KEY
from tests.trace.conftest import jpeg as _jpeg

BLIND = default_params().blind
LABELS = [f"copy-{i}" for i in range(20)]


@pytest.fixture(scope="module")
def wide(photo: np.ndarray) -> np.ndarray:
    return cv2.resize(photo, (640, 480), interpolation=cv2.INTER_CUBIC)


def test_the_blind_layer_names_after_jpeg_and_resizing_without_the_original(
    wide: np.ndarray,
) -> None:
    marked = add_layer(wide, KEY, "p", "copy-5", BLIND)
    leak = _jpeg(cv2.resize(marked, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA), 60)
    verdict = blind_verdict(read(leak, wide.shape[:2], BLIND), KEY, "p", LABELS, BLIND)
    assert [r.label for r in verdict.named] == ["copy-5"]
    assert verdict.evidence["agreeing_bits"]["copy-5"] >= 28


def _whole_encoder_copy(host: image_blind.BlindHost, label: str) -> np.ndarray:
    whole = image_blind._session(image_blind.ENCODER)
    bits = image_blind.word(KEY, "p", label)[None]
    out = whole.run(None, {"frame": host.frame, "data": bits})[0]
    marked = (np.clip(out[0, :, 0], -1.0, 1.0).transpose(1, 2, 0) + 1.0) * 127.5
    shape = host.bgr.shape[1::-1]
    delta = cv2.resize(marked - host.small, shape, interpolation=cv2.INTER_LINEAR)
    copy: np.ndarray = np.clip(np.rint(host.bgr.astype(np.float32) + delta), 0, 255)
    return copy.astype(np.uint8)


def test_the_cut_encoder_is_the_whole_encoder(wide: np.ndarray) -> None:
    """Copies made before the FFT encoder (no `blind_impl`) are re-made with the encoder cut
    in two and must be the bytes the whole one makes (a copy is re-made for its recipient
    and checked against its recorded hash)."""
    host = prepare_layer(wide, BLIND)
    for label in ("copy-1", "copy-2"):
        made = add_layer_prepared(host, KEY, "p", label, BLIND, impl=None)
        assert np.array_equal(made, _whole_encoder_copy(host, label))


@pytest.mark.parametrize(("impl", "tolerance"), [("fft-v1", 1e-5), ("fft-v2", 3e-5)])
def test_the_fft_encoder_computes_the_whole_encoder(
    wide: np.ndarray, impl: str, tolerance: float
) -> None:
    """The FFT convolutions (per copy under fft-v1; the attention too under fft-v2) give the
    encoder's output to float32 rounding; after rounding to 8 bits at most a few pixels in a
    million move by one level."""
    host = prepare_layer(wide, BLIND, impl=impl)
    whole = image_blind._session(image_blind.ENCODER)
    for label in ("copy-1", "copy-2", "copy-3"):
        bits = image_blind.word(KEY, "p", label)
        expected = whole.run(None, {"frame": host.frame, "data": bits[None]})[0][0, :, 0]
        fft = image_blind.encoder_output(host, bits, impl)
        assert np.abs(fft - expected).max() < tolerance
        made = add_layer_prepared(host, KEY, "p", label, BLIND, impl=impl).astype(int)
        moved = np.abs(made - _whole_encoder_copy(host, label))
        assert moved.max() <= 1 and (moved > 0).mean() < 1e-5


def test_the_fft_attention_is_the_onnx_attention(wide: np.ndarray) -> None:
    """fft-v2 computes the encoder's frame-only attention by overlap-add FFT convolutions."""
    host = prepare_layer(wide, BLIND)
    fft = image_blind.fft_attention(host.frame[0, :, 0])
    onnx = host.attention[0, :, 0]
    assert fft.shape == onnx.shape and fft.dtype == np.float32
    assert np.abs(fft - onnx).max() < 2e-4
    assert np.allclose(fft.sum(axis=0), 1.0, atol=1e-5)  # a softmax over the 32 channels


def test_the_fft_attention_handles_any_size() -> None:
    """Sizes that are and are not multiples of the 54-pixel tile give the ONNX attention."""
    rng = np.random.default_rng(5)
    for h, w in ((16, 16), (54, 108), (100, 244), (144, 256)):
        frame = rng.uniform(-1, 1, (1, 3, 1, h, w)).astype(np.float32)
        onnx = image_blind._session(image_blind.ATTENTION).run(None, {"frame": frame})[0]
        fft = image_blind.fft_attention(frame[0, :, 0])
        assert np.abs(fft - onnx[0, :, 0]).max() < 2e-4, (h, w)


def test_the_fft_encoder_refuses_an_unknown_implementation(wide: np.ndarray) -> None:
    host = prepare_layer(wide, BLIND)
    with pytest.raises(ConfigError, match="unknown blind-layer implementation 'fft-v9'"):
        add_layer_prepared(host, KEY, "p", "copy-1", BLIND, impl="fft-v9")


def test_the_blind_layer_names_nobody_on_an_unmarked_image(wide: np.ndarray) -> None:
    verdict = blind_verdict(read(_jpeg(wide, 80), wide.shape[:2], BLIND), KEY, "p", LABELS, BLIND)
    assert verdict.named == []


def test_more_readings_cost_more_evidence(wide: np.ndarray) -> None:
    logits = read(add_layer(wide, KEY, "p", "copy-1", BLIND), wide.shape[:2], BLIND)
    once = blind_verdict(logits, KEY, "p", LABELS, BLIND).ranked[0]
    eight = blind_verdict(logits, KEY, "p", LABELS, BLIND, tries=8).ranked[0]
    assert eight.false_accusation > once.false_accusation


def test_the_blind_tail_is_never_understated() -> None:
    weights = [0.37, 1.2, 0.05, 2.0, 0.9, 1.1, 0.61, 0.3, 1.7, 0.44]
    sums = [
        sum(w * s for w, s in zip(weights, signs, strict=True))
        for signs in itertools.product((-1, 1), repeat=len(weights))
    ]
    for score in (-1.0, 0.0, 1.3, 3.1, 5.0, 7.5, sum(weights)):
        exact = sum(total >= score - 1e-12 for total in sums) / len(sums)
        assert exact <= innocent_tail(weights, score) <= exact + 0.02


def _library() -> dict[str, np.ndarray]:
    found = {}
    for name in ("astronaut", "coffee", "chelsea", "rocket", "camera", "hubble_deep_field"):
        array = getattr(skimage.data, name)()
        bgr = cv2.cvtColor(array, cv2.COLOR_GRAY2BGR) if array.ndim == 2 else array[..., ::-1]
        found[name] = np.ascontiguousarray(bgr)
    return found


@pytest.mark.parametrize(
    ("attack", "orientation"),
    [
        (lambda im: _jpeg(cv2.resize(im, None, fx=0.4, fy=0.4), 50), "identity"),
        (lambda im: np.ascontiguousarray(im[:, ::-1]), "mirror"),
        (lambda im: np.ascontiguousarray(np.rot90(im, -1)), "rotate90"),
        (lambda im: im[im.shape[0] // 10 : -im.shape[0] // 10, im.shape[1] // 10 :], "identity"),
        (
            lambda im: cv2.cvtColor(cv2.cvtColor(im, cv2.COLOR_BGR2GRAY), cv2.COLOR_GRAY2BGR),
            "identity",
        ),
    ],
)
def test_the_shortlist_puts_the_source_first_in_its_orientation(attack, orientation) -> None:  # type: ignore[no-untyped-def]
    library = _library()
    entries = [((name, 0), original_views(image)) for name, image in library.items()]
    for name, image in library.items():
        best = nearest(leak_views(attack(image)), entries, 3)[0]
        assert best.key == (name, 0)
        assert best.orientation == orientation


def test_trim_drops_an_app_frame(photo: np.ndarray) -> None:
    grey = cv2.cvtColor(photo, cv2.COLOR_BGR2GRAY)
    framed = np.pad(grey, ((60, 90), (20, 20)), constant_values=245)
    height, width = trim(framed).shape
    # The frame goes; a few pixels of it may stay (noise is smoothed before deciding).
    assert grey.shape[0] <= height <= grey.shape[0] + 12
    assert grey.shape[1] <= width <= grey.shape[1] + 12
