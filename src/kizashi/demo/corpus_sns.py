"""Social-media posts: everyday chatter, hard negatives, and the planted threats and lures.

The background is slot-filled from ``data/sns.yaml``; the planted posts are written out in
full below because their exact wording is what detectors are evaluated on.
"""

from __future__ import annotations

import bisect
import itertools
import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from kizashi.demo.clock import at, iso, natural, random_time
from kizashi.demo.manifest import LONE_CASE, RECRUIT_CASE, THREAT_CASE, Ledger
from kizashi.demo.textbank import TextBank, load_data

__all__ = ["OFFENDER_ACCOUNT", "RECRUITER_HANDLES", "build_sns", "planted_accounts"]

OFFENDER_ACCOUNT = ("x", "tar0_ymd")
# Recruiter accounts that reappear as senders in the seized chat (see corpus_seized).
RECRUITER_HANDLES = {"telegram": "kasegu_job88", "signal": "white_annai"}

_PLATFORMS = ("x", "threads", "instagram", "5ch", "tiktok")
_PLATFORM_WEIGHTS = (55, 13, 12, 12, 8)
_TWITTER_EPOCH_MS = 1288834974657
_SHORTCODE = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
_HANDLE_WORDS = (
    "neko",
    "sora",
    "hana",
    "taka",
    "yuki",
    "mori",
    "kaze",
    "tsuki",
    "hoshi",
    "umi",
    "ramen",
    "otaku",
    "tokyo",
    "ikebukuro",
    "sugamo",
    "miku",
    "ken",
    "ryo",
    "kuro",
    "shiro",
    "aoi",
    "pan",
    "coffee",
    "camera",
    "run",
    "gamer",
    "daily",
    "salary",
    "mama",
    "papa",
    "nyan",
)
_DISPLAY = (
    "みく",
    "そら",
    "けんた",
    "ゆうき",
    "はるか",
    "もも",
    "ゆう",
    "なつみ",
    "しょう",
    "あや",
    "ぽん太",
    "黒猫",
    "ラーメン部長",
    "通勤戦士",
    "社畜A",
    "大塚住民",
    "池袋の民",
    "ねこすき",
    "Yuki",
    "Ken",
    "Miki",
    "Sho",
    "Riko",
    "Tomo",
)
_SUFFIXES = ("", "", "", "", " #日常", " #豊島区", " #大塚", " w", "…", "！", " (笑)", "〜")


@dataclass(frozen=True)
class Account:
    platform: str
    handle: str
    display_name: str | None
    followers: int | None


def _shortcode(n: int, length: int = 11) -> str:
    # Multiplying by an odd constant mod 64**length is a bijection: unique, scrambled codes.
    value = (n * 0x9E3779B97F4A7C15 + 12345) % (64**length)
    chars = []
    for _ in range(length):
        value, digit = divmod(value, 64)
        chars.append(_SHORTCODE[digit])
    return "".join(chars)


def _post_id(platform: str, seq: int, moment: datetime) -> str:
    """A post id in the platform's own style; ``seq`` makes it unique."""
    if platform == "x":
        # Snowflake ids carry the posting time in their high bits, as on the real platform.
        ms = int(moment.timestamp() * 1000) - _TWITTER_EPOCH_MS
        return str((ms << 22) + seq)
    if platform == "tiktok":
        return str((int(moment.timestamp()) << 32) + seq)
    if platform == "5ch":
        # A thread per board and day (5ch thread keys are creation times); seq keeps it unique.
        thread = int(moment.timestamp()) // 86400 * 86400
        return f"livejupiter/{thread}/{seq}"
    return _shortcode(seq)


def _url(platform: str, handle: str, post_id: str) -> str:
    if platform == "x":
        return f"https://x.com/{handle}/status/{post_id}"
    if platform == "tiktok":
        return f"https://www.tiktok.com/@{handle}/video/{post_id}"
    if platform == "5ch":
        return f"https://greta.5ch.net/test/read.cgi/{post_id}"
    if platform == "threads":
        return f"https://www.threads.net/@{handle}/post/{post_id}"
    return f"https://www.instagram.com/p/{post_id}/"


