"""A synthetic CCTV-like still: a street at an apartment block, with a burnt-in timestamp.

Deterministic for a seed. Used by the demo (the surveillance still that is issued and
leaks) and by the benchmark (a 1080p frame with the flat areas, hard edges and white
overlay text that real surveillance frames have).
"""

from __future__ import annotations

import cv2
import numpy as np

from kizashi.trace.image_mark import Image


def cctv_frame(
    seed: int = 7,
    *,
    width: int = 1920,
    height: int = 1080,
    stamp: str = "2026-10-18 14:32:07",
    camera: str = "CAM-03 OYAMA-CHO",
) -> Image:
    rng = np.random.default_rng(seed)
    h, w = height, width
    y = np.linspace(0, 1, h, dtype=np.float32)[:, None]
    frame = np.empty((h, w, 3), np.float32)
    frame[...] = (np.array([190, 175, 160], np.float32) * (1 - 0.35 * y))[..., None, :].reshape(
        h, 1, 3
    )
    # Buildings: blocks with window grids and weathered walls.
    x = 0
    while x < w:
        bw = int(rng.integers(w // 10, w // 4))
        top = int(rng.integers(h // 10, h // 2))
        shade = rng.uniform(70, 170, 3).astype(np.float32)
        wall = shade + rng.normal(0, 9, (h - top, min(bw, w - x), 3)).astype(np.float32)
        frame[top:, x : x + bw] = wall
        for wy in range(top + 20, int(h * 0.62), 46):
            for wx in range(x + 14, min(x + bw, w) - 24, 38):
                lit = rng.uniform(30, 230)
                cv2.rectangle(frame, (wx, wy), (wx + 22, wy + 28), (lit, lit * 0.95, lit * 0.8), -1)
        x += bw
    # Road in perspective, kerb lines and parked cars.
    road = np.array(
        [[0, h], [w, h], [int(w * 0.62), int(h * 0.62)], [int(w * 0.38), int(h * 0.62)]]
    )
    cv2.fillPoly(frame, [road], (88, 90, 92))
    for i in range(8):
        t = i / 8
        yy = int(h * 0.62 + (h * 0.38) * t * t)
        cv2.line(
            frame, (w // 2 - 4, yy), (w // 2 + 4, yy + 12 + int(30 * t)), (220, 220, 220), 3 + i
        )
    for _ in range(5):
        cx, cy = int(rng.integers(0, w - 260)), int(rng.integers(int(h * 0.66), h - 120))
        color = tuple(float(c) for c in rng.uniform(30, 220, 3))
        cv2.rectangle(frame, (cx, cy), (cx + 240, cy + 90), color, -1)
        cv2.rectangle(frame, (cx + 40, cy - 50), (cx + 190, cy), color, -1)
        cv2.rectangle(frame, (cx + 55, cy - 42), (cx + 175, cy - 6), (60, 70, 80), -1)
        for wheel in (cx + 50, cx + 190):
            cv2.circle(frame, (wheel, cy + 90), 26, (20, 20, 20), -1)
    # Two people near the entrance.
    for px in (int(w * 0.45), int(w * 0.52)):
        cv2.ellipse(frame, (px, int(h * 0.70)), (24, 70), 0, 0, 360, (40, 45, 60), -1)
        cv2.circle(frame, (px, int(h * 0.70) - 88), 20, (120, 140, 170), -1)
    # Sensor noise, lens softness, vignette.
    frame += rng.normal(0, 4, frame.shape).astype(np.float32)
    frame = np.asarray(cv2.GaussianBlur(frame, (0, 0), 0.8), np.float32)
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    r2 = ((xx - w / 2) / (w / 2)) ** 2 + ((yy - h / 2) / (h / 2)) ** 2
    frame *= (1 - 0.25 * r2)[..., None]
    out = np.clip(frame, 0, 255).astype(np.uint8)
    # The burnt-in overlay, white with a dark outline, as DVRs draw it.
    for text, org in ((stamp, (40, 70)), (camera, (40, h - 40))):
        cv2.putText(out, text, org, cv2.FONT_HERSHEY_SIMPLEX, 1.6, (0, 0, 0), 8, cv2.LINE_AA)
        cv2.putText(out, text, org, cv2.FONT_HERSHEY_SIMPLEX, 1.6, (255, 255, 255), 3, cv2.LINE_AA)
    return out
