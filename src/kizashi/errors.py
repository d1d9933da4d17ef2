"""The one exception tree of kizashi.

    KizashiError
     ├── ConfigError          settings that cannot work (bad URL, unwritable data directory)
     ├── InputError           a whole input cannot be read (missing file, unknown format, no CSV header)
     ├── UnknownChannelError  a channel id that no schema defines
     ├── SchemaError          a channel schema data file is itself wrong
     ├── StoreError           the database failed or is not migrated
     ├── NotFoundError        a report, token or run that does not exist (or may not be seen)
     └── AuthError            no or bad credentials
          └── ForbiddenError  valid credentials, but not allowed

Row-level problems are not exceptions: they become quarantine entries (see kizashi.intake),
so that one bad row never stops the good ones.
"""

from __future__ import annotations


class KizashiError(Exception):
    """Base of every error kizashi raises on purpose."""


class ConfigError(KizashiError):
    """The settings cannot work."""


class InputError(KizashiError):
    """A whole input cannot be read; names the file when there is one."""

    def __init__(self, message: str, *, file: str | None = None) -> None:
        self.file = file
        super().__init__(f"{file}: {message}" if file else message)


class UnknownChannelError(KizashiError):
    """No schema defines this channel."""

    def __init__(self, channel: str, known: list[str]) -> None:
        self.channel = channel
        super().__init__(f"unknown channel {channel!r}; known channels: {', '.join(known)}")


class SchemaError(KizashiError):
    """A channel schema data file is malformed."""


class StoreError(KizashiError):
    """The database failed or is not at the expected migration."""


class NotFoundError(KizashiError):
    """The thing does not exist, or the caller may not know that it exists."""


class AuthError(KizashiError):
    """Missing or invalid credentials."""


class ForbiddenError(AuthError):
    """Valid credentials that do not allow this action."""
