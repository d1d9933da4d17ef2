"""Is a text written in Chinese? The choice between outreach's two readings.

Approach reports come in Japanese (and English), and some are written wholly in Chinese by
a company's Chinese-speaking staff or forwarded as the approacher wrote them. Japanese is
read through Sudachi's tokens (``reading``), which cut Chinese into meaningless pieces, so a
Chinese text is read by its own cue phrases instead (``reading_zh``). The danger is the
other way round: a Japanese memo that is nearly all kanji (学会後に偶然を装い接触) must
never be taken for Chinese, or it would lose every Japanese rule. So a text is Chinese only
when all of these hold (thresholds and character lists in ``data/zh/script.yaml``):

- hiragana are at most ``max_hiragana_share`` of its hiragana and Han characters (Japanese
  prose runs at a third or more even in terse memos). Katakana decide nothing: a Chinese
  report may name a Japanese company in katakana (东都セミコンダクター的客户);
- it has at least ``min_han`` Han characters (too little text to tell stays Japanese);
- it has more Chinese-only characters (simplified-only forms, traditional forms Japanese
  replaced, Chinese grammar such as 吗 呢 您) than Japanese-only ones (shinjitai such as
  対 図 気 経, kokuji, 々). A kanji-only text with neither stays Japanese.

Japanese that quotes Chinese (「把客户名单发给我」と言われた) has its kana and stays Japanese:
its quotes are read by the Japanese lexicon's Chinese words as before.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from kizashi.datafiles import safe_yaml
from kizashi.outreach.errors import OutreachDataError

__all__ = ["ScriptProfile", "ScriptRules", "is_chinese", "script_profile", "script_rules"]


@dataclass(frozen=True)
class ScriptRules:
    min_han: int
    max_hiragana_share: float
    japanese_only: frozenset[str]
    chinese_only: frozenset[str]
    version: str


@dataclass(frozen=True)
class ScriptProfile:
    """What the decision saw: counts of each kind of character, and the verdict."""

    han: int
    hiragana: int
    katakana: int
    japanese_only: int
    chinese_only: int
    chinese: bool

    def to_json(self) -> dict[str, Any]:
        return {
            "han": self.han,
            "hiragana": self.hiragana,
            "katakana": self.katakana,
            "japanese_only": self.japanese_only,
            "chinese_only": self.chinese_only,
            "chinese": self.chinese,
        }


def _is_han(ch: str) -> bool:
    return (
        "\u4e00" <= ch <= "\u9fff"
        or "\u3400" <= ch <= "\u4dbf"
        or "\uf900" <= ch <= "\ufaff"
        or ch in "々〆"
    )


def _is_hiragana(ch: str) -> bool:
    return "\u3041" <= ch <= "\u309f"


def _is_katakana(ch: str) -> bool:
    # Without the long-vowel mark and the middle dot, which Chinese text borrows too.
    return "\u30a1" <= ch <= "\u30fa" or "\uff66" <= ch <= "\uff9d"


@cache
def script_rules() -> ScriptRules:
    where = "outreach/data/zh/script.yaml"
    path = resources.files("kizashi.outreach").joinpath("data", "zh", "script.yaml")
    data = safe_yaml(path.read_text("utf-8"))
    try:
        ja = frozenset("".join(str(data["japanese_only"]).split()))
        zh = frozenset("".join(str(data["chinese_only"]).split()))
        rules = ScriptRules(
            int(data["min_han"]),
            float(data["max_hiragana_share"]),
            ja,
            zh,
            f"{data['id']}@{data['version']}",
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise OutreachDataError(f"{where}: missing or bad field: {exc}") from None
    if ja & zh:
        raise OutreachDataError(f"{where}: in both lists: {''.join(sorted(ja & zh))}")
    if not all(_is_han(ch) for ch in ja | zh):
        raise OutreachDataError(f"{where}: the lists hold Han characters only")
    return rules


def script_profile(text: str, rules: ScriptRules | None = None) -> ScriptProfile:
    rules = rules or script_rules()
    han = hiragana = katakana = ja = zh = 0
    for ch in text:
        if _is_hiragana(ch):
            hiragana += 1
        elif _is_katakana(ch):
            katakana += 1
        elif _is_han(ch):
            han += 1
            ja += ch in rules.japanese_only
            zh += ch in rules.chinese_only
    chinese = (
        han >= rules.min_han and hiragana <= rules.max_hiragana_share * (han + hiragana) and zh > ja
    )
    return ScriptProfile(han, hiragana, katakana, ja, zh, chinese)


def is_chinese(text: str) -> bool:
    """Whether ``text`` is written in Chinese (simplified or traditional), not Japanese."""
    return script_profile(text).chinese
