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
# The API's demo token (``demo-partner`` in tokens.json): the real-estate association's own
# channels, and ``sns_post``, which docs/pipeline.md, docs/web.md and the live benchmarks
# post a platform's SNS posts with. Nothing else: purchases, listings, indicators ... are 403.
API_TOKEN_CHANNELS = ("partner_report", "public_tip", "sns_post")

__all__ = ["API_TOKEN_CHANNELS", "COMPANY_CHANNELS", "REAL_ESTATE_CHANNELS"]
