"""Errors of backups and restores, under the one tree of :mod:`kizashi.errors`.

KizashiError
 └── BackupError                 a backup cannot be taken or read, or a restore failed (500)
      └── RestoreRefusedError    the backup would roll the audit log back, and no reason was given (409)
"""

from __future__ import annotations

from kizashi.errors import KizashiError


class BackupError(KizashiError):
    """A backup cannot be taken or read (damaged, incomplete, wrong key), or a restore failed."""

    status = 500


class RestoreRefusedError(BackupError):
    """Restoring would lose audit entries the witness (or the store) holds: give a reason."""

    status = 409
