"""The labels that say the value after them identifies a person (会員番号, 口座番号,
passport no., LINE ID, インスタ): :mod:`kizashi.share.pii` takes the value and keeps the label.
Each alternative has a fixed length, so that the patterns may use them in a lookbehind."""

from __future__ import annotations

import re

# Labels before an identifying number (each alternative of fixed length, for a lookbehind).
ID_LABEL = "|".join(
    f"(?:{re.escape(label)})"
    for label in (
        "会員番号",
        "会員ID",
        "会員ＩＤ",
        "顧客番号",
        "お客様番号",
        "利用者番号",
        "口座番号",
        "口座",
        "(普)",
        "(当)",
        "普通預金",
        "当座預金",
        "普通",
        "当座",
        "記号",
        "番号",
        "免許証番号",
        "運転免許証番号",
        "免許番号",
        "旅券番号",
        "パスポート番号",
        "パスポート",
        "保険証番号",
        "被保険者番号",
        "記号番号",
        "社員番号",
        "学籍番号",
        "在留カード番号",
        "受付番号",
        "passport no",
        "Passport No",
        "passport",
        "Passport",
        "PASSPORT",
        "licence no",
        "license no",
        "Licence No",
        "License No",
        "member no",
        "Member No",
        "member ID",
        "Member ID",
        "account no",
        "Account No",
        "A/C",
        "acct",
        "Acct",
        "ID",
    )
)
ACCOUNT_LABEL = "|".join(
    f"(?:{re.escape(label)})"
    for label in (
        "LINE ID",
        "LINE",
        "ライン",
        "インスタ",
        "Instagram",
        "instagram",
        "Insta",
        "insta",
        "IG",
        "Twitter",
        "twitter",
        "X",
        "TikTok",
        "tiktok",
        "Discord",
        "discord",
        "Skype",
        "skype",
        "Telegram",
        "telegram",
        "Threads",
        "アカウント",
        "アカ",
        "ID",
        "id",
        "Facebook",
    )
)
