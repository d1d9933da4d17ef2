"""What the trace benchmarks share: an in-process store with officers, and the test stills.

The benchmarks call the same functions the CLI does (``TraceService.issue_file`` behind
``kizashi trace issue``, ``find`` behind ``kizashi trace find``) in one process, so that
timings are not dominated by interpreter start-up and thousands of trials stay affordable.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import skimage.data
from sqlalchemy import Engine

from kizashi.config import load_settings
from kizashi.guard import User
from kizashi.guard.identity import add_member, create_compartment, create_user, get_user, sync_desks
from kizashi.store import make_engine, transaction, upgrade
from kizashi.trace import TraceService, open_trace
from kizashi.trace.synthetic import cctv_frame

PURPOSE = "benchmark: issuing to the op-bench compartment"
INSPECT = "benchmark: tracing a leak"
ROOT = Path(__file__).resolve().parent.parent
PLAN = ROOT / "tests" / "trace" / "data" / "raid_plan_dense.md"


@dataclass
class Bench:
    engine: Engine
    service: TraceService
    lead: User
    inspector: User
    recipients: list[str]


def open_bench(data_dir: Path, recipients: int) -> Bench:
    settings = load_settings(data_dir=data_dir, database_url=None)
    engine = make_engine(settings)
    upgrade(engine)
    names = [f"r{i:02d}" for i in range(recipients)]
    now = datetime.now(UTC)
    with transaction(engine) as connection:
        sync_desks(connection)
        create_user(connection, "lead", role="desk_lead", desk="tokuryu")
        create_user(connection, "inspector", role="analyst", desk="inspection")
        for name in names:
            create_user(connection, name, role="analyst", desk="tokuryu")
        create_compartment(
            connection,
            "op-bench",
            desk="tokuryu",
            valid_from=now - timedelta(days=1),
            valid_until=now + timedelta(days=365),
        )
        for name in ("lead", *names):
            add_member(connection, "op-bench", name)
    with engine.connect() as connection:
        lead, inspector = get_user(connection, "lead"), get_user(connection, "inspector")
    return Bench(engine, open_trace(settings, engine), lead, inspector, names)


def _hd(array: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    """A 16:9 crop upscaled to 1920x1080 (what a 1080p still from a photo looks like)."""
    bgr = cv2.cvtColor(array, cv2.COLOR_GRAY2BGR) if array.ndim == 2 else array[..., 2::-1]
    h, w = bgr.shape[:2]
    ch = min(h, int(w * 9 / 16))
    top = (h - ch) // 2
    crop = np.ascontiguousarray(bgr[top : top + ch, : int(ch * 16 / 9)])
    return cv2.resize(crop, (1920, 1080), interpolation=cv2.INTER_CUBIC)


def stills() -> dict[str, np.ndarray[Any, Any]]:
    """Four natural photos (scikit-image's, inside its wheel) at 1080p and a CCTV frame."""
    found = {
        name: _hd(getattr(skimage.data, name)())
        for name in ("astronaut", "coffee", "chelsea", "rocket")
    }
    found["cctv"] = cctv_frame()
    return found


def png(image: np.ndarray[Any, Any]) -> bytes:
    return cv2.imencode(".png", image)[1].tobytes()


def jpeg_round_trip(image: np.ndarray[Any, Any], quality: int = 90) -> np.ndarray[Any, Any]:
    """The baseline of every timing: one JPEG encode and decode of the same frame."""
    data = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, quality])[1]
    return cv2.imdecode(data, cv2.IMREAD_COLOR)
