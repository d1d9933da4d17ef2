"""What trace offers the apps: fingerprinted copies and leak tracing, routes and `kizashi trace`."""

from kizashi.registry import Command, Expiry, Room

ROOM = Room(
    name="trace",
    routers=("kizashi.trace.api:router",),
    commands=(
        Command(
            "trace",
            "kizashi.trace.cli:trace_app",
            "Per-recipient fingerprints on disseminated stills and texts; leak tracing.",
        ),
    ),
    expiry=Expiry("kizashi.trace.expiry:forget_reports", refers_to=("intake",)),
)
