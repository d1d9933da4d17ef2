"""What detect offers the apps: the scoring route, `kizashi scan` and `kizashi detect`."""

from kizashi.registry import Command, Expiry, Room

ROOM = Room(
    name="detect",
    routers=("kizashi.detect.api:router",),
    commands=(
        Command(
            "scan",
            "kizashi.detect.cli:scan",
            "Score posts, listings and reports: one JSONL line per record, with its evidence.",
        ),
        Command(
            "detect",
            "kizashi.detect.cli:detect_app",
            "Train and evaluate the text scorer (rules + n-grams + embeddings).",
        ),
    ),
    expiry=Expiry("kizashi.detect.expiry:forget_reports", refers_to=("intake",)),
)
