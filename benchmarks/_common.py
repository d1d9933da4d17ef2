"""What the benchmark scripts share: synthetic data, machine facts, stores, timing helpers.

Everything here is stdlib plus what the project already depends on (psutil, httpx, psycopg).
Benchmarks generate their own data into a temporary directory and clean up after themselves.
"""

from __future__ import annotations

import os
import platform
import random
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import orjson

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
KIZASHI = str(VENV_BIN / "kizashi") if (VENV_BIN / "kizashi").exists() else "kizashi"
DEFAULT_PG_ADMIN_URL = "postgresql+psycopg://root@127.0.0.1:5432/test"

# --- synthetic data --------------------------------------------------------------------------

_KANA_WORDS = (
    "今日",
    "渋谷",
    "新宿",
    "池袋",
    "ライブ",
    "ラーメン",
    "最高",
    "電車",
    "遅延",
    "雨",
    "仕事",
    "帰り",
    "カフェ",
    "新作",
    "美味しい",
    "推し",
    "配信",
    "イベント",
    "楽しみ",
    "疲れた",
    "週末",
    "映画",
    "買い物",
    "コンビニ",
    "限定",
    "友達",
    "写真",
    "桜",
    "花火",
    "猫",
)
_TAILS = ("！", "。", "ｗｗ", "…", "✨", "〜", "？", "です", "だね", "かも")
_PLATFORMS = ("x", "threads", "instagram", "5ch", "tiktok")
_SURNAMES = ("佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺", "山本", "中村", "小林", "加藤")
_GIVEN = ("太郎", "花子", "健太", "美咲", "翔", "陽菜", "大輔", "結衣", "蓮", "葵")
_KANA_SUR = ("サトウ", "スズキ", "タカハシ", "タナカ", "イトウ", "ワタナベ", "ヤマモト", "ナカムラ")
_KANA_GIVEN = ("タロウ", "ハナコ", "ケンタ", "ミサキ", "ショウ", "ヒナ", "ダイスケ", "ユイ")
_WARDS = ("豊島区池袋", "新宿区西新宿", "渋谷区道玄坂", "練馬区豊玉北", "北区赤羽", "板橋区板橋")
_ITEMS = (
    ("石灰硫黄合剤 500mL", "硫黄", "mL", 500.0),
    ("園芸用硫黄粉末 1kg", "硫黄", "kg", 1.0),
    ("BBQ用木炭 3kg", "木炭", "kg", 3.0),
    ("除光液 220mL", "アセトン", "mL", 220.0),
    ("化成肥料 5kg", "硝酸アンモニウム", "kg", 5.0),
    ("洗剤 詰め替え", None, "pcs", 1.0),
)


def _jp_text(rng: random.Random, length: int = 80) -> str:
    parts: list[str] = []
    size = 0
    while size < length:
        word = rng.choice(_KANA_WORDS) + rng.choice(("", "の", "に", "で", "が", "を", "、"))
        parts.append(word)
        size += len(word)
    return "".join(parts)[: length - 2] + rng.choice(_TAILS)


_TEXTS: list[str] = []


def _text_pool() -> list[str]:
    # 4,000 distinct ~80-character posts, made once: generating a million rows stays quick.
    if not _TEXTS:
        rng = random.Random(80)
        _TEXTS.extend(_jp_text(rng, rng.randint(60, 100)) for _ in range(4000))
    return _TEXTS


def sns_post(i: int, rng: random.Random, base: datetime) -> dict[str, Any]:
    platform_ = _PLATFORMS[i % len(_PLATFORMS)]
    texts = _text_pool()
    record: dict[str, Any] = {
        "platform": platform_,
        "post_id": f"{1700000000000000000 + i}",
        "account_handle": f"@user_{rng.randrange(50_000)}",
        "display_name": _GIVEN[i % 10] + ("", "🌸", "@休日", "（公式）")[i % 4],
        "text": texts[rng.randrange(len(texts))] + f" #{i % 997}",
        "posted_at": (base + timedelta(seconds=i * 7)).isoformat(),
        "follower_count": rng.randrange(20_000),
        "url": f"https://example.invalid/{platform_}/{i}",
    }
    if i % 10 == 0:
        record["reply_to_post_id"] = f"{1700000000000000000 + i - 3}"
    return record


