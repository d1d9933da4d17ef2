"""Pass 27: 氏 after a word that is no name (a group, an insult) is no honorific."""

from __future__ import annotations

import pytest

from kizashi.text import views


@pytest.mark.parametrize("text", ["お前ら全員氏ね", "クズ共氏ね", "あの連中氏ね"])
def test_shi_ne_after_a_group_is_decoded(text: str) -> None:
    assert "死ね" in views(text).decoded.text


@pytest.mark.parametrize("text", ["田中氏ね、あの件", "全員の氏名を書く", "会員氏名"])
def test_the_honorific_after_a_name_is_kept(text: str) -> None:
    assert "死" not in views(text).decoded.text
