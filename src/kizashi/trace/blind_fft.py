"""The RivaGAN encoder as FFT convolutions: its per-copy part (``fft-v1``) and its attention
(``fft-v2``, which computes both).

Issuing a still to 50 recipients ran the encoder's per-copy part (``rivagan_encoder_apply``)
once per copy: two 11x11 convolutions at the blind size, 4 -> 32 and 32 -> 3 channels, about
0.57 G multiply-adds, ~0.06 s of CPU, the largest share of a copy's cost. onnxruntime does
them as im2col + GEMM, whose 3-row GEMM of the second convolution is starved by memory
traffic. The same function computed with FFTs costs a third of that, because:

- the first convolution is linear: the frame's 3 channels are convolved once per product
  (:attr:`FftEncoder.share`), and the word's channel is the word's signs times the 32
  attention maps, so its spectrum is a weighted sum of the attention maps' spectra, also
  kept per product: a copy needs no forward FFT for it, only one inverse per channel;
- the second convolution is 32 forward FFTs, a product with 3 x 32 kernel spectra and 3
  inverse FFTs, instead of 0.43 G multiply-adds.

The result equals onnxruntime's to float32 rounding (~1e-6, checked in
``tests/trace/test_blind_and_index.py``); after rounding to 8 bits a pixel in a million may
differ by one level, so copies record the implementation (``blind_impl``) and a copy made
before is re-made with the ONNX part. Only numpy and scipy's pocketfft run here, and every
reduction is an explicit loop in a fixed order (no BLAS threads), so a copy is re-made byte
for byte on the same installation.

The attention (once per product: 3 -> 32 and 32 -> 32 channels, ~5 G multiply-adds in
onnxruntime, 0.16-0.3 s of CPU) is computed here too under ``fft-v2`` (:func:`attention`), by
overlap-add over 54 x 54 tiles in 64 x 64 FFTs, so that its 32 x 32 kernel spectra take
~17 MB whatever the still's size: ~0.07 s. ``fft-v1`` copies keep the attention of
onnxruntime (``image_blind.BlindHost.attention``).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import scipy.fft  # type: ignore[import-untyped]  # no type information
from numpy.typing import NDArray

from kizashi.errors import ConfigError

HALF = 5  # the kernels are 11 x 11 with 5 pixels of zero padding on every side
IMPL_V1 = "fft-v1"  # the per-copy part by FFT, the attention by onnxruntime
IMPL = "fft-v2"  # both by FFT (copies issued since 2026-12-05)
WEIGHTS = Path(__file__).parent / "models" / "rivagan" / "rivagan_encoder_mix.npz"
ATTENTION_WEIGHTS = WEIGHTS.with_name("rivagan_encoder_attention.npz")
TILE = 54  # the attention's convolutions by overlap-add over 54 x 54 tiles, 64 x 64 FFTs
TILE_FFT = TILE + 2 * HALF

Float = NDArray[Any]  # float32 (spectra: complex64)


@lru_cache(maxsize=1)
def _weights() -> dict[str, Float]:
    if not WEIGHTS.exists():
        raise ConfigError(f"the blind layer's encoder weights are missing: {WEIGHTS}")
    with np.load(WEIGHTS) as data:
        return {name: np.asarray(data[name]) for name in data.files}


@lru_cache(maxsize=1)
def _attention_weights() -> dict[str, Float]:
    if not ATTENTION_WEIGHTS.exists():
        raise ConfigError(f"the blind layer's attention weights are missing: {ATTENTION_WEIGHTS}")
    with np.load(ATTENTION_WEIGHTS) as data:
        return {name: np.asarray(data[name]) for name in data.files}


@dataclass(frozen=True)
class _Layer:
    spectra: Float  # (out, in, TILE_FFT, TILE_FFT//2+1): the flipped kernels' spectra
    bias: Float  # (out, 1, 1)
    norm_scale: Float  # (out, 1, 1): tanh, then the batch norm as one affine map per channel
    norm_shift: Float


@lru_cache(maxsize=1)
def _attention_layers() -> tuple[_Layer, _Layer]:
    """The attention's two convolutions as tile spectra (~17 MB, whatever the still's size)."""
    weights = _attention_weights()
    layers = []
    for conv, norm in (("0", "bn2"), ("3", "bn5")):
        kernels = weights[f"w{conv}"][..., ::-1, ::-1]  # ONNX's Conv is a correlation
        spectra = scipy.fft.rfft2(kernels, s=(TILE_FFT, TILE_FFT))
        scale = weights[f"{norm}_weight"] / np.sqrt(
            weights[f"{norm}_running_var"] + weights[f"{norm}_epsilon"]
        )
        shift = weights[f"{norm}_bias"] - weights[f"{norm}_running_mean"] * scale
        layers.append(
            _Layer(
                np.ascontiguousarray(spectra),
                weights[f"b{conv}"].astype(np.float32)[:, None, None],
                scale.astype(np.float32)[:, None, None],
                shift.astype(np.float32)[:, None, None],
            )
        )
    return layers[0], layers[1]


def _conv_tiled(x: Float, layer: _Layer) -> Float:
    """The 11 x 11 convolution of `x` (in, h, w) with 5 pixels of zero padding, as ONNX's
    Conv (a correlation) computes it, by overlap-add: each 54 x 54 tile of the input is
    convolved in a 64 x 64 FFT and its full result added where it lands."""
    channels, h, w = x.shape
    ty, tx = -(-h // TILE), -(-w // TILE)
    padded = np.zeros((channels, ty * TILE, tx * TILE), np.float32)
    padded[:, :h, :w] = x
    tiles = padded.reshape(channels, ty, TILE, tx, TILE).transpose(1, 3, 0, 2, 4)
    spectra = scipy.fft.rfft2(tiles, s=(TILE_FFT, TILE_FFT))  # (ty, tx, in, F, F//2+1)
    mixed = layer.spectra[:, 0] * spectra[:, :, 0:1]
    for channel in range(1, channels):  # a sum over channels in a fixed order
        mixed += layer.spectra[:, channel] * spectra[:, :, channel : channel + 1]
    full = scipy.fft.irfft2(mixed, s=(TILE_FFT, TILE_FFT))  # (ty, tx, out, F, F)
    out = np.zeros((full.shape[2], ty * TILE + 2 * HALF, tx * TILE + 2 * HALF), np.float32)
    for row in range(ty):  # overlap-add in a fixed order
        for col in range(tx):
            y, x0 = row * TILE, col * TILE
            out[:, y : y + TILE_FFT, x0 : x0 + TILE_FFT] += full[row, col]
    result: Float = out[:, HALF : HALF + h, HALF : HALF + w] + layer.bias
    return result


def attention(frame: Float) -> Float:
    """The encoder's frame-only attention (32, h, w) for `frame` (3, h, w) in [-1, 1], BGR:
    two convolutions, each followed by a tanh and a batch norm, and a softmax over the 32
    channels; the same function as ``rivagan_encoder_attention.onnx`` to float32 rounding."""
    first, second = _attention_layers()
    hidden = np.tanh(_conv_tiled(np.asarray(frame, np.float32), first))
    hidden = hidden * first.norm_scale + first.norm_shift
    logits = np.tanh(_conv_tiled(hidden, second)) * second.norm_scale + second.norm_shift
    logits -= logits.max(axis=0, keepdims=True)
    weights = np.exp(logits)
    weights /= weights.sum(axis=0, keepdims=True)
    out: Float = weights.astype(np.float32)
    return out


@dataclass(frozen=True)
class _Kernels:
    size: tuple[int, int]  # the FFT size: at least the image plus the kernel, no wrap-around
    frame: Float  # (32, 3, fh, fw//2+1): the first convolution's kernels over B, G, R
    mixed: Float  # (32, fh, fw//2+1): its kernels over the word's channel
    second: Float  # (3, 32, fh, fw//2+1)
    norm_scale: Float  # (32, 1, 1): the batch norm as one affine map per channel
    norm_shift: Float


@lru_cache(maxsize=8)
def _kernels(shape: tuple[int, int]) -> _Kernels:
    weights = _weights()
    h, w = shape
    size = (
        scipy.fft.next_fast_len(h + 2 * HALF, real=True),
        scipy.fft.next_fast_len(w + 2 * HALF, real=True),
    )
    # ONNX's Conv is a correlation: the FFT convolves, so the kernels are flipped.
    first = scipy.fft.rfft2(weights["w0"][..., ::-1, ::-1], s=size)
    second = scipy.fft.rfft2(weights["w3"][..., ::-1, ::-1], s=size)
    scale = weights["bn_weight"] / np.sqrt(weights["bn_var"] + weights["bn_epsilon"])
    shift = weights["bn_bias"] - weights["bn_mean"] * scale
    return _Kernels(
        size,
        np.ascontiguousarray(first[:, :3]),
        np.ascontiguousarray(first[:, 3]),
        second,
        scale.astype(np.float32)[:, None, None],
        shift.astype(np.float32)[:, None, None],
    )


def _weighted(spectra: Float, weights: Float) -> Float:
    """Σ_d weights[d] · spectra[d], in a fixed order."""
    out: Float = weights[0] * spectra[0]
    for index in range(1, spectra.shape[0]):
        out += weights[index] * spectra[index]
    return out


def _mix(spectra: Float, kernels: Float) -> Float:
    """Σ_c spectra[c] · kernels[:, c]: a sum over channels in a fixed order."""
    out: Float = kernels[:, 0] * spectra[0]
    for channel in range(1, spectra.shape[0]):
        out += kernels[:, channel] * spectra[channel]
    return out


class FftEncoder:
    """The encoder's per-copy part for one frame, prepared once per product."""

    def __init__(self, frame: Float, attention: Float) -> None:
        """`frame`: (3, h, w) in [-1, 1], BGR as the encoder takes it; `attention`:
        (32, h, w), the encoder's frame-only attention (the softmax over the word's bits)."""
        self.frame = np.asarray(frame, np.float32)
        h, w = self.frame.shape[1:]
        self.shape = (int(h), int(w))
        self.kernels = _kernels(self.shape)
        size = self.kernels.size
        share = scipy.fft.irfft2(_mix(scipy.fft.rfft2(self.frame, s=size), self.kernels.frame))
        self.share = self._crop(share) + _weights()["b0"][:, None, None]
        self.attention = scipy.fft.rfft2(np.asarray(attention, np.float32), s=size)

    def _crop(self, full: Float) -> Float:
        h, w = self.shape
        cropped: Float = full[:, HALF : HALF + h, HALF : HALF + w]
        return cropped

    def output(self, bits: NDArray[np.float32]) -> Float:
        """The encoder's output frame (3, h, w) for a copy's 32 bits (0/1)."""
        signs = 2.0 * np.asarray(bits, np.float32) - 1.0
        mixed = _weighted(self.attention, signs.astype(np.float32))
        size = self.kernels.size
        first = self._crop(scipy.fft.irfft2(self.kernels.mixed * mixed, s=size)) + self.share
        normed = np.tanh(first) * self.kernels.norm_scale + self.kernels.norm_shift
        second = scipy.fft.irfft2(_mix(scipy.fft.rfft2(normed, s=size), self.kernels.second))
        raw = self._crop(second) + _weights()["b3"][:, None, None]
        out: Float = self.frame + _weights()["scale"] * np.tanh(raw)
        return out
