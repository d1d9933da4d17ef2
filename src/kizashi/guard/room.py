"""What the guard offers the apps: sign-in routes, `kizashi users` and `kizashi audit`."""

from kizashi.registry import Command, Expiry, Room

ROOM = Room(
    name="guard",
    routers=("kizashi.guard.api:router",),
    commands=(
        Command(
            "users",
            "kizashi.guard.cli_users:users_app",
            "Users, desks, cases and compartments.",
        ),
        Command(
            "audit",
            "kizashi.guard.cli_audit:audit_app",
            "The tamper-evident audit log: checkpoints, export, proofs, offline verification.",
        ),
    ),
    expiry=Expiry("kizashi.guard.expiry:forget_reports", refers_to=("intake",)),
)
