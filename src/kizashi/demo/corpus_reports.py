"""Partner reports, patrol notes and public tips around the lone offender's garage.

Three independent witnesses describe the same garage in their own words: the letting agent
(sawing, metal, a smell like fireworks), a patrol officer (a nervous man carrying metal pipes,
name in katakana) and an anonymous neighbour (metal-working at night). Each names him, or
the place, differently; linking them is the platform's job.
"""

from __future__ import annotations

import random
from datetime import timedelta
from typing import Any

from kizashi.demo.clock import at, day_str, iso, natural, random_time
from kizashi.demo.corpus_sns import RECRUITER_HANDLES
from kizashi.demo.manifest import LONE_CASE, RECRUIT_CASE, Ledger
from kizashi.demo.people import (
    OFFENDER,
    OFFENDER_GARAGE,
    make_population,
    phone_variant,
    write_address,
)
from kizashi.demo.textbank import TextBank, load_data

__all__ = ["build_reports"]

PATROL_UNIT = "豊島南警察署 地域課"
TIPS_SOURCE = "tips:mpd-consultation"
PATROL_SOURCE = "unit:toshima-minami-ps"
_STATIONS = ["大塚", "巣鴨", "池袋", "駒込", "目白", "新大塚"]
_PREFIX = {
    "otsuka-housing": "OH",
    "ikebukuro-realty": "IR",
    "hotel-johoku": "HJ",
    "aoba-unyu": "AU",
    "johoku-railway": "JH",
    "hc-minato": "MN",
}


