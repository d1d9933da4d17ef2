"""What the live pipeline offers the apps: `kizashi pipeline ...` and `kizashi worker`."""

from kizashi.registry import Command, Expiry, Room

ROOM = Room(
    name="pipeline",
    commands=(
        Command(
            "pipeline",
            "kizashi.pipeline.cli:pipeline_app",
            "The live pipeline: backfill, lag per stage, dead letters.",
        ),
        Command(
            "worker",
            "kizashi.pipeline.cli:worker",
            "Follow new reports through the pipeline until stopped (production: beside `serve` "
            "with KIZASHI_SERVE_WORKER=false).",
        ),
    ),
    expiry=Expiry("kizashi.pipeline.expiry:forget_reports", refers_to=("intake",)),
)
