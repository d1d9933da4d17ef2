"""Every message a template shows is in the catalogue, in Japanese and in English."""

from __future__ import annotations

import re
from importlib import resources

from kizashi.guard.identity import ROLES
from kizashi.intake import channels
from kizashi.store.tables_triage import ALERT_STATES
from kizashi.web.forms import form_fields
from kizashi.web.i18n import catalogue, translate


def _templates() -> dict[str, str]:
    folder = resources.files("kizashi.web").joinpath("templates")
    return {p.name: p.read_text("utf-8") for p in folder.iterdir() if p.name.endswith(".html")}


def test_literal_message_ids_exist() -> None:
    used = {m for text in _templates().values() for m in re.findall(r"t\('([a-z0-9_]+)'\)", text)}
    assert used and not used - set(catalogue())


def test_composed_message_ids_exist() -> None:
    wanted = {f"role_{r}" for r in ROLES} | {f"status_{s}" for s in (*ALERT_STATES, "open", "all")}
    wanted |= {f"channel_{c}" for c in channels()}
    wanted |= {
        f"refused_{k}"
        for k in ("not_found", "forbidden", "deconflicted", "purpose", "unavailable", "csrf")
    }
    wanted |= {
        f"refused_{k}_text"
        for k in ("not_found", "forbidden", "deconflicted", "purpose", "unavailable", "csrf")
    }
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
    for spec in channels().values():
        if spec.partner_may_submit:
            for item in form_fields(spec):
                wanted.add(f"field_{item.key}")
                wanted |= {f"field_{c.key}" for c in item.children}
                wanted |= {f"value_{v}" for v in item.options}
                wanted |= {f"value_{v}" for c in item.children for v in c.options}
    assert not wanted - set(catalogue())


def test_japanese_is_the_default_and_english_the_switch() -> None:
    assert translate("sign_in", "ja") == "サインイン" and translate("sign_in", "en") == "Sign in"
    assert translate("no_such_message", "ja") == "[no_such_message]"
