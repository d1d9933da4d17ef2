"""What the guard decides about intake's material: a report yet to be stored.

A submission is decided as a ``write`` of a new report of its channel, for the submitter's
organisation; whether partners may submit on that channel is the channel spec's
``partner_may_submit``, carried on the resource so that the policy's rule (``PARTNER-4``)
decides it — the API and the partner portal alike, with one rule id in the audit log. A
partner account scoped to some channels (``users.channels``) is held to them by
``PARTNER-6``; :func:`partner_scope` checks such a scope against the channel specs.
"""

from __future__ import annotations

from collections.abc import Iterable

from kizashi.errors import InputError
from kizashi.guard import Resource, User
from kizashi.intake.spec import ChannelSpec, channels


def new_report(spec: ChannelSpec, user: User) -> Resource:
    return Resource(
        "report",
        "new",
        channel=spec.id,
        organisation=user.organisation,
        source=user.organisation,
        partner_channel=spec.partner_may_submit,
    )


def partner_scope(names: Iterable[str]) -> tuple[str, ...]:
    """The channel ids a partner account may be scoped to, checked against the specs.

    InputError names the first id that is no channel, or a channel whose spec does not take
    partner submissions (``partner_may_submit: false``), with the ids that would do."""
    specs = channels()
    open_to_partners = sorted(spec.id for spec in specs.values() if spec.partner_may_submit)
    scope: list[str] = []
    for name in names:
        spec = specs.get(name)
        if spec is None:
            raise InputError(
                f"unknown channel {name!r}; channels open to partners: "
                f"{', '.join(open_to_partners)}"
            )
        if not spec.partner_may_submit:
            raise InputError(
                f"channel {name!r} is not open to partners (its spec says partner_may_submit: "
                f"false); channels open to partners: {', '.join(open_to_partners)}"
            )
        scope.append(name)
    return tuple(sorted(set(scope)))
