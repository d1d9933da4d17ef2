"""Human passwords, hashed with argon2id (RFC 9106) through argon2-cffi.

Parameters (``DEFAULT_PARAMETERS``): argon2id, time cost 3, memory 64 MiB, parallelism 4,
16-byte salt, 32-byte tag — RFC 9106's second recommended option, for machines where 2 GiB
per hash is too much. Each stored hash is a PHC string that names its own parameters, so a
hash made under old parameters still verifies; ``verify_password`` says when it should be
rehashed, and the login path stores the new hash then (rehash on parameter change).

API tokens are not passwords: they stay 256-bit random secrets with SHA-256 digests
(:mod:`kizashi.guard.identity.credentials`), where a slow hash would add nothing but latency.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

# argon2-cffi (and its cffi binding) is imported only when a password is hashed or checked:
# every command that opens the guard imports this module through the identity package, and
# a batch job such as `kizashi ingest` never checks a password.
if TYPE_CHECKING:
    from argon2 import PasswordHasher


@dataclass(frozen=True)
class HashParameters:
    time_cost: int = 3
    memory_cost_kib: int = 64 * 1024
    parallelism: int = 4
    hash_len: int = 32
    salt_len: int = 16

    def hasher(self) -> PasswordHasher:
        from argon2 import PasswordHasher, Type

        return PasswordHasher(
            time_cost=self.time_cost,
            memory_cost=self.memory_cost_kib,
            parallelism=self.parallelism,
            hash_len=self.hash_len,
            salt_len=self.salt_len,
            type=Type.ID,
        )


DEFAULT_PARAMETERS = HashParameters()
MIN_LENGTH = 12  # NIST SP 800-63B allows 8; officers' accounts guard more than most.


@dataclass(frozen=True)
class Verification:
    ok: bool
    new_hash: str | None = None  # set when the password was right and the hash is outdated


def check_strength(password: str) -> None:
    if len(password) < MIN_LENGTH:
        raise ValueError(f"a password needs at least {MIN_LENGTH} characters")


def hash_password(password: str, parameters: HashParameters = DEFAULT_PARAMETERS) -> str:
    check_strength(password)
    return parameters.hasher().hash(password)


def verify_password(
    stored: str, password: str, parameters: HashParameters = DEFAULT_PARAMETERS
) -> Verification:
    """Check a password; a right one under outdated parameters comes with its new hash."""
    from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

    hasher = parameters.hasher()
    try:
        hasher.verify(stored, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return Verification(False)
    if hasher.check_needs_rehash(stored):
        return Verification(True, hasher.hash(password))
    return Verification(True)
