"""What purchases offers the apps: `kizashi purchases`."""

from kizashi.registry import Command, Expiry, Room

ROOM = Room(
    name="purchases",
    commands=(
        Command(
            "purchases",
            "kizashi.purchases.cli:purchases_app",
            "Precursor watch-list and purchase rules.",
        ),
    ),
    expiry=Expiry("kizashi.purchases.expiry:forget_reports", refers_to=("resolve",)),
)
