"""The one exception tree of kizashi, each error with its HTTP status and CLI exit code.

    error                            HTTP  CLI     what it means
    KizashiError                      500  exit 3  base of every error kizashi raises on purpose
     ├── ConfigError                  500  exit 5  settings that cannot work (bad URL, unwritable data directory)
     │    └── ProductionProfileError  500  exit 5  the production profile refuses to start a service (kizashi.ops)
     ├── InputError                   400  exit 3  a whole input cannot be read (missing file, unknown format, no CSV header)
     │    ├── ShapeError              400  exit 3  a JSON document that holds no records (kizashi.intake)
     │    ├── RuleViolationError      422  exit 3  a cross-field rule of a channel failed (kizashi.intake)
     │    ├── UnitError               400  exit 3  an amount or unit that cannot be read or converted (kizashi.purchases)
     │    ├── TransitionError         409  exit 3  a review step the alert lifecycle does not allow (kizashi.triage)
     │    ├── ReviewRefusedError      400  exit 3  a page's review or assignment refused, with the words' id (kizashi.web)
 │    ├── InsiderReviewRefusedError  400  exit 3  an insider alert's review step refused, naming the field (kizashi.insider)
     │    ├── RegisterConflictError   409  exit 3  a company already registered, a follow-up already done (kizashi.outreach)
     │    ├── CaseClosedError         409  exit 3  a closed case refuses notes, tasks, files and promotions (kizashi.casework)
     │    └── InactiveOfficerError    409  exit 3  a disabled account is not assigned or handed a case (kizashi.casework)
     ├── UnknownChannelError          404  exit 3  a channel id that no schema defines
     ├── SchemaError                  500  exit 3  a data file (channel schema, rules, lexicon, table) is itself wrong
     │    ├── LexiconError            500  exit 3  a detector lexicon or rule file is malformed (kizashi.detect)
     │    ├── OutreachDataError       500  exit 3  a stage, escalation, country or outreach file is malformed (kizashi.outreach)
     │    └── DecodeTableError        500  exit 3  decode.yaml is malformed (kizashi.text)
     ├── StoreError                   503  exit 4  the database failed or is not migrated
     ├── NotFoundError                404  exit 3  a report, token or run that does not exist (or may not be seen)
     ├── AuthError                    401  exit 3  no or bad credentials
     │    ├── SignInRequiredError     401  exit 3  a page needs a signed-in session (kizashi.web: redirects to sign-in)
     │    └── ForbiddenError          403  exit 3  valid credentials, but not allowed
     │         ├── PageRefusedError   403  exit 3  a page the user may not see, with its own status (kizashi.web)
     │         ├── ShareRefusedError  403  exit 3  a sharing step the guard refused openly, with its decision (kizashi.share)
     │         ├── SpanRestoreRefusedError  403  exit 3  the handling code keeps this removal out of the tear-line (kizashi.share)
     │         └── PurposeRequiredError  403  exit 3  a saved search asked for without a stated purpose (kizashi.search)
     ├── AuditError                   503  exit 3  the audit log failed (kizashi.guard.audit)
     │    ├── AuditWriteError         503  exit 3  an entry could not be committed: serve nothing (fail closed)
     │    ├── AuditKeyError           500  exit 3  a checkpoint signing or witness key is missing or wrong
     │    └── CheckpointError         500  exit 3  a checkpoint does not verify
     │         └── InconsistentCheckpointError  409  exit 3  a checkpoint that rewrites history the witness saw
     ├── BackupError                  500  exit 3  a backup cannot be taken or read, or a restore failed (kizashi.ops)
     │    └── RestoreRefusedError     409  exit 3  a restore would cut the audit log short and no reason was given (kizashi.ops)
     ├── RecordError                  400  exit 3  a person record cannot be read (kizashi.resolve)
     ├── JudgementError               400  exit 3  a link judgement cannot be recorded or undone (kizashi.resolve)
     └── ResolveDataError             500  exit 3  a data table of the resolver is malformed (kizashi.resolve)

Errors of a room live in the room (named in brackets) and are drawn here;
``tests/test_errors.py`` fails when a subclass of ``KizashiError`` is missing from this
drawing, sits under the wrong parent, or shows another status or exit code. The command
line turns any of them into one line on stderr and ``exit_code`` (``kizashi.cli.common``);
the API answers ``status`` with a problem body (``kizashi.http``) where a route does not map
the error itself. Exit codes are documented in docs/cli.md.

Row-level problems are not exceptions: they become quarantine entries (see kizashi.intake),
so that one bad row never stops the good ones.
"""

from __future__ import annotations

# Exit codes of the command line (docs/cli.md).
EXIT_OK = 0
EXIT_QUARANTINED = 1
EXIT_USAGE = 2
EXIT_INPUT = 3
EXIT_STORE = 4
EXIT_CONFIG = 5


class KizashiError(Exception):
    """Base of every error kizashi raises on purpose."""

    status: int = 500
    exit_code: int = EXIT_INPUT


class ConfigError(KizashiError):
    """The settings cannot work."""

    exit_code = EXIT_CONFIG


class InputError(KizashiError):
    """A whole input cannot be read; names the file when there is one."""

    status = 400

    def __init__(self, message: str, *, file: str | None = None) -> None:
        self.file = file
        super().__init__(f"{file}: {message}" if file else message)


class UnknownChannelError(KizashiError):
    """No schema defines this channel."""

    status = 404

    def __init__(self, channel: str, known: list[str]) -> None:
        self.channel = channel
        super().__init__(f"unknown channel {channel!r}; known channels: {', '.join(known)}")


class SchemaError(KizashiError):
    """A channel schema data file is malformed."""


class StoreError(KizashiError):
    """The database failed or is not at the expected migration."""

    status = 503
    exit_code = EXIT_STORE


class NotFoundError(KizashiError):
    """The thing does not exist, or the caller may not know that it exists."""

    status = 404


class AuthError(KizashiError):
    """Missing or invalid credentials."""

    status = 401


class ForbiddenError(AuthError):
    """Valid credentials that do not allow this action."""

    status = 403
