"""Analyst judgements: "same" / "not the same" with who and why, applied where they touch.

A judgement is stored (never deleted: undoing sets ``undone_at``/``undone_by``) and applied at
once by re-clustering only the components of its two mentions' records — no re-training, no
rewrite of the rest of the store. On PostgreSQL it locks those components only
(:mod:`kizashi.resolve.locks`), so the live pipeline's workers go on beside it. The entities
the re-clustering touched are named in ``pipeline_rescore`` in the same transaction, for the
live worker to re-score (:func:`ask_rescore`). Every later batch run applies the judgements in
force too.
"""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import Connection, Engine, insert, select, update

from kizashi.clock import Clock, system_clock
from kizashi.errors import KizashiError, NotFoundError
from kizashi.ids import new_id
from kizashi.resolve.components import merge_components, owners_of, recluster_components
from kizashi.resolve.locks import lock_components, lock_resolve
from kizashi.resolve.store_model import latest_model
from kizashi.store import transaction
from kizashi.store.tables_pipeline import pipeline_rescore
from kizashi.store.tables_resolve import link_judgements, resolve_records

__all__ = ["VERDICTS", "JudgementError", "record_judgement", "undo_judgement"]

VERDICTS = ("same", "not_same")


class JudgementError(KizashiError):
    """A judgement cannot be recorded or undone (names the mention or judgement and why)."""

    status = 400


def _components(connection: object, record_ids: list[str]) -> list[str]:
    rows = connection.execute(  # type: ignore[attr-defined]
        select(resolve_records.c.component).where(resolve_records.c.id.in_(record_ids))
    )
    return sorted({str(r.component) for r in rows})


def record_judgement(
    engine: Engine,
    left_mention_id: str,
    right_mention_id: str,
    verdict: str,
    *,
    user_id: str,
    reason: str,
    clock: Clock = system_clock,
) -> str:
    """Store "same" / "not_same" with who and why, and apply it at once. Returns its id."""
    if verdict not in VERDICTS:
        raise JudgementError(f"verdict {verdict!r}: expected one of {', '.join(VERDICTS)}")
    if not reason.strip():
        raise JudgementError("reason: a judgement needs a reason")
    if left_mention_id == right_mention_id:
        raise JudgementError("a mention cannot be judged against itself")
    judgement_id = new_id()
    with transaction(engine) as connection:
        lock_resolve(connection, shared=True)
        owner = owners_of(connection, [left_mention_id, right_mention_id])
        records = list(set(owner.values()))
        lock_components(connection, lambda: set(_components(connection, records)))
        for mention_id in (left_mention_id, right_mention_id):
            if mention_id not in owner:
                raise NotFoundError(f"mention {mention_id}: not part of any resolved person record")
        if owner[left_mention_id] == owner[right_mention_id]:
            raise JudgementError(
                "both mentions are in one person record (the same report names them together)"
            )
        run_id, model = latest_model(connection)
        connection.execute(
            link_judgements.insert().values(
                id=judgement_id,
                left_mention_id=left_mention_id,
                right_mention_id=right_mention_id,
                verdict=verdict,
                user_id=user_id,
                reason=reason.strip(),
                created_at=clock(),
            )
        )
        components = _components(connection, records)
        if verdict == "same" and len(components) > 1:
            components = [merge_components(connection, components)]
        touched = recluster_components(connection, model, components, run_id or None, clock())
        ask_rescore(connection, touched)
    return judgement_id


def ask_rescore(connection: Connection, touched: Mapping[str, set[str]]) -> None:
    """Name the entities a judgement's re-clustering touched (the ones its records were in
    and are in now) in ``pipeline_rescore``, in the judgement's transaction: the live
    pipeline's worker re-evaluates their purchase rules and re-scores them after its next
    pass (:mod:`kizashi.pipeline.rescore`), so their risk and alerts follow the judgement
    without a batch ``triage``. The rows carry an id of their own, which no report in the
    queue has: that is how the worker tells them from the resolve stage's."""
    entity_ids = sorted(set().union(*touched.values())) if touched else []
    if entity_ids:
        request = new_id()
        connection.execute(
            insert(pipeline_rescore),
            [{"report_id": request, "entity_id": e} for e in entity_ids],
        )


def undo_judgement(
    engine: Engine, judgement_id: str, *, user_id: str, clock: Clock = system_clock
) -> None:
    """Undo a judgement (kept, with who undid it and when) and re-cluster without it."""
    with transaction(engine) as connection:
        lock_resolve(connection, shared=True)
        row = (
            connection.execute(select(link_judgements).where(link_judgements.c.id == judgement_id))
            .mappings()
            .first()
        )
        if row is None:
            raise NotFoundError(f"judgement {judgement_id}: no such judgement")
        if row["undone_at"] is not None:
            raise JudgementError(f"judgement {judgement_id}: already undone")
        connection.execute(
            update(link_judgements)
            .where(link_judgements.c.id == judgement_id)
            .values(undone_at=clock(), undone_by=user_id)
        )
        owner = owners_of(connection, [str(row["left_mention_id"]), str(row["right_mention_id"])])
        records = list(set(owner.values()))
        lock_components(connection, lambda: set(_components(connection, records)))
        run_id, model = latest_model(connection)
        touched = recluster_components(
            connection, model, _components(connection, records), run_id or None, clock()
        )
        ask_rescore(connection, touched)
