"""An sns_post record for store tests of the detect room."""

from __future__ import annotations


def sns_post(n: int, text: str) -> dict[str, object]:
    return {
        "source": "x",
        "platform": "x",
        "post_id": str(n),
        "account_handle": f"@user{n}",
        "text": text,
        "posted_at": "2026-10-05T10:00:00+09:00",
    }