def build_reports(
    ledger: Ledger, rng: random.Random, *, partners: int = 20, patrols: int = 30, tips: int = 30
) -> None:
    data = load_data("reports")
    people = make_population(rng, 60, "report")
    bank = TextBank({"station": _STATIONS})
    for channel, kind in (
        ("partner_report", "benign_report"),
        ("patrol_note", "benign_patrol"),
        ("public_tip", "benign_tip"),
    ):
        ledger.decoy_group(
            f"decoy-{channel.replace('_', '-')}",
            kind,
            f"ordinary {channel} that resolves to nothing",
        )
    _plant(ledger)

    # Reference numbers come from the same pools as the planted ones (which are reserved), so
    # a planted report cannot be spotted by its number.
    partner_numbers = iter(rng.sample([k for k in range(100, 400) if k != 311], partners))
    note_numbers = iter(rng.sample([k for k in range(1, 99) if k != 47], patrols))
    tip_numbers = iter(rng.sample([k for k in range(100, 999) if k not in (263, 417)], tips))
    partner_info: dict[str, dict[str, str]] = data["partners"]
    templates: list[dict[str, str]] = data["partner_reports"]
    for n in range(partners - 1):
        spec = templates[n % len(templates)]
        partner = partner_info[spec["partner"]]
        person = rng.choice(people)
        moment = random_time(rng)
        ref = f"{_PREFIX[spec['partner']]}-2026-{next(partner_numbers):04d}"
        text = spec["text"].replace("{address}", write_address(person, "full"))
        text = bank.fill(rng, text.replace("{name}", person.surname))
        record: dict[str, Any] = {
            "source": f"partner:{spec['partner']}",
            "external_id": ref,
            "received_at": iso(moment + timedelta(hours=rng.randint(2, 30))),
            "report_ref": ref,
            "partner_type": partner["type"],
            "category": spec["category"],
            "title": spec["title"],
            "text": text,
            "observed_at": iso(moment),
            "reporter_name": rng.choice(people).name,
            "reporter_contact": f"03-{rng.randint(3000, 6999)}-{rng.randrange(10000):04d}",
        }
        if "{address}" in spec["text"]:
            record["property_address"] = write_address(person, "full")
            record["persons"] = [
                {
                    "name": person.name,
                    "role": "tenant",
                    "phone": phone_variant(person.phone, "hyphen"),
                }
            ]
        ledger.add("partner_report", record, decoy="decoy-partner-report")

    for note_type, text in (data["patrol_notes"] * (patrols // len(data["patrol_notes"]) + 1))[
        : patrols - 1
    ]:
        moment = random_time(rng)
        ref = f"TMP-{moment.strftime('%m%d')}-{next(note_numbers):03d}"
        record = {
            "source": PATROL_SOURCE,
            "external_id": ref,
            "received_at": iso(moment + timedelta(hours=1)),
            "note_ref": ref,
            "officer_id": f"PO-{rng.randint(1000, 1099)}",
            "unit": PATROL_UNIT,
            "note_type": note_type,
            "text": bank.fill(rng, text),
            "observed_at": iso(moment),
            "location": f"東京都豊島区{rng.choice(['南大塚', '北大塚', '巣鴨', '東池袋'])}付近",
        }
        ledger.add("patrol_note", record, decoy="decoy-patrol-note")

    for via, text in (data["public_tips"] * (tips // len(data["public_tips"]) + 1))[: tips - 2]:
        moment = random_time(rng)
        ref = f"SD-{moment.strftime('%Y%m%d')}-{next(tip_numbers):04d}"
        tip: dict[str, Any] = {
            "source": TIPS_SOURCE,
            "external_id": ref,
            "received_at": iso(moment + timedelta(minutes=rng.randint(5, 300))),
            "tip_ref": ref,
            "received_via": via,
            "text": bank.fill(rng, text),
            "observed_at": iso(moment),
        }
        if rng.random() < 0.4:
            tip["anonymous"] = True
        else:
            tipster = rng.choice(people)
            tip["anonymous"] = False
            tip["tipster_name"] = tipster.name
            tip["tipster_contact"] = phone_variant(tipster.phone, "hyphen")
        ledger.add("public_tip", tip, decoy="decoy-public-tip")


def _stamp(month: int, day: int, hour: int, minute: int) -> str:
    """A planted time as ISO text, with a stable arbitrary second like the background's."""
    return iso(natural(at(month, day, hour, minute), f"{month}/{day} {hour}:{minute}"))


def _plant(ledger: Ledger) -> None:
    ref = "OH-2026-0311"
    ledger.add(
        "partner_report",
        {
            "source": "partner:otsuka-housing",
            "external_id": ref,
            "received_at": _stamp(10, 28, 10, 15),
            "report_ref": ref,
            "partner_type": "real_estate",
            "category": "suspicious_sound",
            "title": "賃貸ガレージからの異音と火薬のようなにおい",
            "text": (
                "当社管理の月極ガレージ（3番区画）について、近隣住民から夜間の騒音の苦情があり、"
                "10月27日21時40分ごろ担当者が現地を確認しました。シャッターは閉まっていましたが、"
                "中からノコギリで金属を切るような音と、カンカンという金属音が続いていました。"
                "シャッターの隙間から花火のような、火薬が燃えたようなにおいがしました。"
                "契約時の用途は『バイクの保管』で、バイクの出入りは見ていません。"
                "借主は山田太郎様（電話 090 1234 5678）。念のためご連絡します。"
            ),
            "observed_at": _stamp(10, 27, 21, 40),
            "property_address": OFFENDER_GARAGE,
            "property_description": (
                "シャッター付き月極ガレージ（約15㎡）。"
                "2026年9月1日から賃貸、用途はバイク保管と申告。"
            ),
            "persons": [
                {
                    "name": OFFENDER.name,
                    "name_kana": OFFENDER.name_kana,
                    "role": "tenant",
                    "phone": phone_variant(OFFENDER.phone, "space"),
                    "birth_date": day_str(OFFENDER.birth_date),
                }
            ],
            "reporter_name": "大塚ハウジング 管理部 吉川",
            "reporter_contact": "03-5395-0000",
        },
        case=LONE_CASE,
        role="partner report: sounds and gunpowder smell at the garage",
    )

    note = "TMP-1029-047"
    ledger.add(
        "patrol_note",
        {
            "source": PATROL_SOURCE,
            "external_id": note,
            "received_at": _stamp(10, 30, 1, 30),
            "note_ref": note,
            "officer_id": "PO-1042",
            "unit": PATROL_UNIT,
            "note_type": "stop_and_question",
            "text": (
                "南大塚三丁目の月極ガレージ前で、リュックを背負った男性に職務質問。"
                "リュックに長さ30cmほどの金属パイプ数本と金属製のキャップを所持。"
                "『DIYで棚を作る』と説明したが、視線が定まらず落ち着かない様子で、"
                "質問を早く切り上げたがった。"
                "運転免許証で本人確認（ヤマダ タロウ、平成元年生）。"
                "違法な所持品は確認できず、帰宅させた。"
            ),
            "observed_at": _stamp(10, 29, 23, 10),
            "location": "東京都豊島区南大塚三丁目18番付近（月極ガレージ前）",
            "persons": [
                {
                    "name": OFFENDER.name_kana,
                    "role": "subject",
                    "birth_date": day_str(OFFENDER.birth_date),
                }
            ],
        },
        case=LONE_CASE,
        role="patrol note: stop-and-question near the garage",
    )

    tip = "SD-20261028-0417"
    ledger.add(
        "public_tip",
        {
            "source": TIPS_SOURCE,
            "external_id": tip,
            "received_at": _stamp(10, 28, 0, 20),
            "tip_ref": tip,
            "received_via": "phone_110",
            "anonymous": True,
            "text": (
                "近所のガレージで、ここ1週間ほど毎晩夜中に金属を削るようなグラインダーの音がする。"
                "シャッターを閉めて作業していて、隙間から火花が見えたこともある。気味が悪い。"
                # The one place that ties the posting account to the man: a neighbour who
                # once spoke to him about the noise and later found his posts.
                "騒音のことで一度話したとき、山田と名乗って携帯番号を教えてくれた。"
                "その後、Xの tar0_ymd というアカウントが本人だと気づいた。物騒な投稿をしている。"
            ),
            "observed_at": _stamp(10, 27, 23, 30),
            "location": "豊島区南大塚三丁目18番あたりの月極ガレージ",
            "subjects": [
                {
                    "name": "山田",
                    "phone": phone_variant(OFFENDER.phone, "hyphen"),
                    "account_handle": "@tar0_ymd",
                    "description": "30代くらいの男性、黒いリュック、夜遅くに出入り",
                }
            ],
        },
        case=LONE_CASE,
        role="public tip: metal-working at night near the garage",
    )

    tip = "SD-20261019-0263"
    ledger.add(
        "public_tip",
        {
            "source": TIPS_SOURCE,
            "external_id": tip,
            "received_at": _stamp(10, 19, 20, 5),
            "tip_ref": tip,
            "received_via": "web_form",
            "anonymous": False,
            "tipster_name": "鈴木 明美",
            "tipster_contact": "akemi.suzuki@example.jp",
            "text": (
                "高校生の息子がXで『ホワイト案件 即日即金 日給5万』という投稿を見て、"
                "テレグラムで連絡を取ろうとしていました。止めましたが、同級生も応募したらしく心配です。"
            ),
            "observed_at": _stamp(10, 18, 21, 0),
            "subjects": [
                {
                    "account_handle": f"@{RECRUITER_HANDLES['telegram']}",
                    "description": "Xで闇バイトを募集しているアカウント",
                }
            ],
        },
        case=RECRUIT_CASE,
        role="public tip: yami-baito recruitment seen by a parent",
    )
