"""Errors of the audit log, under the one tree of :mod:`kizashi.errors`.

KizashiError
 └── AuditError                    the audit log cannot do what was asked (503)
      ├── AuditWriteError          an entry could not be made durable: do NOT serve the data (503)
      ├── AuditKeyError            the signing or verifying key is missing or unreadable (500)
      └── CheckpointError          a checkpoint is malformed or its signature does not verify (500)
           └── InconsistentCheckpointError   a checkpoint contradicts one seen before
                                             (the log's history was rewritten) (409)

The tree with every status and exit code is drawn in :mod:`kizashi.errors`.
"""

from __future__ import annotations

from kizashi.errors import KizashiError


class AuditError(KizashiError):
    """The audit log cannot do what was asked."""

    status = 503


class AuditWriteError(AuditError):
    """An append did not commit; the caller must fail closed and serve nothing."""


class AuditKeyError(AuditError):
    """A checkpoint key is missing, unreadable or of the wrong kind."""

    status = 500


class CheckpointError(AuditError):
    """A checkpoint note is malformed, or no trusted signature on it verifies."""

    status = 500


class InconsistentCheckpointError(CheckpointError):
    """A checkpoint is not an extension of the last one held: history was rewritten."""

    status = 409
