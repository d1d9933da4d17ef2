"""What triage offers the apps: alert and entity routes, `kizashi triage`, `alerts`, `entity`."""

from kizashi.registry import Command, Expiry, Room

ROOM = Room(
    name="triage",
    routers=("kizashi.triage.api:router",),
    commands=(
        Command(
            "triage",
            "kizashi.triage.cli:triage",
            "Score every entity and open or update alerts; print a summary (a backfill: the "
            "live pipeline does this for the entities each new report touches).",
        ),
        Command("alerts", "kizashi.triage.cli:alerts_app", "Alerts: the desks' review queues."),
        Command(
            "entity",
            "kizashi.triage.cli:entity_app",
            "Entities: who a report is about, across sources.",
        ),
    ),
    expiry=Expiry(
        "kizashi.triage.expiry:forget_reports", refers_to=("resolve", "purchases", "detect")
    ),
)
