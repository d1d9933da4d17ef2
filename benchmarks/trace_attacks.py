"""The attacks of the trace benchmark: what happens to a still between issue and leak.

Each takes a BGR uint8 image and a random generator and returns the attacked image.
"""

from __future__ import annotations

from collections.abc import Callable

import cv2
import numpy as np

Attack = Callable[[np.ndarray, np.random.Generator], np.ndarray]


def jpeg(image: np.ndarray, quality: int) -> np.ndarray:
    ok, data = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, quality])
    assert ok
    return cv2.imdecode(data, cv2.IMREAD_COLOR)


def resize(image: np.ndarray, factor: float) -> np.ndarray:
    return cv2.resize(image, None, fx=factor, fy=factor, interpolation=cv2.INTER_AREA)


def crop(image: np.ndarray, share: float) -> np.ndarray:
    """Keep the middle (1 - share) of each side: `share` of width and height are cut."""
    h, w = image.shape[:2]
    dy, dx = int(h * share / 2), int(w * share / 2)
    return image[dy : h - dy, dx : w - dx]


def brightness_contrast(image: np.ndarray) -> np.ndarray:
    return np.clip(image.astype(np.float32) * 1.2 + 15, 0, 255).astype(np.uint8)


def _gamma(image: np.ndarray, gamma: float) -> np.ndarray:
    table = np.clip(255 * (np.arange(256) / 255.0) ** gamma, 0, 255).astype(np.uint8)
    return cv2.LUT(image, table)


def screenshot(image: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Shown in a chat app at 80 %, gamma of the display pipeline, app chrome, re-encoded."""
    shown = _gamma(resize(image, 0.8), 0.9)
    h, w = shown.shape[:2]
    top, side, bottom = 90, 24, 140
    canvas = np.full((h + top + bottom, w + 2 * side, 3), 245, np.uint8)
    canvas[:top] = (40, 40, 40)
    cv2.putText(canvas, "12:41  Chat", (20, 60), cv2.FONT_HERSHEY_SIMPLEX, 1.2, (255, 255, 255), 2)
    canvas[top : top + h, side : side + w] = shown
    cv2.rectangle(
        canvas, (10, h + top + 30), (canvas.shape[1] - 10, h + top + 110), (220, 220, 220), -1
    )
    return jpeg(canvas, int(rng.integers(80, 90)))


def screen_photo(image: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """A phone photo of a monitor: perspective, moiré, defocus, sensor noise, JPEG."""
    h, w = image.shape[:2]
    margin = int(0.08 * max(h, w))
    canvas = np.full((h + 2 * margin, w + 2 * margin, 3), 20, np.uint8)  # the bezel
    canvas[margin : margin + h, margin : margin + w] = image
    ch, cw = canvas.shape[:2]
    corners = np.float32([[0, 0], [cw, 0], [cw, ch], [0, ch]])
    jitter = rng.uniform(-0.05, 0.05, (4, 2)).astype(np.float32) * np.float32([cw, ch])
    out_w, out_h = int(cw * rng.uniform(0.8, 1.1)), int(ch * rng.uniform(0.8, 1.1))
    target = np.float32([[0, 0], [out_w, 0], [out_w, out_h], [0, out_h]]) + jitter
    target -= target.min(axis=0)
    size = (int(target[:, 0].max()) + 1, int(target[:, 1].max()) + 1)
    matrix = cv2.getPerspectiveTransform(corners, target)
    photo = cv2.warpPerspective(canvas, matrix, size, borderValue=(60, 55, 50)).astype(np.float32)
    yy, xx = np.mgrid[0 : size[1], 0 : size[0]].astype(np.float32)
    f1, f2 = rng.uniform(0.05, 0.2, 2)
    moire = 1 + 0.05 * np.sin(2 * np.pi * (f1 * xx + f2 * yy))
    photo *= moire[..., None]
    photo = cv2.GaussianBlur(photo, (0, 0), float(rng.uniform(0.8, 1.5)))
    photo += rng.normal(0, 4, photo.shape).astype(np.float32)
    photo = _gamma(np.clip(photo, 0, 255).astype(np.uint8), float(rng.uniform(0.8, 1.2)))
    return jpeg(photo, int(rng.integers(75, 90)))


SINGLE: dict[str, Attack] = {
    "none": lambda image, rng: image,
    "jpeg90": lambda image, rng: jpeg(image, 90),
    "jpeg70": lambda image, rng: jpeg(image, 70),
    "jpeg50": lambda image, rng: jpeg(image, 50),
    "resize50": lambda image, rng: resize(image, 0.5),
    "crop10": lambda image, rng: crop(image, 0.10),
    "bright_contrast": lambda image, rng: brightness_contrast(image),
    "screenshot": screenshot,
    "screen_photo": screen_photo,
}


def mirror(image: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    return np.ascontiguousarray(image[:, ::-1])


def rotate90(image: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    return np.ascontiguousarray(np.rot90(image, -1))


def grayscale(image: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    return cv2.cvtColor(cv2.cvtColor(image, cv2.COLOR_BGR2GRAY), cv2.COLOR_GRAY2BGR)


def crop_resize(image: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """20 % cut off (10 % each side), then scaled to 0.6."""
    return resize(crop(image, 0.20), 0.6)


def messenger(image: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Forwarded through two chat apps: each caps the long side and re-encodes."""
    out = image
    for side, quality in ((1280, 80), (960, 70)):
        h, w = out.shape[:2]
        if max(h, w) > side:
            out = resize(out, side / max(h, w))
        out = jpeg(out, quality)
    return out


def print_scan(image: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Printed (dot gain, toner noise, paper) and scanned at 200 dpi of a 150 dpi page:
    a small rotation and shift on the glass, scanner blur and noise, JPEG 85."""
    page = image.astype(np.float32)
    page = cv2.GaussianBlur(page, (0, 0), 0.9)  # the printer's dot spread
    page = 255 * (page / 255) ** 1.15  # dot gain darkens mid-tones
    page += rng.normal(0, 3, page.shape[:2]).astype(np.float32)[..., None]  # toner, paper
    h, w = page.shape[:2]
    scale = 200 / 150
    angle = float(rng.uniform(-1.5, 1.5))
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), angle, scale)
    matrix[:, 2] += (w * (scale - 1) / 2 + rng.uniform(-20, 20), h * (scale - 1) / 2)
    size = (int(w * scale) + 40, int(h * scale) + 40)
    scanned = cv2.warpAffine(page, matrix, size, borderValue=(250, 250, 250))
    scanned = cv2.GaussianBlur(scanned, (0, 0), 0.7)
    scanned += rng.normal(0, 2, scanned.shape).astype(np.float32)
    return jpeg(np.clip(scanned, 0, 255).astype(np.uint8), 85)


ISSUE_ATTACKS: dict[str, Attack] = {
    "jpeg40": lambda image, rng: jpeg(image, 40),
    "crop20_resize60": crop_resize,
    "screenshot": screenshot,
    "screen_photo": screen_photo,
    "grayscale": grayscale,
    "messenger": messenger,
    "mirror": mirror,
    "rotate90": rotate90,
}