def purchase(i: int, rng: random.Random, base: datetime) -> dict[str, Any]:
    item, substance, unit, per = _ITEMS[i % len(_ITEMS)]
    surname, given = rng.choice(_SURNAMES), rng.choice(_GIVEN)
    record: dict[str, Any] = {
        "retailer": ("ホームセンターA", "ドラッグストアB", "EC-C")[i % 3],
        "store": f"店舗{i % 40:02d}",
        "transaction_id": f"T{i:09d}",
        "purchased_at": (base + timedelta(seconds=i * 11)).isoformat(),
        "item": item,
        "quantity": per * (1 + i % 3),
        "unit": unit,
        "price_jpy": 300 + (i * 37) % 5000,
        "buyer_name": f"{surname} {given}",
        "buyer_name_kana": f"{rng.choice(_KANA_SUR)} {rng.choice(_KANA_GIVEN)}",
        "buyer_phone": f"090-{rng.randrange(10_000):04d}-{rng.randrange(10_000):04d}",
        "buyer_address": f"東京都{rng.choice(_WARDS)}{rng.randint(1, 5)}-"
        f"{rng.randint(1, 30)}-{rng.randint(1, 20)}",
        "payment_method": ("cash", "card", "e_money", "qr")[i % 4],
    }
    if substance:
        record["substance"] = substance
    if i % 4 == 1:
        record["buyer_email"] = f"buyer{i}@example.invalid"
        record["payment_token_hash"] = f"{(i * 2654435761) % (1 << 64):016x}"
    return record


MAKERS: dict[str, Callable[[int, random.Random, datetime], dict[str, Any]]] = {
    "sns_post": sns_post,
    "purchase": purchase,
}
SOURCES = {"sns_post": "bench:sns", "purchase": "bench:retail"}
# The mix: seven posts for three purchase records (posts dominate real intake by volume).
MIX = {"sns_post": 0.7, "purchase": 0.3}


def split_rows(total: int) -> dict[str, int]:
    sns = round(total * MIX["sns_post"])
    return {"sns_post": sns, "purchase": total - sns}


def records(channel: str, count: int, *, seed: int = 7, start: int = 0) -> Iterator[dict[str, Any]]:
    rng = random.Random(f"{seed}:{channel}")
    base = datetime(2025, 4, 1, 9, 0, tzinfo=UTC)
    make = MAKERS[channel]
    for i in range(start, start + count):
        yield make(i, rng, base)


def write_jsonl(path: Path, channel: str, count: int, *, seed: int = 7) -> Path:
    with path.open("wb") as out:
        buffer: list[bytes] = []
        for record in records(channel, count, seed=seed):
            buffer.append(orjson.dumps(record))
            if len(buffer) >= 10_000:
                out.write(b"\n".join(buffer) + b"\n")
                buffer.clear()
        if buffer:
            out.write(b"\n".join(buffer) + b"\n")
    return path


def write_mix(directory: Path, total: int, *, prefix: str = "mix") -> dict[str, tuple[Path, int]]:
    """The mixed workload as one JSONL file per channel: {channel: (path, rows)}."""
    files = {}
    for channel, count in split_rows(total).items():
        files[channel] = (
            write_jsonl(directory / f"{prefix}-{channel}-{count}.jsonl", channel, count),
            count,
        )
    return files


# --- machine ---------------------------------------------------------------------------------


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def postgres_version(url: str | None) -> str | None:
    if not url:
        return None
    try:
        import psycopg

        with psycopg.connect(_libpq(url), connect_timeout=3) as conn:
            row = conn.execute("show server_version").fetchone()
            return str(row[0]) if row else None
    except Exception:
        return None


def machine(pg_url: str | None) -> dict[str, Any]:
    mem = None
    try:
        import psutil

        mem = f"{psutil.virtual_memory().total / 2**30:.0f} GiB"
    except Exception:
        pass
    return {
        "nproc": os.cpu_count(),
        "cpu": cpu_model(),
        "memory": mem,
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "postgresql": postgres_version(pg_url),
        "platform": platform.platform(),
    }


