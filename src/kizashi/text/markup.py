"""SNS markup that says nothing about what a post means: links, @handles, ``#`` and RT.

A threat posted as ``@yamada_k 山田マジで殺すからな #炎上 https://t.co/x1`` says what
``山田マジで殺すからな 炎上`` says. To a character n-gram model the handle and the link are a
run of Latin letters, and most Latin text it has seen is ordinary English (tweets full of
``RT @user:`` and links among it), so markup pulled a Japanese threat's score down by a factor
of four. The scorer's learned inputs (n-grams and the sentence embedding) therefore read the
text without it; the rules still read every character, and evidence spans still index the
original post. A hashtag keeps its word (``#殺す`` is 殺す) and loses only the ``#``.
"""

from __future__ import annotations

import re

__all__ = ["markup_spans", "strip_markup"]

# Links: the scheme and every printable ASCII character after it (a link in a Japanese post is
# often followed by Japanese with no space, which must survive).
_URL = r"(?:https?|ftp)://[!-~]+|www\.[A-Za-z0-9-]+\.[!-~]+"
# "RT @user:" as a unit, then any @handle (Twitter/X, Instagram, Threads: ASCII letters,
# digits, _ and .) not inside an e-mail address or a word.
# Full-width ＠ and letters too: the scorer's embedding reads the post before NFKC.
_W = "A-Za-z0-9_Ａ-Ｚａ-ｚ０-９＿"
_RETWEET = rf"(?<![A-Za-z0-9])RT\s*[@＠][{_W}]{{1,30}}[:：]?"
_HANDLE = rf"(?<![{_W}.@＠])[@＠][{_W}][{_W}.]{{0,29}}(?<!\.)"
_MARKUP = re.compile(f"{_URL}|{_RETWEET}|{_HANDLE}")
_HASH = re.compile(r"[#＃](?=\w)")
_SPACES = re.compile(r"[ \t\u3000]{2,}")
_LINE_EDGE = re.compile(r"[ \t\u3000]*\n[ \t\u3000]*")


def _has_markup(text: str) -> bool:
    return "@" in text or "＠" in text or "//" in text or "www." in text


def markup_spans(text: str) -> tuple[tuple[int, int], ...]:
    """``[start, end)`` of every link, @handle and RT prefix in ``text`` (not hashtags: a
    hashtag's word is part of what the post says).

    A handle or a link names an account or a page, not what the writer says: the words in
    ``@news_jp`` or ``@game_taro`` must not make a threat read as news or as a game.
    """
    if not _has_markup(text):
        return ()
    return tuple(m.span() for m in _MARKUP.finditer(text))


def strip_markup(text: str) -> str:
    """``text`` without links, @handles and RT prefixes, and with ``#`` dropped from hashtags.

    Cheap when there is nothing to strip (a few substring tests). Line breaks are kept;
    runs of spaces left behind become one space, and the ends are trimmed.
    """
    if not _has_markup(text) and "#" not in text and "＃" not in text:
        return text
    stripped = _HASH.sub("", _MARKUP.sub(" ", text))
    return _LINE_EDGE.sub("\n", _SPACES.sub(" ", stripped)).strip()
