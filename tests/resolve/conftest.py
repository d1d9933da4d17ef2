"""A small store of purchase records: one buyer written three ways, a decoy, a background."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from sqlalchemy import Engine

from kizashi.config import Settings
from kizashi.intake import RecordSource, ingest_rows
from kizashi.resolve.jaset import _new_person, write_address, write_phone

BUYER = [
    {
        "buyer_name": "山田太郎",
        "buyer_phone": "090-1234-5678",
        "buyer_address": "豊島区南大塚3-12-5 コーポ南大塚201",
    },
    {
        "buyer_name": "Taro Yamada",
        "buyer_phone": "+81 90 1234 5678",
        "buyer_email": "taro.yamada89@example.jp",
        "buyer_address": "東京都豊島区南大塚三丁目12番5号 201号室",
    },
    {
        "buyer_name": "ヤマダ タロウ",
        "buyer_phone": "０９０－１２３４－５６７８",
        "buyer_address": "豊島区南大塚3-12-5 コーポ南大塚201",
    },
]
DECOY = {
    "buyer_name": "山田 太一",
    "buyer_phone": "080-2345-6781",
    "buyer_address": "豊島区巣鴨4-7-11",
}


def purchase(n: int, buyer: dict[str, str]) -> dict[str, object]:
    return {
        "source": "retailer:test",
        "external_id": f"T-{n:05d}",
        "received_at": "2026-10-04T23:59:00+09:00",
        "retailer": "テスト薬品",
        "store": "本店",
        "transaction_id": f"T-{n:05d}",
        "purchased_at": "2026-10-04T12:00:00+09:00",
        "item": "硫黄 1kg",
        "quantity": 1,
        "unit": "bag",
        "price_jpy": 1000,
        "payment_method": "cash",
        **buyer,
    }


def write_purchases(path: Path, extra: int = 150) -> Path:
    rng = random.Random(3)
    rows = [purchase(i, b) for i, b in enumerate(BUYER)] + [purchase(10, DECOY)]
    for n in range(extra):
        p = _new_person(rng, f"b{n}")
        rows.append(
            purchase(
                100 + n,
                {
                    "buyer_name": f"{p.surname[0]} {p.given[0]}",
                    "buyer_phone": write_phone(rng, p.phone),
                    "buyer_address": write_address(rng, p.address),
                },
            )
        )
        if n % 3 == 0:  # some background buyers come back, written in katakana
            rows.append(
                purchase(
                    1000 + n,
                    {
                        "buyer_name": f"{p.surname[1]} {p.given[1]}",
                        "buyer_phone": write_phone(rng, p.phone),
                    },
                )
            )
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n")
    return path


@pytest.fixture
def purchases_store(engine: Engine, settings: Settings, tmp_path: Path) -> Engine:
    path = write_purchases(tmp_path / "purchase.jsonl")
    with RecordSource(path) as source:
        ingest_rows(engine, settings, "purchase", source, path.name)
    return engine


# A household: a father and a son of one name (birth dates differ), his sister, and the
# father seen again; plus a namesake elsewhere. Patrol notes carry birth dates.
FAMILY = [
    ("山田太郎", "1961-04-02", "090-1111-2222", "豊島区南大塚3-12-5"),
    ("ヤマダ タロウ", "1989-08-30", "080-3333-4444", "東京都豊島区南大塚三丁目12番5号"),
    ("山田 花子", "1991-01-15", "070-5555-6666", "豊島区南大塚3-12-5"),
    ("Taro Yamada", "1961-04-02", "03-3944-1234", None),  # the household's landline
    ("やまだ たろう", "1989-08-30", "+81 3 3944 1234", "豊島区南大塚3-12-5"),
    ("山田太郎", "1975-12-01", "090-9999-0000", "大阪市北区梅田1-2-3"),
]


def _note(
    n: int, name: str, birth: str, phone: str | None, address: str | None
) -> dict[str, object]:
    person: dict[str, object] = {"name": name, "birth_date": birth}
    if phone:
        person["phone"] = phone
    return {
        "source": "police:test",
        "external_id": f"N-{n:04d}",
        "note_ref": f"N-{n:04d}",
        "officer_id": "officer-1",
        "note_type": "patrol",
        "text": "職務質問",
        "observed_at": "2026-10-04T21:00:00+09:00",
        **({"location": address} if address else {}),
        "persons": [person],
    }


@pytest.fixture
def mixed_store(engine: Engine, settings: Settings, tmp_path: Path) -> Engine:
    path = write_purchases(tmp_path / "purchase.jsonl", extra=60)
    with RecordSource(path) as source:
        ingest_rows(engine, settings, "purchase", source, path.name)
    notes = tmp_path / "patrol.jsonl"
    rows = [_note(n, *person) for n, person in enumerate(FAMILY)]
    notes.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n")
    with RecordSource(notes) as source:
        ingest_rows(engine, settings, "patrol_note", source, notes.name)
    return engine


# The API tests of this room use the API room's client and tokens fixtures.
from tests.api.conftest import client, tokens  # noqa: E402, F401
