"""What oversight offers the apps: its routes and `kizashi oversight ...`."""

from kizashi.registry import Command, Room

ROOM = Room(
    name="oversight",
    routers=("kizashi.oversight.api:router", "kizashi.oversight.api_sar:router"),
    commands=(
        Command(
            "oversight",
            "kizashi.oversight.cli:oversight_app",
            "Retention and expiry, purpose changes, and access reports for oversight.",
        ),
    ),
)
