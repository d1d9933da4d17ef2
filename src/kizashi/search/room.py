"""What search offers the apps: its routes, `kizashi search ...` and its expiry hook."""

from kizashi.registry import Command, Expiry, Room

ROOM = Room(
    name="search",
    routers=("kizashi.search.api:router",),
    commands=(
        Command(
            "search",
            "kizashi.search.cli:search_app",
            "Global search: find, re-index, and notify saved searches of new matches.",
        ),
    ),
    # Its documents refer to resolve's entities and intake's reports and mentions: it runs
    # before their hooks, while it can still read what the expiring reports were behind.
    expiry=Expiry("kizashi.search.expiry:forget_reports", refers_to=("resolve", "intake")),
)
