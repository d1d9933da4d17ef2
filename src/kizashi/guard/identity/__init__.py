"""guard.identity: who is who — one identity, one kind of session.

Every caller is a user: a person, a partner account or a service account (``domain``,
``service``); API tokens are credentials of a user (``credentials``), and one kind of
revocable session serves the API and the web alike (``sessions``). Cases and time-boxed
compartments with their members and material labels (``cases``, ``operations``); argon2
passwords and password sign-in with per-account lock-out and per-address throttling
(``passwords``, ``signin``); disabling an account ends its sessions (``accounts``); a bearer
credential becomes its user (``bearers``), and the command line acts as the host's
operator unless given a credential (``command_line``). It knows the store and the audit log
(identity events are audited), never the policy: the policy reads identity, not the other
way round.
"""

from kizashi.guard.identity.accounts import set_active
from kizashi.guard.identity.bearers import authenticate
from kizashi.guard.identity.cases import (
    add_item,
    add_member,
    assign_case,
    create_case,
    create_compartment,
    get_case,
    get_compartment,
    holding_compartments,
    label_material,
    list_cases,
    list_compartments,
    load_case,
    load_compartments,
    subject_key,
    unassign_case,
)
from kizashi.guard.identity.command_line import TOKEN_ENV, cli_terminal, cli_user, local_operator
from kizashi.guard.identity.credentials import (
    TOKEN_PREFIX,
    TokenInfo,
    create_account,
    issue_token,
    list_tokens,
    revoke_tokens,
    token_user,
)
from kizashi.guard.identity.domain import (
    ROLES,
    CaseInfo,
    CompartmentInfo,
    Desk,
    Role,
    User,
    check_role,
    load_desks,
)
from kizashi.guard.identity.operations import set_operation, set_roster
from kizashi.guard.identity.passwords import DEFAULT_PARAMETERS, HashParameters
from kizashi.guard.identity.releases import release_material, released_to
from kizashi.guard.identity.service import (
    create_user,
    get_user,
    get_user_by_id,
    list_desks,
    list_users,
    passwords_in_use,
    set_channels,
    set_password,
    sync_desks,
)
from kizashi.guard.identity.sessions import TOKEN_PREFIX as SESSION_TOKEN_PREFIX
from kizashi.guard.identity.sessions import (
    Surface,
    end_session,
    end_user_sessions,
    open_session,
    session_user,
)
from kizashi.guard.identity.signin import sign_in

__all__ = [
    "DEFAULT_PARAMETERS",
    "ROLES",
    "SESSION_TOKEN_PREFIX",
    "TOKEN_ENV",
    "TOKEN_PREFIX",
    "CaseInfo",
    "CompartmentInfo",
    "Desk",
    "HashParameters",
    "Role",
    "Surface",
    "TokenInfo",
    "User",
    "add_item",
    "add_member",
    "assign_case",
    "authenticate",
    "check_role",
    "cli_terminal",
    "cli_user",
    "create_account",
    "create_case",
    "create_compartment",
    "create_user",
    "end_session",
    "end_user_sessions",
    "get_case",
    "get_compartment",
    "get_user",
    "get_user_by_id",
    "holding_compartments",
    "issue_token",
    "label_material",
    "list_cases",
    "list_compartments",
    "list_desks",
    "list_tokens",
    "list_users",
    "load_case",
    "load_compartments",
    "load_desks",
    "local_operator",
    "open_session",
    "passwords_in_use",
    "release_material",
    "released_to",
    "revoke_tokens",
    "session_user",
    "set_active",
    "set_channels",
    "set_operation",
    "set_password",
    "set_roster",
    "sign_in",
    "subject_key",
    "sync_desks",
    "token_user",
    "unassign_case",
]
