"""What resolve offers the apps: entity link routes, `kizashi resolve`, `link` and `judge`."""

from kizashi.registry import Command, Expiry, Room

ROOM = Room(
    name="resolve",
    routers=("kizashi.resolve.api:router",),
    commands=(
        Command(
            "resolve",
            "kizashi.resolve.cli:resolve",
            "Link every report's person records and write entities "
            "(idempotent; applies judgements).",
        ),
        Command(
            "link",
            "kizashi.resolve.cli:link",
            'Link person records: writes {"id", "cluster"} per record as JSONL.',
        ),
        Command(
            "judge",
            "kizashi.resolve.cli:judge_app",
            "Analyst judgements on entity links: same, not the same, undo.",
        ),
    ),
    expiry=Expiry(
        "kizashi.resolve.expiry:forget_reports",
        refers_to=("intake",),
        locks="kizashi.resolve.locks:lock_resolve",
    ),
)
