"""Mentions of people, phones, e-mails, accounts, addresses, organisations and substances.

Intake takes mentions only from the structured fields a channel's spec names, and gives each
a simple comparison key. Entity resolution (``kizashi.resolve``) replaces these keys with
its own normalisers; the key here only has to make exact repeats line up.

Extraction runs once per stored row, so each channel's mention paths are compiled once into
small functions (a plain ``dict.get`` for a top-level field), and the comparison key skips
the work that cannot change the result (ASCII needs no Unicode normalisation).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import cache, lru_cache
from typing import Any, NamedTuple

from kizashi.intake.spec import ChannelSpec, MentionSpec

_NON_DIGITS = re.compile(r"[^0-9]")


class Mention(NamedTuple):
    """One mention; a tuple, so that a batch of them goes to the store as rows directly."""

    kind: str
    path: str
    value: str
    normalized: str
    qualifier: str | None = None
    quantity: float | None = None
    unit: str | None = None


# White space is folded by str.split(): it splits on exactly the characters the regular
# expression \s matches (every code point was compared: both are Py_UNICODE_ISSPACE), so
# " ".join(v.split()) is re.sub(r"\s+", " ", v).strip(), which folded it before, at a
# quarter of the cost (tests/intake/test_mentions.py).
def _fold_once(value: str) -> str:
    folded = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", value).casefold())
    return " ".join(folded.split())


def _fold(value: str) -> str:
    # Case folding can decompose characters (İ -> i + U+0307) and NFKC can recompose them
    # with a neighbour, so fold until nothing changes: a key must be stable under folding.
    if value.isascii():
        # NFKC leaves ASCII alone and casefold() is lower() there (str.split() knows the
        # white space \s does), so one pass is already the fixed point.
        return " ".join(value.lower().split())
    if _is_nfkc("NFKC", value) and value.casefold() == value:
        # Most Japanese names, addresses and handles are already NFKC and caseless: then
        # both normalisations of _fold_once give the value back and only the white space
        # is left to fold (the same result, without two NFKC passes).
        folded = " ".join(value.split())
    else:
        folded = _fold_once(value)
    if folded == value or (_is_nfkc("NFKC", folded) and folded.casefold() == folded):
        return folded  # folding it again would change nothing
    value = folded
    for _ in range(3):
        again = _fold_once(value)
        if again == value:
            break
        value = again
    return value


_is_nfkc = unicodedata.is_normalized
_SPACELESS_KINDS = frozenset(("person", "organisation", "address"))


@lru_cache(maxsize=65_536)  # the same handles, names and phones recur across many reports
def normalize(kind: str, value: str) -> str:
    """A comparison key for a mention value of the given kind."""
    if kind in _SPACELESS_KINDS and _is_nfkc("NFKC", value) and value.casefold() == value:
        # The common name or address, already NFKC and caseless: what the general path
        # below gives it, without its calls (about 2.7 µs of a miss in the cache, 0.5 here).
        # Each step's result is checked to be a fixed point of _fold, as _fold checks it.
        folded = " ".join(value.split())
        if folded == value or (_is_nfkc("NFKC", folded) and folded.casefold() == folded):
            joined = folded.replace(" ", "")
            if joined == folded or (_is_nfkc("NFKC", joined) and joined.casefold() == joined):
                return joined
    folded = _fold(value)
    if kind == "phone":
        digits = _NON_DIGITS.sub("", folded)
        # +81 90-1234-5678 and 090-1234-5678 are the same Japanese number.
        if folded.startswith("+81") or (digits.startswith("81") and len(digits) in (11, 12)):
            digits = "0" + digits[2:]
        return digits
    if kind == "account":
        return folded.lstrip("@")
    if kind in ("person", "organisation", "address"):
        # Removing spaces can bring a combining mark next to a letter: fold again.
        return _fold(folded.replace(" ", ""))
    return folded


def _walk(data: Any, parts: list[str], path: str) -> list[tuple[str, Any, Any]]:
    """Values at a path like ``persons[].name``, each with its concrete path and parent."""
    if not parts:
        return [(path, data, None)]
    head, rest = parts[0], parts[1:]
    if not isinstance(data, dict):
        return []
    if head.endswith("[]"):
        name = head[:-2]
        found = []
        for index, element in enumerate(data.get(name) or ()):
            found.extend(_walk(element, rest, f"{path}{name}[{index}]" + ("." if rest else "")))
        return found
    if head not in data:
        return []
    if not rest:
        return [(f"{path}{head}", data[head], data)]
    return _walk(data[head], rest, f"{path}{head}.")


def _mention(
    spec: MentionSpec, path: str, value: Any, owner: dict[str, Any], body: dict[str, Any]
) -> Mention:
    text = value if type(value) is str else str(value)
    quantity = owner.get(spec.quantity) if spec.quantity else None
    return Mention(
        spec.kind,
        path,
        text,
        normalize(spec.kind, text),
        str(body[spec.qualifier]) if spec.qualifier and body.get(spec.qualifier) else None,
        float(quantity) if quantity is not None else None,
        str(owner.get(spec.unit)) if spec.unit and owner.get(spec.unit) else None,
    )


_Extract = Callable[[dict[str, Any], list[Mention]], None]


def _compile(spec: MentionSpec) -> _Extract:
    kind, name = spec.kind, spec.path
    if "." not in name and "[" not in name:
        if not (spec.qualifier or spec.quantity or spec.unit):

            def field(body: dict[str, Any], out: list[Mention]) -> None:
                value = body.get(name)
                if value is not None and value != "":
                    text = value if type(value) is str else str(value)
                    out.append(Mention(kind, name, text, normalize(kind, text)))

            return field

        qualifier = spec.qualifier
        if qualifier and not (spec.quantity or spec.unit):

            def field_with_qualifier(body: dict[str, Any], out: list[Mention]) -> None:
                value = body.get(name)
                if value is not None and value != "":
                    text = value if type(value) is str else str(value)
                    by = body.get(qualifier)
                    out.append(
                        Mention(kind, name, text, normalize(kind, text), str(by) if by else None)
                    )

            return field_with_qualifier

        def field_with_context(body: dict[str, Any], out: list[Mention]) -> None:
            value = body.get(name)
            if value is not None and value != "":
                out.append(_mention(spec, name, value, body, body))

        return field_with_context
    parts = spec.path.split(".")

    def nested(body: dict[str, Any], out: list[Mention]) -> None:
        for path, value, parent in _walk(body, parts, ""):
            if value is not None and value != "":
                owner = parent if isinstance(parent, dict) else body
                out.append(_mention(spec, path, value, owner, body))

    return nested


@cache
def _extractors(channel: ChannelSpec) -> tuple[_Extract, ...]:
    return tuple(_compile(spec) for spec in channel.mentions)


def _inline(spec: MentionSpec) -> bool:
    """A top-level field whose qualifier, quantity and unit (any of them) are top-level fields
    too: read inline by the extractor."""
    return all(
        "." not in path and "[" not in path
        for path in (spec.path, spec.qualifier or "", spec.quantity or "", spec.unit or "")
    )


_make_mention = tuple.__new__  # Mention(...) without the NamedTuple's Python-level __new__


def _inline_lines(spec: MentionSpec) -> list[str]:
    """Straight-line code reading one top-level mention (with its top-level qualifier,
    quantity and unit) of ``body`` into ``found``: what its ``_compile`` extractor gives."""
    kind, name = repr(spec.kind), repr(spec.path)
    lines = [
        f"v = get({name})",
        "if v is not None and v != '':",
        "    t = v if type(v) is str else str(v)",
    ]
    extra = []
    for field, convert, var in (
        (spec.qualifier, "str(x) if x else None", "q"),
        (spec.quantity, "float(x) if x is not None else None", "a"),
        (spec.unit, "str(x) if x else None", "u"),
    ):
        if field:
            lines += [f"    x = get({field!r})", f"    {var} = {convert}"]
            extra.append(var)
        else:
            extra.append("None")
    lines.append(
        f"    add(_make(_Mention, ({kind}, {name}, t, _normalize({kind}, t), {', '.join(extra)})))"
    )
    return lines


def _extractor_source(channel: ChannelSpec) -> tuple[str, dict[str, Any]]:
    namespace: dict[str, Any] = {
        "_make": _make_mention,
        "_Mention": Mention,
        "_normalize": normalize,
    }
    lines = ["def extract(body):", "    found = []"]
    if any(_inline(spec) for spec in channel.mentions):
        lines += ["    add = found.append", "    get = body.get"]
    for i, (spec, one) in enumerate(zip(channel.mentions, _extractors(channel), strict=True)):
        if _inline(spec):
            lines += ["    " + line for line in _inline_lines(spec)]
        else:
            namespace[f"_x{i}"] = one
            lines.append(f"    _x{i}(body, found)")
    lines.append("    return found")
    return "\n".join(lines) + "\n", namespace


@cache
def mention_extractor(channel: ChannelSpec) -> Callable[[dict[str, Any]], list[Mention]]:
    """A function giving every mention the channel's spec points at in a validated record."""
    # Generated per channel, straight line, in the spec's order: a top-level field (most of
    # a channel's mentions, e.g. sns_post's account with its platform, a purchase's
    # substance with its quantity and unit) is read in line, with its qualifier, quantity
    # and unit known when the code is written (no loop over the specs, no tuple of steps
    # unpacked and tested per mention of every row); any other mention by its compiled
    # extractor. The in-line code gives what _compile's extractors (and _mention) give
    # (tests/intake/test_mentions.py compares them for every channel).
    source, namespace = _extractor_source(channel)
    exec(compile(source, f"<kizashi.intake.mentions {channel.id}>", "exec"), namespace)
    extract: Callable[[dict[str, Any]], list[Mention]] = namespace["extract"]
    return extract


def extract_mentions(channel: ChannelSpec, body: dict[str, Any]) -> list[Mention]:
    """Every mention the channel's spec points at in a validated record."""
    return mention_extractor(channel)(body)
