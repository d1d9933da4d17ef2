"""Which encoding a partner's file is in, and decoding it record by record.

Partners in Japan send UTF-8 (with or without the BOM that Excel's "CSV UTF-8" writes),
Shift_JIS as Excel writes it on Windows (CP932: Shift_JIS plus the NEC and IBM extensions,
so 髙, 﨑, ① and ～ read correctly), and EUC-JP from older Unix systems. All three are
ASCII-compatible and never use the bytes of a line break, quote or comma inside a multi-byte
character, so a file can be split into lines and records as bytes and each record decoded
on its own: one bad row spoils one row, not the file.

Detection reads the start of the file (up to 64 KiB, more while it is all ASCII):
a BOM decides; text that is valid UTF-8, or mostly so, is UTF-8; otherwise the Japanese encodings that
decode it without error are the candidates, and when both CP932 and EUC-JP do,
charset-normalizer (a real detector, measuring how garbled each reading looks) picks one.
With too little non-ASCII text to tell (a stray byte or two), the file is read as UTF-8,
the documented default, and the odd row is quarantined with a hint. ``--encoding`` forces it.

Every record is checked against the file's encoding: a row that does not decode, and a row
that is plainly in another encoding (UTF-8 inside a CP932 file, EUC-JP text inside a CP932
file), is quarantined with a reason that says so, its bytes kept as they were.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from kizashi.errors import InputError

UTF8 = "utf-8"
CP932 = "cp932"
EUC_JP = "euc_jp"
JAPANESE = (CP932, EUC_JP)

# Names people give (and charset-normalizer returns) for the encodings intake reads.
_ALIASES = {
    "utf8": UTF8,
    "utf_8": UTF8,
    "utf-8": UTF8,
    "utf-8-sig": UTF8,
    "utf_8_sig": UTF8,
    "cp932": CP932,
    "ms932": CP932,
    "mskanji": CP932,
    "windows-31j": CP932,
    "windows_31j": CP932,
    "shift_jis": CP932,  # Excel's "Shift_JIS" is CP932; plain Shift_JIS is a subset
    "shift-jis": CP932,
    "sjis": CP932,
    "s_jis": CP932,
    "euc_jp": EUC_JP,
    "euc-jp": EUC_JP,
    "eucjp": EUC_JP,
    "ujis": EUC_JP,
}
_LABELS = {UTF8: "UTF-8", CP932: "CP932 (Shift_JIS)", EUC_JP: "EUC-JP"}
_BOMS = {
    codecs.BOM_UTF8: None,
    codecs.BOM_UTF16_LE: "UTF-16",
    codecs.BOM_UTF16_BE: "UTF-16",
    codecs.BOM_UTF32_LE: "UTF-32",
    codecs.BOM_UTF32_BE: "UTF-32",
}
SAMPLE_SIZE = 64 * 1024
MAX_ASCII_PREFIX = 1024 * 1024
# Fewer non-ASCII characters than this is not evidence enough to leave UTF-8.
_MIN_EVIDENCE = 3

_HALF_WIDTH_KANA = re.compile("[\uff61-\uff9f]")
_KANA = re.compile("[\u3041-\u30ff]")


def label(encoding: str) -> str:
    return _LABELS.get(encoding, encoding)


def canonical_encoding(name: str) -> str:
    """The codec for a name a user gives (``sjis``, ``Shift_JIS``, ``EUC-JP``, ``utf8``...)."""
    found = _ALIASES.get(name.strip().lower())
    if found is None:
        raise InputError(f"unsupported encoding {name!r}; use utf-8, cp932 (Shift_JIS) or euc_jp")
    return found


@dataclass(frozen=True)
class Detected:
    encoding: str
    how: str  # "bom", "detected", "default" or "given"


def _strict(data: bytes, encoding: str, final: bool) -> bool:
    try:
        codecs.getincrementaldecoder(encoding)().decode(data, final)
    except UnicodeDecodeError:
        return False
    return True


def _errors(data: bytes, encoding: str) -> int:
    return data.decode(encoding, "replace").count("\ufffd")


def _non_ascii_chars(data: bytes, encoding: str) -> int:
    return sum(1 for ch in data.decode(encoding, "ignore") if ord(ch) > 127)


# C1 controls and the private use area: what a wrong reading produces (CP932 maps the
# unused bytes 0xA0 and 0xFD-0xFF there), never what a partner writes.
_IMPLAUSIBLE = re.compile("[\u0080-\u009f\ue000-\uf8ff]")


def _reads_as(data: bytes, encoding: str) -> bool:
    """Whether data is plausibly text in that encoding: decodes, and into something sane."""
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        return False
    return sum(1 for ch in text if ord(ch) > 127) >= 2 and not _IMPLAUSIBLE.search(text)


def detect(sample: bytes, *, complete: bool) -> Detected:
    """The encoding of a file from its first bytes (``complete``: the sample is all of it)."""
    for bom, unsupported in _BOMS.items():
        if sample.startswith(bom):
            if unsupported is not None:
                raise InputError(
                    f"the file is {unsupported}; save it as UTF-8 or Shift_JIS (CP932) "
                    "(in Excel: 'CSV UTF-8' or 'CSV')"
                )
            if bom == codecs.BOM_UTF8:
                return Detected(UTF8, "bom")
    if not complete:
        # Cut at a line break, so that no multi-byte character is cut in two.
        cut = sample.rfind(b"\n")
        sample = sample[: cut + 1] if cut >= 0 else sample
    if sample.isascii() or _strict(sample, UTF8, complete):
        return Detected(UTF8, "default" if sample.isascii() else "detected")
    as_utf8 = sample.decode(UTF8, "replace")
    bad = as_utf8.count("\ufffd")
    if sum(1 for ch in as_utf8 if ord(ch) > 127) - bad > bad:
        # Mostly valid UTF-8 (Shift_JIS or EUC-JP text almost never is): a UTF-8 file
        # with some rows in another encoding, which go to the quarantine.
        return Detected(UTF8, "detected")
    candidates = [
        enc
        for enc in JAPANESE
        if _strict(sample, enc, complete) and not _IMPLAUSIBLE.search(sample.decode(enc, "ignore"))
    ]
    if len(candidates) == 2:
        candidates = [_charset_normalizer(sample) or CP932]
    if not candidates:
        # Nothing reads it cleanly: take the reading with the fewest bad characters (so the
        # fewest rows go to quarantine), UTF-8 on a tie.
        errors = {enc: _errors(sample, enc) for enc in (UTF8, *JAPANESE)}
        candidates = [min(errors, key=lambda enc: (errors[enc], enc != UTF8))]
    chosen = candidates[0]
    if chosen != UTF8 and _non_ascii_chars(sample, chosen) < _MIN_EVIDENCE:
        return Detected(UTF8, "default")
    return Detected(chosen, "detected")


def _charset_normalizer(sample: bytes) -> str | None:
    from charset_normalizer import from_bytes

    # threshold=1.0: rank every reading, however garbled; Excel CSVs full of ①, ～ and
    # half-width kana score as "chaotic" and would otherwise be dropped.
    best = from_bytes(sample, cp_isolation=list(JAPANESE), threshold=1.0).best()
    return _ALIASES.get(best.encoding) if best is not None else None


class RecordDecoder:
    """Decodes the bytes of one record at a time, and says why a record is unreadable."""

    def __init__(self, encoding: str) -> None:
        self.encoding = encoding
        self._others = [enc for enc in (UTF8, *JAPANESE) if enc != encoding]

    def decode(self, data: bytes, offset: int = 0) -> tuple[str, str | None]:
        """(text, problem): the text keeps undecodable bytes as \\xNN escapes.

        ``offset`` is where ``data`` starts within its record (byte positions are 1-based
        within the record, as the readers report them).
        """
        try:
            text = data.decode(self.encoding)
        except UnicodeDecodeError as exc:
            problem = self.bad(data, offset + exc.start)
            return data.decode(self.encoding, "backslashreplace"), problem
        if self.encoding != UTF8 and not data.isascii():
            return text, self._odd(data, text)
        return text, None

    def bad(self, data: bytes, at: int) -> str:
        """Why a record that does not decode is unreadable, with the encoding it looks like."""
        reason = f"invalid {label(self.encoding)} at byte {at + 1}"
        for other in self._others:
            if _reads_as(data, other):
                return (
                    f"{reason}: the row reads as {label(other)} while the file is "
                    f"{label(self.encoding)} (mixed encodings: save the file in one encoding, "
                    "or ingest this row apart with --encoding)"
                )
        return reason

    def _odd(self, data: bytes, text: str) -> str | None:
        """A row that decodes, but is plainly in another encoding than the file."""
        if _strict(data, UTF8, True):
            # CP932 and EUC-JP Japanese text is essentially never valid UTF-8.
            return self._mixed(UTF8)
        if self.encoding == CP932 and _HALF_WIDTH_KANA.search(text) and not _KANA.search(text):
            # EUC-JP read as CP932 turns into half-width katakana and no kana at all.
            try:
                other = data.decode(EUC_JP)
            except UnicodeDecodeError:
                return None
            letters = [ch for ch in other if ord(ch) > 127]
            if letters and sum(1 for ch in letters if _KANA.match(ch)) >= 0.3 * len(letters):
                return self._mixed(EUC_JP)
        return None

    def _mixed(self, other: str) -> str:
        return (
            f"the row is {label(other)} but the file is {label(self.encoding)} "
            "(mixed encodings: save the file in one encoding, or ingest this row apart "
            "with --encoding)"
        )
