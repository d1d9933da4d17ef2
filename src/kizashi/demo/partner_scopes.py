"""What each kind of partner account the demo makes may submit on (least privilege).

The guard's ``PARTNER-6`` holds a scoped partner account to its own channels
(docs/guard.md): a real-estate association reports what its agents notice in the properties
they manage and passes on tips, and never posts purchases "from a retailer" or SNS posts
"from a platform"; a company reports approaches to its staff and asks the
economic-security desk for consultations. The ids are checked against the channel specs
(``kizashi.intake.partner_scope``) when the accounts are made.
"""

from __future__ import annotations

REAL_ESTATE_CHANNELS = ("partner_report", "public_tip")
COMPANY_CHANNELS = ("company_approach", "company_consultation")

__all__ = ["COMPANY_CHANNELS", "REAL_ESTATE_CHANNELS"]