class _Poster:
    """Builds sns_post records with unique ids across background and planted posts."""

    def __init__(self, rng: random.Random) -> None:
        self._rng = rng
        self._seq = itertools.count(1)

    def post(self, account: Account, text: str, moment: datetime, lang: str) -> dict[str, Any]:
        post_id = _post_id(account.platform, next(self._seq), moment)
        record: dict[str, Any] = {
            "source": account.platform,
            "external_id": f"{account.platform}:{post_id}",
            "received_at": iso(moment + timedelta(minutes=self._rng.randint(2, 90))),
            "language": lang,
            "platform": account.platform,
            "post_id": post_id,
            "account_handle": account.handle,
            "text": text,
            "posted_at": iso(moment),
            "url": _url(account.platform, account.handle, post_id),
        }
        if account.display_name is not None:
            record["display_name"] = account.display_name
        if account.followers is not None:
            record["follower_count"] = account.followers
        return record


def _accounts(rng: random.Random, count: int, reserved: set[str]) -> list[Account]:
    accounts: list[Account] = []
    seen = set(reserved)
    while len(accounts) < count:
        platform = rng.choices(_PLATFORMS, weights=_PLATFORM_WEIGHTS)[0]
        if platform == "5ch":
            # 5ch is anonymous: the handle is the per-day poster ID, the name is the default.
            handle = "ID:" + "".join(rng.choice(_SHORTCODE[:62]) for _ in range(8))
            display, followers = "名無しさん@お腹いっぱい。", None
        else:
            handle = f"{rng.choice(_HANDLE_WORDS)}_{rng.choice(_HANDLE_WORDS)}{rng.randrange(100)}"
            display = rng.choice(_DISPLAY)
            followers = int(rng.paretovariate(1.2) * 40)
        if handle in seen:
            continue
        seen.add(handle)
        accounts.append(Account(platform, handle, display, followers))
    return accounts


# (account, month, day, hour, minute, text, role, also part of the lone-offender case)
_OFFENDER = Account("x", OFFENDER_ACCOUNT[1], "T.Y@南大塚", 12)
_THREATS: tuple[tuple[Account, int, int, int, int, str, str, bool], ...] = (
    (_OFFENDER, 10, 25, 23, 41, "11/1 大塚で桜井を56す", "numeric code 56", True),
    (_OFFENDER, 10, 27, 1, 12, "演説会場、〇すしかない。11/1 15時 大塚駅南口", "masked verb", True),
    (
        Account("5ch", "ID:Qz8kT0aa", "名無しさん@お腹いっぱい。", None),
        10,
        28,
        2,
        5,
        "4ね桜井　大塚で演説なんかさせるか",
        "numeric code 4ね",
        False,
    ),
    (
        Account("x", "kuroi_hanabi", "黒い花火", 87),
        10,
        29,
        22,
        30,
        "桜井みどり ﾀﾋね。日曜の大塚、楽しみにしとけ",
        "half-width kana タヒ",
        False,
    ),
    (
        Account("threads", "no_name_otsuka", "nn", 3),
        10,
        30,
        0,
        48,
        "桜井 こ ろ す　大塚の演説で待ってる",
        "spaced letters",
        False,
    ),
    (_OFFENDER, 10, 30, 3, 3, "桜井、k0rosu。日曜の大塚駅南口で", "leetspeak romaji", True),
    (
        _OFFENDER,
        10,
        31,
        21,
        17,
        "桜井みどり、首を洗って待ってろ。11月1日、大塚駅南口",
        "idiom threat",
        True,
    ),
    (
        Account("5ch", "ID:Qz8kT0bb", "名無しさん@お腹いっぱい。", None),
        10,
        31,
        23,
        50,
        "大塚の桜井の演説会場で山上する",
        "allusion 山上",
        False,
    ),
    (
        Account("x", "silent_reaper_jp", "reaper", 140),
        10,
        31,
        12,
        9,
        "going to end her at the rally. Sakurai, Otsuka station, Sunday 3pm",
        "english",
        False,
    ),
)
_RECRUITERS = (
    Account("x", RECRUITER_HANDLES["telegram"], "高収入💰即日", 2310),
    Account("threads", "easy_money_tokyo", "稼げる案件", 640),
    Account("x", RECRUITER_HANDLES["signal"], "ホワイト案件紹介所", 1180),
    Account("tiktok", "ud_boshu_24", "UDドライバー募集", 420),
    Account("instagram", "quick_cash_jp", "Quick Cash", 95),
)
_TG = RECRUITER_HANDLES["telegram"]
_LURES: tuple[tuple[int, int, int, int, int, str], ...] = (
    (0, 10, 5, 20, 11, f"ホワイト案件 即日即金 日給5万 詳細はテレグラムで @{_TG}"),
    (0, 10, 8, 21, 40, f"荷物を運ぶだけの簡単なお仕事。日払い5万〜 DMかテレグラム @{_TG}"),
    (
        1,
        10,
        9,
        13,
        2,
        "【高額バイト】書類を受け取るだけ 1件3万 即日払い 未経験OK 連絡はテレグラムへ",
    ),
    (
        2,
        10,
        11,
        22,
        19,
        "ホワイト案件あります。身分証あれば即日。シグナルに移動して話そう @white_annai",
    ),
    (3, 10, 12, 19, 55, "UD募集 #UberEats じゃない方 運ぶだけで日給5万 #闇じゃない"),
    (0, 10, 14, 23, 8, f"受け子・出し子じゃないです！安全な案件のみ。テレグラム @{_TG}"),
    (4, 10, 15, 12, 30, "Quick job in Tokyo. 50,000 yen/day, cash same day. DM for Telegram"),
    (1, 10, 17, 20, 20, "稼ぎたい人だけ。ホワイト案件、即日即金、運転できる人優遇"),
    (2, 10, 18, 0, 14, "高収入 ホワイト 即金 詳細はシグナルで ID white_annai.07"),
    (0, 10, 20, 21, 33, f"#高額バイト #即日即金 荷物運ぶだけ。テレグラム @{_TG}"),
    (3, 10, 22, 18, 45, "UD 急募 今日動ける人 報酬即日 10万も可"),
    (0, 10, 24, 22, 2, f"明日動ける人いる？日給5万 ホワイト案件 テレグラム @{_TG}"),
    (1, 10, 26, 23, 59, "受け子 出し子 じゃない。ただの運搬。即日即金"),
    (2, 10, 29, 20, 5, "シグナルに移動。身分証の写真だけで登録完了、即日紹介"),
)


