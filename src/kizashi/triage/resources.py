"""What the guard needs to decide about alerts and entities: the guard's own loaders.

There is one builder per resource kind, in :mod:`kizashi.guard.policy` (``load_alerts``,
``load_entity``): the API, the web pages, the CLI and the stream decide on the same
resource for the same alert. This module only names them for the triage room.

- an alert is content routed to its desk, carries the strictest handling code of its
  evidence, and is held by every compartment that holds its entity;
- an entity is looked up as a *subject* (``entity:<id>``), so a compartment that holds it
  or any of its names, phones, e-mails or accounts seals it and an outsider's lookup is
  deconflicted, as for any other subject.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection

from kizashi.guard import Resource
from kizashi.guard.policy import entity_compartments, load_alerts, load_entity

__all__ = ["alert_resources", "entity_compartments", "entity_resource", "missing_alert"]


def alert_resources(connection: Connection, rows: list[Any]) -> list[Resource]:
    return load_alerts(connection, rows)


def missing_alert(alert_id: str) -> Resource:
    return Resource("alert", alert_id, found=False)


def entity_resource(connection: Connection, entity_id: str) -> Resource:
    return load_entity(connection, entity_id)
