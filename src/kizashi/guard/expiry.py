"""What the guard forgets when reports expire: their desk labels and compartment entries.

The audit log keeps every entry about them (its leaves name report ids, never content), so
its proofs stay valid; the policy's report loader already answers an expired report as
missing (``MISSING-1``).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, delete

from kizashi.store.tables import compartment_items, material_labels


def forget_reports(connection: Connection, expired: Any, now: datetime) -> dict[str, int]:
    """Delete the labels and compartment items of the reports ``expired`` selects."""
    labels = connection.execute(
        delete(material_labels).where(
            material_labels.c.resource_type == "report", material_labels.c.resource_id.in_(expired)
        )
    )
    held = connection.execute(
        delete(compartment_items).where(
            compartment_items.c.kind == "report", compartment_items.c.ref.in_(expired)
        )
    )
    return {"labels": labels.rowcount, "compartment_items": held.rowcount}
