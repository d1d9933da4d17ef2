"""Pure rules of casework: what an uploaded file may be, when a task is overdue.

No I/O. An attachment is checked by its bytes, not by what the browser claims: a PDF
starts with ``%PDF``, a PNG and a JPEG with their signatures, a text file decodes as UTF-8.
"""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import PurePosixPath, PureWindowsPath
from zoneinfo import ZoneInfo

from kizashi.errors import InputError

MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024
MAX_NOTE_CHARS = 20_000
MAX_TASK_CHARS = 500
MAX_REASON_CHARS = 2_000
# A page's form may send a reason's newlines as CRLF (a textarea counts each as one
# character): the form accepts up to twice the characters, the check counts them as LF.
REASON_WIRE_CHARS = 2 * MAX_REASON_CHARS
MAX_TEXT_CHARS = 20_000  # of an attachment's text kept in its report (the channel's limit)
# The kinds of file a case keeps, by what their bytes show (suffix → media type).
MEDIA_TYPES: dict[str, str] = {
    ".pdf": "application/pdf",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".txt": "text/plain",
    ".csv": "text/csv",
    ".md": "text/markdown",
}
# A task still open when its case is closed with ``force`` is ``cancelled`` (not done).
TASK_STATES = ("open", "done", "cancelled")
# A reason (assign, hand over, reopen, promote) and a closing summary: the service, the API's
# schema and the page's messages all take their bounds from here.
MIN_REASON_CHARS = 2
MIN_CLOSING_CHARS = 10  # a closing summary says why, not "ok"


class CaseClosedError(InputError):
    """A closed case is read-only: notes, tasks, files and promotions are refused (409)."""

    status = 409


class InactiveOfficerError(InputError):
    """A disabled account is not offered, assigned or handed a case (409): its name is
    known, but it cannot work the case until an administrator enables it again."""

    status = 409


def bad(field: str, reason: str) -> InputError:
    """The house's input error, naming the field: ``"field: reason"``."""
    return InputError(f"{field}: {reason}")


@dataclass(frozen=True)
class Upload:
    """A file as checked: a safe name, its media type (from its bytes), size and SHA-256."""

    filename: str
    media_type: str
    content: bytes
    sha256: str
    text: str

    @property
    def size(self) -> int:
        return len(self.content)


def _sniffed(content: bytes) -> str | None:
    if content.startswith(b"%PDF-"):
        return "application/pdf"
    if content.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if content.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    return None


def safe_filename(name: str) -> str:
    """The file's own name (no folders), NFC, no control characters; InputError if none."""
    base = PureWindowsPath(PurePosixPath(name).name).name
    cleaned = "".join(c for c in unicodedata.normalize("NFC", base) if c.isprintable()).strip()
    if not cleaned or cleaned in (".", ".."):
        raise bad("file", "the file has no usable name")
    if len(cleaned) > 200:
        raise bad("file", "the file name is longer than 200 characters")
    return cleaned


def check_upload(filename: str, content: bytes) -> Upload:
    """The upload if casework keeps it, else InputError naming the field and the reason."""
    name = safe_filename(filename)
    if not content:
        raise bad("file", "the file is empty")
    if len(content) > MAX_ATTACHMENT_BYTES:
        raise bad("file", f"the file is {len(content)} bytes; at most {MAX_ATTACHMENT_BYTES} bytes")
    suffix = PurePosixPath(name).suffix.lower()
    claimed = MEDIA_TYPES.get(suffix)
    if claimed is None:
        allowed = ", ".join(sorted(MEDIA_TYPES))
        raise bad("file", f"files of type {suffix or '(none)'!r} are not kept; only {allowed}")
    sniffed = _sniffed(content)
    text = ""
    if claimed.startswith("text/"):
        if sniffed is not None:
            raise bad("file", f"the file is named {suffix} but is {sniffed}")
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise bad("file", "a text file must be UTF-8") from None
        if "\x00" in text:
            raise bad("file", "a text file must not contain NUL characters")
    elif sniffed != claimed:
        raise bad("file", f"the file is named {suffix} but its content is not {claimed}")
    return Upload(
        name, claimed, content, hashlib.sha256(content).hexdigest(), text[:MAX_TEXT_CHARS]
    )


def overdue(due_on: date, status: str, now: datetime, tz: ZoneInfo) -> bool:
    """An open task is overdue once its due day has passed in the installation's zone."""
    return status == "open" and now.astimezone(tz).date() > due_on


def clean_text(value: str, field: str, limit: int, *, minimum: int = 1) -> str:
    """The text stripped, its CRLF newlines as LF (counted as a browser's textarea does),
    within [minimum, limit] characters, else InputError naming the field."""
    text = value.replace("\r\n", "\n").strip()
    if len(text) < minimum:
        raise bad(field, "is required" if minimum == 1 else f"needs at least {minimum} characters")
    if len(text) > limit:
        raise bad(field, f"is longer than {limit} characters")
    return text
