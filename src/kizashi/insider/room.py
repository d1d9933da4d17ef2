"""What insider analytics offers the apps: the inspection routes and `kizashi guard ...`."""

from kizashi.registry import Command, Room

ROOM = Room(
    name="insider",
    routers=("kizashi.insider.api:router",),
    commands=(
        Command(
            "guard",
            "kizashi.insider.cli:guard_app",
            "Insider analytics: synthetic access logs and evaluation at an alert budget.",
        ),
    ),
)
