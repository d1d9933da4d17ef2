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


def demo_passwords() -> dict[str, str]:
    """Every demo officer with the password the demo prints (and writes to users.json)."""
    from kizashi.insider.demo import OFFICERS, password_of

    return {name: password_of(name) for name in OFFICERS}


__all__ = ["DEMO_ANALYST", "DEMO_PARTNER", "TOKEN_USERS", "demo_passwords"]
