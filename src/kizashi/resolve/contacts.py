"""Phones, e-mail addresses and account handles as comparable keys.

Japanese phone numbers are reduced to their national digits (``0`` + subscriber number):
``+81 90-1234-5678``, ``(090)1234-5678``, ``０９０－１２３４－５６７８`` and ``819012345678``
are one number. The kind (mobile 070/080/090, IP 050, toll-free 0120/0800, landline) helps
an analyst and lets a landline shared by a household weigh less than a mobile.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

__all__ = ["Phone", "account_key", "email_key", "phone_key"]

_NON_DIGITS = re.compile(r"[^0-9]")
_EXTENSION = re.compile(r"(?:内線|ext\.?|x)\s*\d+\s*$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Phone:
    digits: str  # national form, e.g. 09012345678; "" if unusable
    kind: str  # mobile, ip, free, landline, foreign, invalid


def _kind(national: str) -> str:
    if re.fullmatch(r"0[789]0\d{8}", national):
        return "mobile"
    if re.fullmatch(r"050\d{8}", national):
        return "ip"
    if national.startswith(("0120", "0800")):
        return "free"
    if re.fullmatch(r"0[1-9]\d{8}", national):
        return "landline"
    return "invalid"


@lru_cache(maxsize=262_144)
def phone_key(value: str) -> Phone:
    """The national digits and kind of a phone number written any common way."""
    text = unicodedata.normalize("NFKC", value).strip()
    text = _EXTENSION.sub("", text)
    digits = _NON_DIGITS.sub("", text)
    if text.startswith("+") or text.startswith("00"):
        digits = digits[2:] if text.startswith("00") else digits
        if not digits.startswith("81"):
            return Phone("+" + digits, "foreign") if len(digits) >= 7 else Phone("", "invalid")
        digits = "0" + digits[2:].lstrip("0")
    elif digits.startswith("81") and len(digits) in (11, 12):
        digits = "0" + digits[2:]
    elif digits and not digits.startswith("0") and len(digits) in (9, 10):
        digits = "0" + digits  # the trunk 0 dropped, as spreadsheets do
    kind = _kind(digits)
    return Phone(digits if kind != "invalid" else "", kind)


def email_key(value: str) -> str:
    """Lower-cased address; ``+tags`` dropped; "" if it is not an address."""
    text = unicodedata.normalize("NFKC", value).strip().strip("<>").casefold()
    text = text.replace("mailto:", "")
    local, at, domain = text.rpartition("@")
    if not at or not local or "." not in domain or " " in text:
        return ""
    local = local.split("+", 1)[0]
    if domain in ("gmail.com", "googlemail.com"):
        local, domain = local.replace(".", ""), "gmail.com"
    return f"{local}@{domain}"


def account_key(value: str, platform: str | None = None) -> str:
    """The handle, lower-cased, without @ or a profile URL around it.

    The platform is not part of the key: a tip says "the account tar0_ymd" without naming X,
    and the same handle on two platforms is more often one person than two.
    """
    text = unicodedata.normalize("NFKC", value).strip().casefold()
    match = re.match(r"^(?:https?://)?(?:www\.)?([a-z0-9.-]+\.[a-z]+)/@?([^/?#\s]+)", text)
    if match:
        host, text = match.group(1), match.group(2)
        del host
    del platform
    return text.lstrip("@").strip()
