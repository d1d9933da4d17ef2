"""What intake offers the apps: report and channel routes, ingest and its reads, desk routing."""

from kizashi.registry import Command, Expiry, Room

ROOM = Room(
    name="intake",
    routers=("kizashi.intake.api:router", "kizashi.intake.api_channels:router"),
    commands=(
        Command(
            "ingest",
            "kizashi.intake.cli:ingest",
            "Ingest report files of one channel. Prints a JSON summary per file on stdout.",
        ),
        Command(
            "schema",
            "kizashi.intake.cli:schema",
            "Print a channel's published JSON Schema, or list the channels.",
        ),
        Command("reports", "kizashi.intake.cli_reports:reports_app", "Stored reports (JSONL out)."),
        Command(
            "quarantine",
            "kizashi.intake.cli_reports:quarantine_app",
            "Rows that could not be stored, with file, row, field and reason.",
        ),
        Command("runs", "kizashi.intake.cli_reports:runs_app", "Ingest runs and their counts."),
        # Desk routing moved here from the guard; its command keeps the name users know.
        Command(
            "guard route",
            "kizashi.intake.cli_route:route",
            "Route unrouted reports to desks by the rules in intake/report_routing.yaml "
            "(counts as JSON).",
        ),
    ),
    expiry=Expiry("kizashi.intake.expiry:forget_reports", refers_to=()),
)
