"""Person records from one report's mentions: who belongs together, who must not."""

from __future__ import annotations

from typing import Any

from kizashi.resolve.slots import slot_records


def _mention(id_: str, kind: str, path: str, value: str) -> dict[str, Any]:
    return {"id": id_, "kind": kind, "path": path, "value": value, "qualifier": None}


def test_an_approached_employee_and_the_approacher_are_two_records() -> None:
    mentions = [
        _mention("m1", "person", "employee_name", "佐藤 健一"),
        _mention("m2", "person", "approacher_name", "Viktor Halloran"),
        _mention("m3", "phone", "approacher_phone", "080-4455-9012"),
        _mention("m4", "email", "approacher_email", "v.halloran@example.com"),
    ]
    records, _ = slot_records("r1", {}, mentions)
    groups = sorted(sorted(r.mention_ids) for r in records)
    assert groups == [["m1"], ["m2", "m3", "m4"]]
    approacher = next(r for r in records if "m2" in r.mention_ids)
    assert approacher.fields == {
        "name": "Viktor Halloran",
        "phone": "080-4455-9012",
        "email": "v.halloran@example.com",
    }


def test_a_business_cards_names_are_the_name_its_kana_and_its_romaji() -> None:
    mentions = [
        _mention("m1", "person", "employee_name", "高橋 美咲"),
        _mention("m2", "person", "approacher_name", "王伟"),
        _mention("m3", "person", "approacher_card.name", "王伟"),
        _mention("m4", "person", "approacher_card.name_kana", "ワン・ウェイ"),
        _mention("m5", "person", "approacher_card.name_romaji", "Wang Wei"),
        _mention("m6", "phone", "approacher_card.phone", "03-5555-0188"),
    ]
    records, _ = slot_records("r1", {}, mentions)
    assert sorted(sorted(r.mention_ids) for r in records) == [
        ["m1"],
        ["m2", "m3", "m4", "m5", "m6"],
    ]
    card = next(r for r in records if "m2" in r.mention_ids)
    assert card.fields == {
        "name": "王伟",
        "name_kana": "ワン・ウェイ",
        "name_romaji": "Wang Wei",
        "phone": "03-5555-0188",
    }


def test_a_buyer_with_name_kana_phone_and_token_stays_one_record() -> None:
    mentions = [
        _mention("m1", "person", "buyer_name", "山田 太郎"),
        _mention("m2", "person", "buyer_name_kana", "ヤマダ タロウ"),
        _mention("m3", "phone", "buyer_phone", "090-1234-5678"),
        _mention("m4", "payment_token", "payment_token_hash", "tok_abc"),
    ]
    records, leftovers = slot_records("r1", {}, mentions)
    assert [sorted(r.mention_ids) for r in records] == [["m1", "m2", "m3", "m4"]]
    assert leftovers == []
