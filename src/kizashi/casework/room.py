"""What casework offers the apps: its routes, and its expiry hook."""

from kizashi.registry import Expiry, Room

ROOM = Room(
    name="casework",
    routers=("kizashi.casework.api:router",),
    expiry=Expiry("kizashi.casework.expiry:forget_reports", refers_to=("intake",)),
)
