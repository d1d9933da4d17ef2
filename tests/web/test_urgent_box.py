"""The urgent box names what made an alert urgent in the officer's words: a protected person
or event by name, never by its watch-list id."""

from __future__ import annotations

from functools import partial

from kizashi.web.explain import protected_label
from kizashi.web.i18n import translate
from kizashi.web.render import environment


def test_protected_parts_read_as_names_not_ids() -> None:
    matched = [
        {"condition_ja": "危害の意図", "component": "harm_intent", "text": "56す"},
        {
            "condition_ja": "日時・場所・保護対象者・公の催し",
            "texts": [
                {"rule": "threat-context-time", "text": "11/1"},
                {"component": "protected_person", "text": "candidate-sakurai"},
                {"component": "protected_person", "text": "rally-otsuka-1101"},
            ],
        },
    ]
    alert = {"explanation": {"urgent": {"rule": "urgent-threat-named-target", "matched": matched}}}
    html = (
        environment()
        .get_template("_urgent.html")
        .render(
            a=alert, t=partial(translate, lang="ja"), lang="ja", protected_label=protected_label
        )
    )
    assert "「桜井 みどり」" in html and "「JR大塚駅南口広場 2026-11-01 15:00」" in html
    assert "candidate-sakurai" not in html and "「11/1」" in html
