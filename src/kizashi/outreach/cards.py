"""Business cards: the card an approacher handed over, as the report carries it.

The channel specs give each outreach channel a ``<person prefix>card`` object (name as
printed in each script, position (title), organisation, phone, e-mail, address). Intake takes its
names, phone, e-mail and address as mentions under the approacher's prefix, so resolve links
them with the approacher like the fields the company typed; here the card is only read back
for the pages and for the claimed organisation.
"""

from __future__ import annotations

from typing import Any

from kizashi.outreach.config import outreach_config

__all__ = ["CARD_FIELDS", "business_card"]

# A business card's fields (``<person prefix>card`` in the channel specs), in display order.
CARD_FIELDS = (
    "name",
    "name_kana",
    "name_romaji",
    "name_chinese",
    "position",
    "organisation",
    "phone",
    "email",
    "address",
)


def business_card(channel: str, body: dict[str, Any]) -> dict[str, str] | None:
    """The approacher's business card in a report of ``channel``, only the printed fields;
    None when the report has none. Its names, phone, e-mail and address are mentions of the
    approacher (resolve links them); its organisation counts as a claimed organisation."""
    fields = outreach_config().channels.get(channel)
    card = body.get(fields.person + "card") if fields else None
    if not isinstance(card, dict):
        return None
    printed = {k: str(card[k]) for k in CARD_FIELDS if card.get(k)}
    return printed or None
