"""What outreach offers the apps: its routes and ``kizashi outreach ...``."""

from kizashi.registry import Command, Expiry, Room

ROOM = Room(
    name="outreach",
    routers=("kizashi.outreach.api:router",),
    commands=(
        Command(
            "outreach",
            "kizashi.outreach.cli:outreach_app",
            "Companies, outreach visits and consultations, approachers read as a modus "
            "operandi, coverage and briefing statistics.",
        ),
    ),
    expiry=Expiry(
        "kizashi.outreach.expiry:forget_reports", refers_to=("triage", "resolve", "intake")
    ),
)
