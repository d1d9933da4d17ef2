"""Every message a template shows is in the catalogue, in Japanese and in English."""

from __future__ import annotations

import re
from importlib import resources

import yaml

from kizashi.guard.identity import ROLES
from kizashi.intake import channels
from kizashi.pipeline import STAGE_NAMES
from kizashi.share import HANDLING_CODES
from kizashi.store.tables_share import PRODUCT_KINDS, PRODUCT_STATES, REQUEST_STATES
from kizashi.store.tables_triage import ALERT_STATES
from kizashi.triage.urgent import default_urgent
from kizashi.web.forms import form_fields
from kizashi.web.i18n import catalogue, translate
from kizashi.web.present import GROUP_COLOURS
from kizashi.web.routes_cases import DONE as CASE_DONE
from kizashi.web.routes_cases import EVENTS as CASE_EVENTS
from kizashi.web.routes_cases import KNOWN_ERRORS as CASE_ERRORS
from kizashi.web.routes_inspect import INSIDER_PROBLEMS
from kizashi.web.routes_share import REQUEST_STEPS


def _templates() -> dict[str, str]:
    folder = resources.files("kizashi.web").joinpath("templates")
    return {p.name: p.read_text("utf-8") for p in folder.iterdir() if p.name.endswith(".html")}


def test_literal_message_ids_exist() -> None:
    used = {m for text in _templates().values() for m in re.findall(r"t\('([a-z0-9_]+)'\)", text)}
    assert used and not used - set(catalogue())


def test_composed_message_ids_exist() -> None:
    wanted = {f"role_{r}" for r in ROLES} | {f"status_{s}" for s in (*ALERT_STATES, "open", "all")}
    wanted |= {f"channel_{c}" for c in channels()}
    wanted |= {f"case_event_{e}" for e in CASE_EVENTS} | set(CASE_ERRORS)
    wanted |= {f"case_done_{d}" for d in CASE_DONE} | {"bulk_done_merge"}
    wanted |= {f"stage_{s}" for s in STAGE_NAMES}
    wanted |= {f"urgent_rule_{r.id}" for r in default_urgent().rules}
    wanted |= {f"repeated_rule_{r.id}" for r in default_urgent().repeated}
    wanted |= {
        f"refused_{k}"
        for k in ("not_found", "forbidden", "deconflicted", "purpose", "unavailable", "csrf")
    }
    wanted |= {
        f"refused_{k}_text"
        for k in ("not_found", "forbidden", "deconflicted", "purpose", "unavailable", "csrf")
    }
    wanted |= {f"graph_group_{g}" for g in GROUP_COLOURS}
    wanted |= {f"reliability_{c}" for c in "ABCDEF"} | {f"credibility_{c}" for c in "123456"}
    wanted |= {
        f"kind_{k}"
        for k in (
            "person",
            "phone",
            "email",
            "account",
            "address",
            "organisation",
            "substance",
            "payment_token",
        )
    }
    wanted |= {f"product_status_{s}" for s in PRODUCT_STATES}
    wanted |= {f"product_kind_{k}" for k in PRODUCT_KINDS}
    wanted |= {f"request_status_{s}" for s in REQUEST_STATES}
    wanted |= {f"tlp_{c[4:].lower().replace('+', '_')}" for c in HANDLING_CODES}
    wanted |= {f"product_done_{s}" for s in ("submitted", "submit", "approve", "reject", "release")}
    wanted |= {f"request_done_{s}" for s in ("drafted", *REQUEST_STEPS)}
    wanted |= {f"inbox_done_{s}" for s in ("acknowledged", "asked")}
    wanted |= {f"problem_insider_{p}" for p in INSIDER_PROBLEMS}
    # every kind the tear-line rules remove is named on the approver's page
    rules = yaml.safe_load(
        resources.files("kizashi.share").joinpath("data/tearline.yaml").read_text("utf-8")
    )
    wanted |= {f"removal_kind_{k}" for k in rules["placeholders"]["ja"]}
    for spec in channels().values():
        if spec.partner_may_submit:
            for item in form_fields(spec):
                wanted.add(f"field_{item.key}")
                wanted |= {f"field_{c.key}" for c in item.children}
                wanted |= {f"value_{v}" for v in item.options}
                wanted |= {f"value_{v}" for c in item.children for v in c.options}
                wanted |= {item.hint} | {c.hint for c in item.children}
            wanted.add(f"channel_intro_{spec.id}")
    assert not wanted - set(catalogue())


def test_partner_form_hints_say_intakes_descriptions_in_both_languages() -> None:
    """Each field's hint is intake's description (English) with its Japanese; a description
    changed in intake and not here fails, as does a hint that falls back to another field's."""
    found = 0
    for spec in channels().values():
        if not spec.partner_may_submit:
            continue
        intro = catalogue()[f"channel_intro_{spec.id}"]
        assert intro["en"] == " ".join(spec.description.split()), spec.id
        for item in form_fields(spec):
            for each in (item, *item.children):
                entry = catalogue()[each.hint]
                assert entry["en"] == " ".join(each.description.split()), (spec.id, each.key)
                assert re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", entry["ja"]), each.hint
                found += 1
    assert found > 100


def test_japanese_is_the_default_and_english_the_switch() -> None:
    assert translate("sign_in", "ja") == "サインイン" and translate("sign_in", "en") == "Sign in"
    assert translate("no_such_message", "ja") == "[no_such_message]"


def test_no_message_id_is_written_twice() -> None:
    """YAML keeps the last of two equal keys silently: a second entry would hide the first."""
    text = resources.files("kizashi.web").joinpath("messages.yaml").read_text("utf-8")
    ids = re.findall(r"^  ([a-z0-9_]+):", text, flags=re.M)
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})
