"""A small store for the pipeline's tests: real intake, then the real stages.

``history`` posts and purchases enough for the linkage model to train on (the resolve
stage trains it once on a new store); ``THREAT`` is the issue's coded, dated threat against
a rally, which must open an urgent alert on its own.
"""

from __future__ import annotations

import json
import random
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Engine, func, select

from kizashi.config import Settings
from kizashi.guard.identity import sync_desks
from kizashi.intake import RawRow, ingest_batch
from kizashi.store import transaction

NOW = datetime(2026, 11, 2, 12, 0, tzinfo=UTC)
THREAT = "来週の日曜、駅前の演説会で候補者を56すから覚悟しとけ"
ORDINARY = (
    "今日は駅前のカフェでランチ",
    "週末は家族で公園に行きました",
    "新しい本を読み始めた、面白い",
    "雨の日は家でゆっくり映画",
    "ラーメン屋の行列がすごかった",
)
NAMES = ("佐藤花子", "鈴木一郎", "高橋健太", "田中美咲", "伊藤翔", "渡辺結衣", "山本大輔", "中村愛")


def post(n: int, handle: str, text: str, at: datetime, name: str | None = None) -> dict[str, Any]:
    record: dict[str, Any] = {
        "platform": "x",
        "post_id": f"p{n}",
        "account_handle": handle,
        "text": text,
        "posted_at": at.isoformat(),
    }
    if name:
        record["display_name"] = name
    return record


def ingest(
    engine: Engine, settings: Settings, channel: str, records: list[dict[str, Any]]
) -> list[str]:
    rows = [
        RawRow(i + 1, i + 1, json.dumps(r, ensure_ascii=False), r, None)
        for i, r in enumerate(records)
    ]
    summary = ingest_batch(
        engine, settings, channel, rows, f"test-{channel}", default_source="test"
    )
    assert summary.rejected is None, [i.problems for i in summary.items]
    return [str(item.id) for item in summary.items]


# The demo scenario's channels, fed to a worker part by part by the seeded stream tests.
SCENARIO_CHANNELS = ("sns_post", "purchase", "partner_report", "patrol_note", "public_tip")


def ingest_part(
    engine: Engine,
    settings: Settings,
    records: Mapping[str, Sequence[dict[str, Any]]],
    rng: random.Random,
    part: int,
    parts: int,
) -> None:
    """Part ``part`` of ``parts`` of a scenario's records, each channel's rows in an order
    drawn from ``rng`` (a seeded stream: the same rows reach the worker in the same passes)."""
    for channel in SCENARIO_CHANNELS:
        rows = list(records[channel])
        rng.shuffle(rows)
        ingest(engine, settings, channel, rows[part::parts])


def history(engine: Engine, settings: Settings, posts: int = 40) -> None:
    """Ordinary posts by a few accounts (some with display names), and desks."""
    with transaction(engine) as connection:
        sync_desks(connection)
    records = [
        post(
            n,
            f"user{n % 8}",
            ORDINARY[n % len(ORDINARY)],
            NOW - timedelta(days=3, minutes=n),
            NAMES[n % 8] if n % 3 else None,
        )
        for n in range(posts)
    ]
    ingest(engine, settings, "sns_post", records)


def threat(engine: Engine, settings: Settings, n: int = 1000, handle: str = "angry56") -> str:
    [report_id] = ingest(
        engine, settings, "sns_post", [post(n, handle, THREAT, NOW - timedelta(hours=1))]
    )
    return report_id


def count(engine: Engine, table: Any, *where: Any) -> int:
    with engine.connect() as connection:
        query = select(func.count()).select_from(table)
        for condition in where:
            query = query.where(condition)
        return int(connection.execute(query).scalar_one())


def sse_events(text: str) -> list[tuple[str, dict[str, Any]]]:
    """The (event, data) of a server-sent events body (comments and ids left out)."""
    out = []
    for block in text.split("\n\n"):
        fields = dict(
            line.split(": ", 1) for line in block.splitlines() if ": " in line and line[0] != ":"
        )
        if "event" in fields:
            out.append((fields["event"], json.loads(fields["data"])))
    return out


def park(engine: Engine, report_id: str, at: datetime, stage: str = "resolve") -> None:
    """Make a report a dead letter at ``stage`` (as three failed attempts would)."""
    from kizashi.store import pipeline_queue

    with transaction(engine) as connection:
        connection.execute(
            pipeline_queue.update()
            .where(pipeline_queue.c.report_id == report_id)
            .values(
                state="failed",
                stage=stage,
                failed_stage=stage,
                attempts=3,
                error="ValueError: no reading for slot 2",
                failed_at=at,
            )
        )


def purchase(n: int, name: str, phone: str, day: int, item: str = "硫黄 1kg") -> dict[str, Any]:
    return {
        "retailer": "テスト薬品",
        "store": f"店{n % 3}",
        "transaction_id": f"T-{n:05d}",
        "purchased_at": (NOW - timedelta(days=day)).isoformat(),
        "item": item,
        "quantity": 2,
        "unit": "bag",
        "buyer_name": name,
        "buyer_phone": phone,
    }


def buyers(engine: Engine, settings: Settings, first: int, count: int) -> list[str]:
    records = [
        purchase(first + n, f"山田{n % 7}郎", f"090-1234-{5600 + n % 7:04d}", n % 20)
        for n in range(count)
    ]
    return ingest(engine, settings, "purchase", records)


# A yami-baito recruiter and the lures it posts, as the demo's (kizashi.demo.corpus_sns):
# the repeat rule's tests (tests/pipeline/test_repeated.py, tests/web/test_repeated_box.py).
RECRUITER = "kasegu_job88"
LURES = (
    f"ホワイト案件 即日即金 日給5万 詳細はテレグラムで @{RECRUITER}",
    f"荷物を運ぶだけの簡単なお仕事。日払い5万〜 DMかテレグラム @{RECRUITER}",
    f"受け子・出し子じゃないです！安全な案件のみ。テレグラム @{RECRUITER}",
    f"#高額バイト #即日即金 荷物運ぶだけ。テレグラム @{RECRUITER}",
)


def lure(
    engine: Engine, settings: Settings, n: int, days_ago: float, handle: str = RECRUITER
) -> str:
    """The recruiter's ``n``-th lure (``n`` unique in a store), posted ``days_ago`` before
    NOW (by ``handle``); its report id."""
    text = LURES[n % len(LURES)].replace(RECRUITER, handle)
    record = post(5000 + n, handle, text, NOW - timedelta(days=days_ago), "高収入💰即日")
    [report_id] = ingest(engine, settings, "sns_post", [record])
    return report_id
