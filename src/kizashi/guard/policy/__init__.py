"""guard.policy: the one decision point and what feeds it.

``decide`` (pure: user × action × loaded resource → decision with a rule id), the ``Guard``
service that loads resources, decides and has the audit log record every decision before
it returns (``service``), the resource loaders (``loaders``), list/count/facet helpers that
never reveal what the caller may not see (``filters``), deconfliction notices
(``deconflict``) and the command line's door (``cli_access``). It reads identity and writes
through the audit package; it knows no room above it.
"""

from kizashi.guard.policy.access_context import request_scope
from kizashi.guard.policy.cli_access import CliAccess
from kizashi.guard.policy.deconflict import list_notices, mark_read
from kizashi.guard.policy.domain import (
    ACTIONS,
    RULES,
    Decision,
    Obligation,
    PolicyConfig,
    PurposeChange,
    Resource,
    ResourceKind,
    load_policy_config,
)
from kizashi.guard.policy.loaders import (
    entity_compartments,
    load_alert,
    load_alerts,
    load_entity,
    load_resource,
)
from kizashi.guard.policy.purposes import (
    Purpose,
    Purposes,
    default_purposes,
    fold_purpose,
    load_purposes,
)
from kizashi.guard.policy.rules import decide
from kizashi.guard.policy.service import Guard

__all__ = [
    "ACTIONS",
    "RULES",
    "CliAccess",
    "Decision",
    "Guard",
    "Obligation",
    "PolicyConfig",
    "Purpose",
    "PurposeChange",
    "Purposes",
    "Resource",
    "ResourceKind",
    "decide",
    "default_purposes",
    "entity_compartments",
    "fold_purpose",
    "list_notices",
    "load_alert",
    "load_alerts",
    "load_entity",
    "load_policy_config",
    "load_purposes",
    "load_resource",
    "mark_read",
    "request_scope",
]