# --- stores ----------------------------------------------------------------------------------


def _libpq(url: str) -> str:
    """A libpq URL from a SQLAlchemy one (drop the +driver)."""
    scheme, rest = url.split("://", 1)
    return "postgresql://" + rest if scheme.startswith("postgres") else url


def pg_reachable(url: str) -> str | None:
    """None if PostgreSQL answers at url, else the reason it does not."""
    try:
        import psycopg
    except ImportError:
        return "psycopg is not installed"
    try:
        with psycopg.connect(_libpq(url), connect_timeout=3) as conn:
            conn.execute("select 1")
    except Exception as exc:
        return f"PostgreSQL not reachable at {url}: {str(exc).strip().splitlines()[0]}"
    return None


@contextmanager
def pg_database(admin_url: str) -> Iterator[str]:
    """A fresh, empty database next to the one admin_url names; dropped afterwards."""
    import psycopg

    name = f"kz_bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(_libpq(admin_url), autocommit=True) as conn:
        conn.execute(f'create database "{name}"')
    _scheme, rest = admin_url.split("://", 1)
    head, _, _db = rest.rpartition("/")
    url = f"postgresql+psycopg://{head}/{name}"
    try:
        yield url
    finally:
        with psycopg.connect(_libpq(admin_url), autocommit=True) as conn:
            conn.execute(f'drop database if exists "{name}" with (force)')


@dataclass
class Store:
    """One isolated kizashi installation: a data dir, and a database URL (None = SQLite)."""

    data_dir: Path
    database_url: str | None = None
    extra_env: dict[str, str] = field(default_factory=dict)

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("KIZASHI_")}
        env["KIZASHI_DATA_DIR"] = str(self.data_dir)
        env["KIZASHI_LOG_LEVEL"] = "WARNING"
        if self.database_url:
            env["KIZASHI_DATABASE_URL"] = self.database_url
        env.update(self.extra_env)
        return env

    def settings(self) -> Any:
        from kizashi.config import load_settings

        overrides: dict[str, Any] = {"data_dir": self.data_dir}
        if self.database_url:
            overrides["database_url"] = self.database_url
        return load_settings(**overrides)

    def kizashi(
        self, *args: str, check: bool = True, **kwargs: Any
    ) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(
            [KIZASHI, *args], env=self.env(), capture_output=True, text=True, **kwargs
        )
        if check and done.returncode != 0:
            raise RuntimeError(
                f"kizashi {' '.join(args)} exited {done.returncode}: {done.stderr[-2000:]}"
            )
        return done

    def init(self) -> None:
        self.kizashi("init")


@contextmanager
def fresh_store(tmp: Path, backend: str, pg_admin_url: str | None, name: str) -> Iterator[Store]:
    """A migrated, empty store on sqlite or postgresql."""
    data_dir = tmp / f"store-{name}-{uuid.uuid4().hex[:6]}"
    data_dir.mkdir()
    try:
        if backend == "sqlite":
            store = Store(data_dir)
            store.init()
            yield store
        else:
            assert pg_admin_url
            with pg_database(pg_admin_url) as url:
                store = Store(data_dir, url)
                store.init()
                yield store
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)


@contextmanager
def temp_dir(keep: bool = False) -> Iterator[Path]:
    path = Path(tempfile.mkdtemp(prefix="kizashi-bench-"))
    try:
        yield path
    finally:
        if not keep:
            shutil.rmtree(path, ignore_errors=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# --- figures ---------------------------------------------------------------------------------


def median(values: list[float]) -> float:
    return statistics.median(values)


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def percentile(sorted_values: list[float], q: float) -> float:
    """Nearest-rank percentile of an already sorted list (q in 0..100)."""
    if not sorted_values:
        return float("nan")
    rank = max(1, min(len(sorted_values), int(-(-q * len(sorted_values) // 100))))
    return sorted_values[rank - 1]


def verdict(ok: bool) -> str:
    return "MET" if ok else "MISSED"


def say(message: str = "") -> None:
    print(message, flush=True)
