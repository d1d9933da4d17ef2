"""What casework offers the apps: its routes, `kizashi cases`, and its expiry hook."""

from kizashi.registry import Command, Expiry, Room

ROOM = Room(
    name="casework",
    routers=("kizashi.casework.api:router",),
    commands=(
        Command(
            "cases",
            "kizashi.casework.cli:cases_app",
            "A case's officers and its end: assign, unassign, hand over, close, reopen.",
        ),
    ),
    expiry=Expiry("kizashi.casework.expiry:forget_reports", refers_to=("intake",)),
)
