"""Who the demo creates, and the passwords it prints: what must never reach production.

``kizashi doctor`` (and the production profile of ``kizashi serve`` / ``kizashi worker``)
refuses a store holding the demo's token users or any officer whose password is the one
the demo prints for that name; this module is the one list of them.
"""

from __future__ import annotations

# The demo's API users (tokens in <workspace>/tokens.json): an analyst and a partner.
DEMO_ANALYST = "demo-analyst"
DEMO_PARTNER = "demo-partner"
TOKEN_USERS = (DEMO_ANALYST, DEMO_PARTNER)
# The demo's oversight officer (reads audit metadata, never the material).
OVERSIGHT_OFFICER = "takeda"


def demo_passwords() -> dict[str, str]:
    """Every demo user with the password the demo prints (and writes to users.json): the
    insider stage's officers, the economic-security desk and its company, the sharing
    stage's desk lead and partners, and the oversight officer."""
    from kizashi.demo.stage_outreach import USERS as OUTREACH_USERS
    from kizashi.demo.stage_share import APPROVER, PARTNERS
    from kizashi.insider.demo import OFFICERS, password_of

    names = [*OFFICERS, *OUTREACH_USERS, APPROVER, *PARTNERS, OVERSIGHT_OFFICER]
    return {name: password_of(name) for name in names}


__all__ = ["DEMO_ANALYST", "DEMO_PARTNER", "OVERSIGHT_OFFICER", "TOKEN_USERS", "demo_passwords"]
