"""Messages exported from a phone seized in a Tokuryu (anonymous, fluid crime group) case.

The chat holds recruiting, job instructions and ID-photo requests, and one message that must
not exist: a warning, the night before, of a police search whose date and address match a
planned operation, followed by forwarded surveillance photos. That leak is what the trace
room is meant to find.
"""

from __future__ import annotations

import itertools
import random
from datetime import datetime, timedelta
from typing import Any

from kizashi.demo.clock import at, iso
from kizashi.demo.corpus_sns import RECRUITER_HANDLES
from kizashi.demo.manifest import LEAK_CASE, RECRUIT_CASE, Ledger

__all__ = ["CASE_REF", "OPERATION", "build_seized"]

CASE_REF = "令和8年 特捜第123号"
SOURCE = "seizure:r8-tokuso-123"
DEVICE = "押収品第45号（iPhone）"
OPERATION = {
    "id": "op-oyama-1022",
    "date": "2026-10-22",
    "starts_at": iso(at(10, 22, 6, 0)),
    "place": "東京都板橋区大山町 サンハイツ大山203号室",
    "planned_on": "2026-10-19",
}
_TG_CHAT = ("telegram", "-1001987654321", "ホワイト案件 連絡")
_SIG_CHAT = ("signal", "grp-7f3a9c21", "運搬チーム")
_BOSSES = ("@king_0x", "@joker_tk")
_RECRUITER = {
    "telegram": f"@{RECRUITER_HANDLES['telegram']}",
    "signal": RECRUITER_HANDLES["signal"],
}
_RECRUITS = ("@yuto_0505", "@takumi_r", "@haruto_k", "@sho_2008", "@ren_ren_88", "@kaito_x")
_PHONES = {"@yuto_0505": "080-3141-5926", "@takumi_r": "070-2718-2818", "@sho_2008": "09016180339"}
_STATIONS = ("池袋", "大塚", "巣鴨", "板橋", "大山", "赤羽", "新宿", "王子")
_TOWNS = ("練馬区桜台", "北区王子", "板橋区中板橋", "豊島区長崎", "文京区千石", "杉並区高円寺南")
_ORDERS = (
    "明日{h}時、{st}駅のコインロッカー{n}番。中の荷物を{st2}駅まで運べ",
    "今日{h}時に{town}の家で封筒を受け取れ。警察官を名乗れ、名前は{fake}",
    "{st}駅前のATMで{m}万引き出せ。帽子とマスク忘れるな",
    "{h}時に{st}駅西口、白いワゴン。運転手に『ホワイトの件』と言え",
    "カード受け取りは{town}。受け取ったらすぐ写真送れ",
)
_ACKS = ("了解です", "わかりました", "はい", "向かいます", "了解", "大丈夫です")
_DONE = ("着きました", "受け取りました", "終わりました", "運びました", "引き出しました")
_BOSS_AFTER = (
    "報酬は明日まとめて渡す",
    "写真送れ",
    "遅い。次は時間守れ",
    "逃げたら身分証の住所に行くからな",
    "よくやった。次もあるぞ",
    "終わったらこのチャットの履歴消せ",
)


class _Export:
    """Numbers messages per chat and shapes seized_message records."""

    def __init__(self) -> None:
        self._ids = {_TG_CHAT[1]: itertools.count(20411), _SIG_CHAT[1]: itertools.count(1)}
        self._photo = itertools.count(2201)

    def photo(self) -> str:
        return f"IMG_{next(self._photo):04d}.jpg"

    def message(
        self,
        chat: tuple[str, str, str],
        sender: str,
        text: str,
        moment: datetime,
        attachments: list[str] | None = None,
    ) -> dict[str, Any]:
        app, chat_id, name = chat
        number = next(self._ids[chat_id])
        message_id = str(number) if app == "telegram" else f"sig-{number:06d}"
        record: dict[str, Any] = {
            "source": SOURCE,
            "external_id": f"{CASE_REF}:{app}:{chat_id}:{message_id}",
            "received_at": iso(at(10, 30, 10, 0)),
            "case_ref": CASE_REF,
            "device_ref": DEVICE,
            "app": app,
            "chat_id": chat_id,
            "chat_name": name,
            "message_id": message_id,
            "sender_handle": sender,
            "text": text,
            "sent_at": iso(moment),
        }
        if sender in _PHONES:
            record["sender_phone"] = _PHONES[sender]
        if attachments:
            record["attachments"] = attachments
        return record


_Said = tuple[tuple[str, str, str], str, str, datetime, list[str] | None, str | None, str]


