"""What share offers the apps: products, release, the partner inbox, requests to platforms,
STIX/MISP exchange and TAXII routes, and `kizashi share`."""

from kizashi.registry import Command, Expiry, Room

ROOM = Room(
    name="share",
    routers=("kizashi.share.api:router", "kizashi.share.taxii:router"),
    commands=(
        Command(
            "share",
            "kizashi.share.cli:share_app",
            "Products for partners: four-eyes release, tear-lines, requests, STIX/MISP.",
        ),
    ),
    expiry=Expiry("kizashi.share.expiry:forget_reports", refers_to=("intake",)),
)
