"""pipeline: the stages declared once, and the worker that follows new reports through them.

``STAGES`` (detect → resolve → purchases → triage → outreach → route) is the only place the order is
written; ``Worker`` follows the queue (``kizashi serve`` in-process, ``kizashi worker`` as
processes), ``run_backfill`` runs each stage's batch form (``kizashi pipeline run --batch``),
``status`` shows the lag per stage and the dead letters; ``visible_lag``,
``visible_dead_letters`` and ``retry_dead_letters`` (and, for analysts' judgements whose
re-score was parked, ``visible_parked_judgements`` and ``retry_parked_judgements``) do the
same through the guard, for a user (the command centre's page). See docs/pipeline.md.
"""

from typing import TYPE_CHECKING

from kizashi.lazy import lazy_exports

if TYPE_CHECKING:
    from kizashi.pipeline.access import (
        DeadLetters,
        retry_dead_letters,
        retry_parked_judgements,
        visible_dead_letters,
        visible_lag,
        visible_parked_judgements,
    )
    from kizashi.pipeline.backfill import run_backfill
    from kizashi.pipeline.stages import STAGE_NAMES, STAGES, Stage, StageContext, describe
    from kizashi.pipeline.webhooks import Hook, deliver_due, load_hooks
    from kizashi.pipeline.worker import PassResult, Worker, start_in_background, status

__getattr__ = lazy_exports(
    __name__,
    {
        "DeadLetters": "kizashi.pipeline.access",
        "retry_dead_letters": "kizashi.pipeline.access",
        "retry_parked_judgements": "kizashi.pipeline.access",
        "visible_parked_judgements": "kizashi.pipeline.access",
        "visible_dead_letters": "kizashi.pipeline.access",
        "visible_lag": "kizashi.pipeline.access",
        "run_backfill": "kizashi.pipeline.backfill",
        "STAGE_NAMES": "kizashi.pipeline.stages",
        "STAGES": "kizashi.pipeline.stages",
        "Stage": "kizashi.pipeline.stages",
        "StageContext": "kizashi.pipeline.stages",
        "describe": "kizashi.pipeline.stages",
        "Hook": "kizashi.pipeline.webhooks",
        "deliver_due": "kizashi.pipeline.webhooks",
        "load_hooks": "kizashi.pipeline.webhooks",
        "PassResult": "kizashi.pipeline.worker",
        "Worker": "kizashi.pipeline.worker",
        "start_in_background": "kizashi.pipeline.worker",
        "status": "kizashi.pipeline.worker",
    },
)

__all__ = [
    "STAGES",
    "STAGE_NAMES",
    "DeadLetters",
    "Hook",
    "PassResult",
    "Stage",
    "StageContext",
    "Worker",
    "deliver_due",
    "describe",
    "load_hooks",
    "retry_dead_letters",
    "retry_parked_judgements",
    "run_backfill",
    "start_in_background",
    "status",
    "visible_dead_letters",
    "visible_lag",
    "visible_parked_judgements",
]
