"""What a rule of the access guard means, in the page's language.

The guard names every decision by a rule id (``DESK-2``) and records its English meaning in the
audit log. An inspection officer reading an audit entry, an officer refused a page and an
oversight officer reading who looked at whom read the rule in their own language: Japanese from
``guard_rules.yaml``, English from the guard itself (one wording, never two).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml

from kizashi.errors import SchemaError
from kizashi.guard.policy import RULES

_EFFECT_SAID = re.compile(r"^(?:許可|拒否)：|^(?:allow|deny): ")


@dataclass(frozen=True)
class RuleMeaning:
    rule: str  # the id, e.g. DESK-2; "" when the decision named none
    text: str  # what it means, in the page's language, the effect left out; "" if unknown
    english: str  # the guard's own wording, as the audit log records it


@cache
def japanese_meanings() -> dict[str, str]:
    text = resources.files("kizashi.web").joinpath("guard_rules.yaml").read_text("utf-8")
    data = yaml.safe_load(text)
    if not isinstance(data, dict) or data.get("version") != 1:
        raise SchemaError("web/guard_rules.yaml: expected a mapping with version: 1")
    rules = data.get("rules")
    if not isinstance(rules, dict) or not all(isinstance(v, str) and v for v in rules.values()):
        raise SchemaError("web/guard_rules.yaml: rules must map each rule id to its Japanese")
    return {str(key): value for key, value in rules.items()}


def rule_meaning(rule: object, lang: str) -> RuleMeaning:
    if not isinstance(rule, str) or rule not in RULES:
        return RuleMeaning(rule if isinstance(rule, str) else "", "", "")
    english = RULES[rule]
    text = japanese_meanings().get(rule, english) if lang == "ja" else english
    # The pages say the effect beside the rule (許可／拒否): the meaning does not repeat it.
    return RuleMeaning(rule, _EFFECT_SAID.sub("", text, count=1), english)