def build_seized(ledger: Ledger, rng: random.Random, *, total: int = 300) -> None:
    export = _Export()
    said: list[_Said] = []

    def say(
        chat: tuple[str, str, str],
        sender: str,
        text: str,
        moment: datetime,
        attachments: list[str] | None = None,
        case: str | None = None,
        role: str = "",
    ) -> None:
        said.append((chat, sender, text, moment, attachments, case, role))

    _plant_leak(say)
    planted = len(said)
    # The Telegram chat runs until the raid; after the leak the group moves to Signal.
    day = at(10, 5, 19, 0)
    recruited: list[str] = []
    background: list[_Said] = []
    while len(background) < total - planted:
        chat = _TG_CHAT if day < at(10, 22, 0) else _SIG_CHAT
        clock = day + timedelta(minutes=rng.randint(0, 120))
        start = len(said)
        if len(recruited) < len(_RECRUITS) and (not recruited or rng.random() < 0.25):
            recruit = _RECRUITS[len(recruited)]
            recruited.append(recruit)
            recruiter = _RECRUITER[chat[0]]
            say(
                chat,
                recruiter,
                f"{recruit} さん、案件の件ですね。まず身分証（表・裏）と顔写真を送ってください",
                clock,
                case=RECRUIT_CASE,
                role="recruiter requests ID photos in the seized chat",
            )
            clock += timedelta(minutes=rng.randint(3, 40))
            say(
                chat,
                recruit,
                "送りました",
                clock,
                [export.photo(), export.photo(), export.photo()],
                case=RECRUIT_CASE,
                role="recruit sends ID photos",
            )
            clock += timedelta(minutes=rng.randint(1, 10))
            say(
                chat,
                recruiter,
                "確認しました。このあとは指示役から連絡します。実家の住所も控えました",
                clock,
                case=RECRUIT_CASE,
                role="recruiter hands the recruit over",
            )
        boss = rng.choice(_BOSSES)
        worker = rng.choice(recruited)
        order = rng.choice(_ORDERS).format(
            h=rng.randint(9, 21),
            st=rng.choice(_STATIONS),
            st2=rng.choice(_STATIONS),
            n=rng.randint(100, 499),
            town=rng.choice(_TOWNS),
            m=rng.randint(20, 90),
            fake=rng.choice(("スズキ", "タナカ", "ワタナベ")),
        )
        for sender, text, attach in (
            (boss, f"{worker} {order}", False),
            (worker, rng.choice(_ACKS), False),
            (worker, rng.choice(_DONE), rng.random() < 0.5),
            (boss, rng.choice(_BOSS_AFTER), False),
        ):
            clock += timedelta(minutes=rng.randint(2, 90))
            say(chat, sender, text, clock, [export.photo()] if attach else None)
        background.extend(said[start:])
        del said[start:]
        # The raid night is the leak's alone; after it the group goes quiet until morning.
        day += timedelta(hours=rng.randint(6, 20))
        if at(10, 21, 12) <= day < at(10, 22, 9):
            day = at(10, 22, 9)
        if day >= at(10, 28, 0):
            day = at(10, 5, 19, 0) + timedelta(hours=rng.randint(0, 500))
    # An exact count keeps the manifest's counts predictable; the cut falls on the last episode.
    said.extend(background[: total - planted])
    # Message ids follow time within each chat, as in a real export.
    order_of = sorted(range(len(said)), key=lambda i: (said[i][3], i))
    for index in order_of:
        chat, sender, text, moment, attachments, case, role = said[index]
        record = export.message(chat, sender, text, moment, attachments)
        ledger.add("seized_message", record, case=case, role=role)


def _plant_leak(say: Any) -> None:
    tg, sg = _TG_CHAT, _SIG_CHAT
    say(
        tg,
        "@king_0x",
        "明日の朝、板橋区大山町のサンハイツ大山203にガサが入る。荷物全部移せ。今夜中に",
        at(10, 21, 23, 12),
        case=LEAK_CASE,
        role="advance warning of the planned search",
    )
    say(
        tg,
        "@king_0x",
        "これ回ってきた。サツの張り込み写真。こいつらの顔覚えとけ",
        at(10, 21, 23, 14),
        ["IMG_0412.jpg", "IMG_0413.jpg", "IMG_0414.jpg"],
        case=LEAK_CASE,
        role="forwarded police surveillance photos",
    )
    say(
        tg,
        "@ren_ren_88",
        "マジすか。今から全部移します",
        at(10, 21, 23, 20),
        case=LEAK_CASE,
        role="recruit acknowledges and moves the goods",
    )
    say(
        tg,
        "@joker_tk",
        "誰から聞いた？",
        at(10, 21, 23, 22),
        case=LEAK_CASE,
        role="question about the leak's origin",
    )
    say(
        tg,
        "@king_0x",
        "中の人。金は払ってある。余計なこと聞くな",
        at(10, 21, 23, 25),
        case=LEAK_CASE,
        role="reference to an insider",
    )
    say(
        tg,
        "@ren_ren_88",
        "移し終わりました。部屋は空です",
        at(10, 22, 2, 41),
        case=LEAK_CASE,
        role="goods moved before the search",
    )
    say(
        tg,
        "@king_0x",
        "ここヤバい。全員シグナルに移動",
        at(10, 22, 8, 5),
        case=LEAK_CASE,
        role="move to Signal after the search",
    )
    say(
        sg,
        RECRUITER_HANDLES["signal"],
        "シグナルに移動しました。新しい人もここで案内します",
        at(10, 22, 9, 30),
        case=RECRUIT_CASE,
        role="recruiter active in the Signal chat",
    )
    say(
        sg,
        "@king_0x",
        "ガサは空振り。中の人のおかげ。次の情報も来る",
        at(10, 22, 12, 2),
        case=LEAK_CASE,
        role="confirmation the search was frustrated",
    )