def build_sns(ledger: Ledger, rng: random.Random, *, total: int) -> None:
    """Add ``total`` posts (planted ones included) to the ledger."""
    bank_data = load_data("sns")
    bank = TextBank(bank_data["slots"])
    poster = _Poster(rng)
    _plant(ledger, poster)
    background = max(0, total - len(_THREATS) - len(_LURES))

    categories = list(bank_data["categories"].items())
    names = [name for name, _ in categories]
    cum = list(itertools.accumulate(float(spec["weight"]) for _, spec in categories))
    for name, spec in categories:
        if spec.get("decoy"):
            ledger.decoy_group(
                f"decoy-sns-{name.replace('_', '-')}",
                str(spec["decoy"]),
                f"sns_post background of category {name}: alarming-looking but benign",
            )
    reserved = {a.handle for a in _RECRUITERS} | {t[0].handle for t in _THREATS}
    accounts = _accounts(rng, max(60, round(3000 * total / 20000)), reserved)
    # Few accounts post a lot, most post a little (a Zipf-like activity profile).
    activity = list(itertools.accumulate(1.0 / (r + 1) ** 0.8 for r in range(len(accounts))))
    for _ in range(background):
        pick = bisect.bisect(activity, rng.random() * activity[-1])
        account = accounts[min(pick, len(accounts) - 1)]
        name = rng.choices(names, cum_weights=cum)[0]
        spec = bank_data["categories"][name]
        text = bank.fill(rng, rng.choice(spec["templates"]))
        if spec["lang"] == "ja":
            text += rng.choice(_SUFFIXES)
        record = poster.post(account, text, random_time(rng), str(spec["lang"]))
        decoy = f"decoy-sns-{name.replace('_', '-')}" if spec.get("decoy") else None
        ledger.add("sns_post", record, decoy=decoy)


def _plant(ledger: Ledger, poster: _Poster) -> None:
    for account, month, day, hour, minute, text, role, offender in _THREATS:
        lang = "en" if role == "english" else "ja"
        record = poster.post(account, text, natural(at(month, day, hour, minute), text), lang)
        cases: tuple[str, ...] = (THREAT_CASE, LONE_CASE) if offender else (THREAT_CASE,)
        ledger.add("sns_post", record, case=cases, role=f"threat post ({role})")
    for index, month, day, hour, minute, text in _LURES:
        account = _RECRUITERS[index]
        lang = "en" if text.startswith("Quick") else "ja"
        record = poster.post(account, text, natural(at(month, day, hour, minute), text), lang)
        ledger.add("sns_post", record, case=RECRUIT_CASE, role="recruitment post")


def planted_accounts() -> dict[str, list[dict[str, str]]]:
    """Accounts behind the planted posts, for the manifest."""
    threat = sorted({(a.platform, a.handle) for a, *_ in _THREATS})
    lure = sorted({(a.platform, a.handle) for a in _RECRUITERS})
    return {
        "threat": [{"platform": p, "handle": h} for p, h in threat],
        "recruitment": [{"platform": p, "handle": h} for p, h in lure],
    }
