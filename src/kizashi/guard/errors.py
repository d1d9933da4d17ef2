"""Errors of the audit log, under the one tree of :mod:`kizashi.errors`.

KizashiError
 └── AuditError                    the audit log cannot do what was asked
      ├── AuditWriteError          an entry could not be made durable: do NOT serve the data
      ├── AuditKeyError            the signing or verifying key is missing or unreadable
      └── CheckpointError          a checkpoint is malformed or its signature does not verify
           └── InconsistentCheckpointError   a checkpoint contradicts one seen before
                                             (the log's history was rewritten)
"""

from __future__ import annotations

from kizashi.errors import KizashiError


class AuditError(KizashiError):
    """The audit log cannot do what was asked."""


class AuditWriteError(AuditError):
    """An append did not commit; the caller must fail closed and serve nothing."""


class AuditKeyError(AuditError):
    """A checkpoint key is missing, unreadable or of the wrong kind."""


class CheckpointError(AuditError):
    """A checkpoint note is malformed, or no trusted signature on it verifies."""


class InconsistentCheckpointError(CheckpointError):
    """A checkpoint is not an extension of the last one held: history was rewritten."""
