"""The linker's reasons as the entity page says them."""

from __future__ import annotations

import json
from importlib import resources

import pytest

from kizashi.resolve.default_model import default_model
from kizashi.resolve.rules import rule_for
from kizashi.web.linkage_reasons import reason_text


def _kinds(kind: str) -> str | None:
    return {"phone": "電話番号", "account": "アカウント"}.get(kind)


def test_a_weighted_reason_is_a_sentence_with_its_signed_weight() -> None:
    why = {"field": "name", "comparison": "same spelling", "weight": 6.25}
    assert reason_text(why, "ja", _kinds) == "氏名: 表記が同じ (+6.2)"
    assert reason_text(why, "en", lambda _: None) == "name: same spelling (+6.2)"
    negative = {"field": "phone", "comparison": "two different mobile numbers", "weight": -4.0}
    assert reason_text(negative, "ja", _kinds) == "電話番号: 携帯電話番号が異なる (-4.0)"


def test_a_link_without_an_evidence_weight_shows_none() -> None:
    why = {"field": "record", "comparison": "identical person record (every field the same)"}
    assert reason_text({**why, "weight": None}, "ja", _kinds) == "記録全体: 全項目が同じ人物記録"


@pytest.mark.parametrize(
    ("label", "ja"),
    [
        ("both name parts sound alike (JW ≥ 0.88)", "姓名とも音が近い（JW ≥ 0.88）"),
        ("same phone key", "電話番号の照合キーが同じ"),
        ("payment_token exact", "payment_tokenが完全に一致"),
        ("analyst u-7: same — 同じ免許証番号", "分析官 u-7 が同一人物と判断：同じ免許証番号"),
    ],
)
def test_labels_with_a_varying_part_keep_it(label: str, ja: str) -> None:
    why = {"field": "rule", "comparison": label, "weight": None}
    assert reason_text(why, "ja", _kinds) == f"同一性ルール: {ja}"


def test_an_unknown_label_is_shown_as_the_linker_wrote_it() -> None:
    why = {"field": "plate", "comparison": "plate within 1 edit(s)", "weight": 2.0}
    assert reason_text(why, "ja", _kinds) == "plate: plate within 1 edit(s) (+2.0)"


def test_every_level_of_the_shipped_model_reads_in_japanese() -> None:
    """A level added to the linker's model without words here fails: the analyst who decides
    whether two records are one person would read it in the linker's English."""
    text = resources.files("kizashi.resolve").joinpath("data/default_model.json").read_text()
    labels = {
        str(level["label"]) for levels in json.loads(text)["levels"].values() for level in levels
    }
    assert labels
    untranslated = [
        label
        for label in sorted(labels)
        if not label.endswith(" is NULL")  # a null level carries no weight and is never a reason
        and reason_text({"field": "x", "comparison": label}, "ja", _kinds) == f"x: {label}"
    ]
    assert untranslated == []


def test_every_identity_rule_reads_in_japanese() -> None:
    model = default_model()
    rows = [
        ({"account": "@a"}, {"account": "@a"}),
        ({"email": "a@example.jp"}, {"email": "a@example.jp"}),
        (
            {"phone": "09012345678", "phone_kind": "mobile", "tok_a": "yamada"},
            {"phone": "09012345678", "phone_kind": "mobile", "tok_b": "yamada"},
        ),
    ]
    for left, right in rows:
        label = rule_for(left, right, model)
        assert label is not None
        assert (
            reason_text({"field": "rule", "comparison": label}, "ja", _kinds)
            != f"同一性ルール: {label}"
        )
