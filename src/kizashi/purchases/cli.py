"""``kizashi purchases watchlist|run|firings``: the precursor watch-list and its rules."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from kizashi.cli.common import (
    command_clock,
    handle_errors,
    quiet_broken_pipe,
    run_job,
    write_json,
    write_jsonl,
)

__all__ = ["purchases_app"]

purchases_app = typer.Typer(help="Precursor watch-list and purchase rules.", no_args_is_help=True)


def _logged(job: str, context: dict[str, Any]) -> Any:
    return run_job(job, context)


@purchases_app.command("watchlist")
@handle_errors
def purchases_watchlist() -> None:
    """The precursor watch-list's substances and combinations (JSONL)."""
    from kizashi.purchases import default_watchlist

    watchlist = default_watchlist()
    rows: list[dict[str, Any]] = [
        {
            "kind": "substance",
            "id": s.id,
            "name_ja": s.name_ja,
            "name_en": s.name_en,
            "cas": list(s.cas),
            "threshold_grams": s.threshold.total if s.threshold else None,
            "per_sale_grams": s.threshold.per_sale if s.threshold else None,
            "window_days": s.threshold.window_days if s.threshold else None,
        }
        for s in watchlist.substances.values()
    ]
    rows += [
        {
            "kind": "combination",
            "id": c.id,
            "name": c.name,
            "window_days": c.window_days,
            "members": [{"any_of": list(m.any_of), "min_grams": m.min_grams} for m in c.members],
        }
        for c in watchlist.combinations
    ]
    with quiet_broken_pipe():
        write_jsonl(rows)


@purchases_app.command("run")
@handle_errors
def purchases_run() -> None:
    """Evaluate the purchase rules per resolved buyer and store the firings (summary JSON)."""
    from kizashi.purchases import run_purchase_rules

    store = _logged("purchase-rules", {})
    write_json(run_purchase_rules(store, now=command_clock()()).as_dict())


@purchases_app.command("firings")
@handle_errors
def purchases_firings(
    entity: Annotated[str | None, typer.Option(help="Only this buyer entity.")] = None,
) -> None:
    """Stored firings (JSONL): rule, buyer entity, purchases, stores, window."""
    from kizashi.purchases import list_firings

    store = _logged("purchase-firings", {"entity": entity})
    with store.connect() as connection, quiet_broken_pipe():
        write_jsonl(list_firings(connection, entity_id=entity))
