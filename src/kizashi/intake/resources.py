"""What the guard decides about intake's material: a report yet to be stored.

A submission is decided as a ``write`` of a new report of its channel, for the submitter's
organisation; whether partners may submit on that channel is the channel spec's
``partner_may_submit``, carried on the resource so that the policy's rule (``PARTNER-4``)
decides it — the API and the partner portal alike, with one rule id in the audit log.
"""

from __future__ import annotations

from kizashi.guard import Resource, User
from kizashi.intake.spec import ChannelSpec


def new_report(spec: ChannelSpec, user: User) -> Resource:
    return Resource(
        "report",
        "new",
        channel=spec.id,
        organisation=user.organisation,
        source=user.organisation,
        partner_channel=spec.partner_may_submit,
    )
