"""The versions of detect's rule files, as oversight records them (docs/oversight.md).

What the scorer concludes depends on data a deployment may change: the text rules and guards
(``detect/rules/*.yaml``), the protected-person and event watch-lists (``detect/watchlists``),
the cascade gate's disguise shapes (``detect/gate.yaml``) and the decoding tables
(``kizashi.text``'s ``data/*.yaml``). Each becomes a :class:`~kizashi.store.rule_versions.RuleSet`
(its parsed content as canonical JSON and that content's SHA-256), computed once per process
like the parsed files themselves; ``store_signals`` and ``score_reports`` record them as in
force (one indexed read per kind per call) and every signal names the ids it was scored under.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any

import yaml

from kizashi.datafiles import safe_yaml
from kizashi.detect.lexicon import LexiconError, read_lexicon_files, shipped_lexicon_files
from kizashi.store.rule_versions import RuleSet, rule_set

__all__ = ["KINDS", "detect_rule_sets", "rule_sets_of"]

# kind -> (package, folder or file) it is read from.
KINDS = {
    "detect_rules": ("kizashi.detect", "rules"),
    "detect_watchlist": ("kizashi.detect", "watchlists"),
    "detect_gate": ("kizashi.detect", "gate.yaml"),
    "text_tables": ("kizashi.text", "data"),
}


def _declared(files: Mapping[str, Any]) -> str:
    """The versions the files declare, e.g. ``activity=3,benign=2`` (``?`` if none)."""
    return ",".join(
        f"{name.removesuffix('.yaml')}={data.get('version', '?') if isinstance(data, dict) else '?'}"
        for name, data in sorted(files.items())
    )


def rule_sets_of(files: Mapping[str, Mapping[str, Any]]) -> tuple[RuleSet, ...]:
    """The rule sets of parsed files: ``{kind: {file name: parsed document}}``."""
    out = []
    for kind, documents in sorted(files.items()):
        package, where = KINDS[kind]
        source = f"{package.replace('.', '/')}/{where}"
        out.append(rule_set(kind, _declared(documents), source, dict(documents)))
    return tuple(out)


def _read(folder: Traversable) -> dict[str, Any]:
    if folder.is_file():
        try:
            return {folder.name: safe_yaml(folder.read_text("utf-8"))}
        except yaml.YAMLError as exc:
            raise LexiconError(f"{folder.name}: not valid YAML: {exc}") from None
    return read_lexicon_files(folder)


@cache
def detect_rule_sets() -> tuple[RuleSet, ...]:
    """The shipped files' rule sets, read and hashed once per process."""
    files = {
        kind: _read(resources.files(pkg).joinpath(where))
        for kind, (pkg, where) in KINDS.items()
        if kind != "detect_rules"
    }
    # The rules as the lexicon was parsed from them (read once: about a second of YAML).
    files["detect_rules"] = shipped_lexicon_files()
    return rule_sets_of(files)
