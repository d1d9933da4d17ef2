"""Who calls kizashi: principals (officers, partner users, services) and their API tokens.

Tokens are 256-bit random secrets shown once and stored only as SHA-256 digests: a token is
as strong as a key, so a slow password hash adds nothing, and lookup stays one index probe.
(Human passwords, with argon2, arrive with the guard.)
"""

from kizashi.principals.service import (
    Principal,
    authenticate,
    create_principal,
    issue_token,
    list_principals,
    revoke_tokens,
)

__all__ = [
    "Principal",
    "authenticate",
    "create_principal",
    "issue_token",
    "list_principals",
    "revoke_tokens",
]
