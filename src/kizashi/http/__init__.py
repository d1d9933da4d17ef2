"""http: the plumbing every room's router shares, below the rooms and above the guard.

The caller dependencies (engine, settings, the authenticated user — a person, partner or
service account of the guard's one identity —, the guard, purpose and terminal), one request
id per request for the audit log (``RequestScope``), one decision per access with fail-closed audit
(``decided``, ``failing_closed``: no audit entry, nothing served, 503), and one shape for
every problem (``ProblemOut``) with the handlers that map errors to it. It imports the
ground floor and the guard's public packages only; rooms import it, it imports no room, and
the app (``kizashi.api``) installs it.
"""

from kizashi.http.caller import (
    PURPOSE_HEADER,
    TERMINAL_HEADER,
    GuardDep,
    PurposeDep,
    TerminalDep,
    decided,
    decided_many,
    failing_closed,
    refuse,
    stated_purpose,
    user_of,
)
from kizashi.http.deps import (
    CallerDep,
    EngineDep,
    PrincipalDep,
    SettingsDep,
    bearer,
    client_address,
)
from kizashi.http.limits import BodyLimits
from kizashi.http.problems import (
    GUARDED_PROBLEMS,
    FieldProblemOut,
    ProblemOut,
    document_problem_responses,
    install_error_handlers,
    no_unknown_query_parameters,
    query_problems,
)
from kizashi.http.request_scope import REQUEST_ID_HEADER, RequestScope

__all__ = [
    "GUARDED_PROBLEMS",
    "PURPOSE_HEADER",
    "REQUEST_ID_HEADER",
    "TERMINAL_HEADER",
    "BodyLimits",
    "CallerDep",
    "EngineDep",
    "FieldProblemOut",
    "GuardDep",
    "PrincipalDep",
    "ProblemOut",
    "PurposeDep",
    "RequestScope",
    "SettingsDep",
    "TerminalDep",
    "bearer",
    "client_address",
    "decided",
    "decided_many",
    "document_problem_responses",
    "failing_closed",
    "install_error_handlers",
    "no_unknown_query_parameters",
    "query_problems",
    "refuse",
    "stated_purpose",
    "user_of",
]
