"""A backlog: reports ingested faster than the worker takes them. Linking one report can
pull a waiting report of the same account into the entity before the waiting report's own
signal exists; when that report's turn comes, its signal must still count."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import Engine, select

from kizashi.clock import FixedClock
from kizashi.config import Settings
from kizashi.pipeline import Worker
from kizashi.store import risk_contributions, signals
from kizashi.triage import run_triage
from tests.pipeline.helpers import NOW, history, ingest, post

ADS = (
    "ホワイト案件 即日即金 日給5万 荷物を運ぶだけ 詳細はテレグラムで",
    "荷物を運ぶだけの簡単なお仕事。日払い5万〜 DMかテレグラム",
    "明日動ける人いる？日給5万 ホワイト案件 即日即金 テレグラムで連絡",
)


def test_a_waiting_reports_signal_counts_though_an_earlier_link_took_it_in(
    engine: Engine, settings: Settings
) -> None:
    """Before: the demo's recruiter posted five ads; the first ad's batch linked all five
    (one account), so the entity's mark already held the other four when their signals were
    written, and four of five flagged ads never reached the risk (the planted lone
    offender's three later threat posts likewise)."""
    history(engine, settings)
    posts = [
        post(900 + i, "kasegu_test88", text, NOW - timedelta(days=3 - i))
        for i, text in enumerate(ADS)
    ]
    ingest(engine, settings, "sns_post", posts)  # all waiting before the worker takes one
    # The first batch trains the linkage model and links every stored record (a new store);
    # the ads' own detection comes in later batches.
    small = settings.model_copy(update={"pipeline_batch_size": 1})
    worker = Worker(engine, small, clock=FixedClock(NOW), hooks=(), name="backlog")
    assert worker.drain().parked == 0
    with engine.connect() as connection:
        flagged = set(
            connection.execute(
                select(signals.c.id).where(
                    signals.c.flagged.is_(True), signals.c.category == "recruitment"
                )
            ).scalars()
        )
        counted = {
            ref.removeprefix("signal:")
            for ref in connection.execute(select(risk_contributions.c.source_ref)).scalars()
        }
    assert len(flagged) == len(ADS)
    assert flagged <= counted
    # and the live path left nothing for a full run to add
    full = run_triage(engine, as_of=NOW, now=NOW, run_purchases=False)
    assert (full.contributions_inserted, full.contributions_deleted) == (0, 0)
