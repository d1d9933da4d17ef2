"""The demo scenario: deterministic, valid for every channel, and true to its manifest."""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from datetime import date, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from kizashi.demo.scenario import Scenario, build_scenario, write_scenario

CHANNEL_DIR = Path(__file__).resolve().parents[2] / "src" / "kizashi" / "intake" / "channel_specs"
SMALL = 0.05
DATETIME_JST = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+09:00$")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
CASE_IDS = {
    "lone-offender-yamada",
    "coded-threats-rally",
    "yami-baito-recruitment",
    "shell-casing-listings",
    "espionage-approach-semicon",
    "raid-leak-seized-chat",
}


@cache
def small() -> Scenario:
    return build_scenario(scale=SMALL)


@cache
def full() -> Scenario:
    return build_scenario()


@cache
def channel_specs() -> dict[str, dict[str, Any]]:
    specs: dict[str, dict[str, Any]] = {}
    for path in sorted(CHANNEL_DIR.glob("*.yaml")):
        spec = yaml.safe_load(path.read_text(encoding="utf-8"))
        specs[spec["id"]] = spec
    return specs


def check_value(spec: dict[str, Any], value: Any, where: str) -> list[str]:
    """Errors for one value against one field spec of the channel yaml."""
    kind = spec["type"]
    errors: list[str] = []
    if kind in ("string", "text"):
        if not isinstance(value, str):
            return [f"{where}: expected string, got {value!r}"]
        if len(value) > spec.get("max_length", 10**9):
            errors.append(f"{where}: longer than {spec['max_length']}")
        if "pattern" in spec and not re.search(spec["pattern"], value):
            errors.append(f"{where}: does not match {spec['pattern']}")
    elif kind == "enum":
        if value not in spec["values"]:
            errors.append(f"{where}: {value!r} not in {spec['values']}")
    elif kind == "datetime":
        if not isinstance(value, str) or not DATETIME_JST.match(value):
            return [f"{where}: not an ISO datetime with +09:00: {value!r}"]
        offset = datetime.fromisoformat(value).utcoffset()
        if offset != timedelta(hours=9):
            errors.append(f"{where}: offset {offset}")
    elif kind == "date":
        if not isinstance(value, str) or not DATE.match(value):
            return [f"{where}: not YYYY-MM-DD: {value!r}"]
        date.fromisoformat(value)
    elif kind == "integer":
        if not isinstance(value, int) or isinstance(value, bool):
            return [f"{where}: expected integer, got {value!r}"]
        if value < spec.get("minimum", -(10**18)):
            errors.append(f"{where}: below minimum")
    elif kind == "number":
        if not isinstance(value, int | float) or isinstance(value, bool):
            return [f"{where}: expected number, got {value!r}"]
        if "exclusive_minimum" in spec and value <= spec["exclusive_minimum"]:
            errors.append(f"{where}: not above {spec['exclusive_minimum']}")
    elif kind == "boolean":
        if not isinstance(value, bool):
            errors.append(f"{where}: expected boolean, got {value!r}")
    elif kind == "list":
        if not isinstance(value, list):
            return [f"{where}: expected list, got {value!r}"]
        if len(value) > spec.get("max_items", 10**9):
            errors.append(f"{where}: more than {spec['max_items']} items")
        for index, item in enumerate(value):
            errors.extend(check_value(spec["items"], item, f"{where}[{index}]"))
    elif kind == "object":
        if not isinstance(value, dict):
            return [f"{where}: expected object, got {value!r}"]
        errors.extend(check_fields(spec["fields"], value, where))
    else:
        errors.append(f"{where}: the test does not know type {kind}")
    return errors


def check_fields(fields: dict[str, Any], record: dict[str, Any], where: str) -> list[str]:
    errors = [f"{where}: unknown field {key}" for key in record if key not in fields]
    for name, spec in fields.items():
        if name in record:
            errors.extend(check_value(spec, record[name], f"{where}.{name}"))
        elif spec.get("required"):
            errors.append(f"{where}: missing required {name}")
    return errors


def check_record(channel: str, record: dict[str, Any]) -> list[str]:
    specs = channel_specs()
    fields = {**specs["envelope"]["fields"], **specs[channel]["fields"]}
    where = f"{channel}:{record.get('external_id')}"
    errors = check_fields(fields, record, where)
    # The brief asks for explicit provenance keys on every record.
    for key in ("source", "external_id"):
        if not record.get(key):
            errors.append(f"{where}: no explicit {key}")
    for rule in specs[channel].get("rules", []):
        if record.get(rule["if_true"]) is True:
            errors.extend(f"{where}: {rule['id']}" for key in rule["forbid"] if key in record)
    return errors


def by_ref(scenario: Scenario) -> dict[tuple[str, str, str], dict[str, Any]]:
    return {
        (channel, r["source"], r["external_id"]): r
        for channel, rows in scenario.records.items()
        for r in rows
    }


def case(scenario: Scenario, case_id: str) -> dict[str, Any]:
    return next(c for c in scenario.manifest["cases"] if c["id"] == case_id)


def case_records(scenario: Scenario, case_id: str, channel: str) -> list[dict[str, Any]]:
    index = by_ref(scenario)
    return [
        index[(ref["channel"], ref["source"], ref["external_id"])]
        for ref in case(scenario, case_id)["records"]
        if ref["channel"] == channel
    ]


def digits(phone: str) -> str:
    flat = re.sub(r"\D", "", unicodedata.normalize("NFKC", phone))
    return "0" + flat[2:] if flat.startswith("81") else flat


def script(name: str) -> str:
    if re.fullmatch(r"[A-Za-z .]+", name):
        return "latin"
    if re.fullmatch(r"[\u30a0-\u30ff ]+", name):
        return "katakana"
    return "kanji"


def test_same_seed_writes_identical_bytes(tmp_path: Path) -> None:
    first = write_scenario(build_scenario(7, scale=SMALL), tmp_path / "a")
    second = write_scenario(build_scenario(7, scale=SMALL), tmp_path / "b")
    assert first.keys() == second.keys()
    for key, path in first.items():
        assert path.read_bytes() == second[key].read_bytes(), key


def test_different_seed_gives_different_background(tmp_path: Path) -> None:
    a = write_scenario(build_scenario(1, scale=SMALL), tmp_path / "a")
    b = write_scenario(build_scenario(2, scale=SMALL), tmp_path / "b")
    assert a["sns_post"].read_bytes() != b["sns_post"].read_bytes()
    assert a["purchase"].read_bytes() != b["purchase"].read_bytes()
    # The planted cases are the same story whatever the seed.
    ids = [c["id"] for c in json.loads(a["manifest"].read_text(encoding="utf-8"))["cases"]]
    assert ids == [c["id"] for c in json.loads(b["manifest"].read_text(encoding="utf-8"))["cases"]]


def test_written_files_are_jsonl_and_manifest(tmp_path: Path) -> None:
    scenario = small()
    paths = write_scenario(scenario, tmp_path)
    assert set(paths) == set(scenario.records) | {"manifest"}
    for channel, rows in scenario.records.items():
        lines = paths[channel].read_text(encoding="utf-8").splitlines()
        assert paths[channel].name == f"{channel}.jsonl"
        assert [json.loads(line) for line in lines] == rows
    assert "桜井" in paths["manifest"].read_text(encoding="utf-8")  # ensure_ascii=False
    assert json.loads(paths["manifest"].read_text(encoding="utf-8")) == scenario.manifest


@pytest.mark.parametrize(("scale", "posts", "purchases"), [(SMALL, 1000, 250), (1.0, 20000, 5000)])
def test_counts_follow_scale(scale: float, posts: int, purchases: int) -> None:
    scenario = small() if scale == SMALL else full()
    counts = scenario.manifest["counts"]
    assert counts == {channel: len(rows) for channel, rows in scenario.records.items()}
    assert counts["sns_post"] == posts
    assert counts["purchase"] == purchases
    assert counts["seized_message"] == 300
    assert counts["partner_report"] >= 20 and counts["public_tip"] >= 30
    assert scenario.manifest["scale"] == scale


def test_every_record_is_valid_for_its_channel() -> None:
    scenario = full()
    # Sharing's channels are written by kizashi itself, not planted: a partner's question back
    # (consultation), a platform's answer to a request (the demo's share stage makes one), an
    # indicator imported from a partner platform.
    # A case's attachment is uploaded by an officer in casework, not planted either.
    written_by_share = {"consultation", "platform_answer", "indicator"}
    written_by_casework = {"case_attachment"}
    assert set(scenario.records) == (
        set(channel_specs()) - {"envelope"} - written_by_share - written_by_casework
    )
    errors = [
        error
        for channel, rows in scenario.records.items()
        for record in rows
        for error in check_record(channel, record)
    ]
    assert errors == []


def test_validator_rejects_bad_records() -> None:
    record = dict(small().records["public_tip"][0])
    assert check_record("public_tip", record) == []
    assert check_record("public_tip", {**record, "colour": "red"})
    assert check_record("public_tip", {**record, "received_via": "pigeon"})
    assert check_record("public_tip", {**record, "observed_at": "2026-10-05T10:00:00"})
    assert check_record("public_tip", {**record, "anonymous": True, "tipster_name": "x"})
    assert check_record("public_tip", {k: v for k, v in record.items() if k != "text"})


def test_external_ids_are_unique_per_source() -> None:
    counts = Counter(
        (r["source"], r["external_id"]) for rows in full().records.values() for r in rows
    )
    assert [key for key, n in counts.items() if n > 1] == []


def test_every_manifest_reference_exists() -> None:
    scenario = small()
    index = by_ref(scenario)
    assert {c["id"] for c in scenario.manifest["cases"]} == CASE_IDS
    refs = [ref for c in scenario.manifest["cases"] for ref in c["records"]]
    refs += [ref for d in scenario.manifest["decoys"] for ref in d["records"]]
    missing = [
        ref for ref in refs if (ref["channel"], ref["source"], ref["external_id"]) not in index
    ]
    assert missing == []
    assert all(c["records"] for c in scenario.manifest["cases"])


def test_decoys_sample_at_least_five_per_kind() -> None:
    per_kind: Counter[str] = Counter()
    for decoy in small().manifest["decoys"]:
        per_kind[decoy["kind"]] += len(decoy["records"])
    expected = {
        "counter_speech",
        "news",
        "game",
        "idiom",
        "number_collision",
        "sulfur_legit",
        "job_ad",
        "fiction",
        "similar_name",
        "election_talk",
        "english_idiom",
    }
    assert expected <= set(per_kind)
    assert {kind: n for kind, n in per_kind.items() if n < 5} == {}


def test_decoys_are_not_planted() -> None:
    scenario = small()
    planted = {
        (r["channel"], r["external_id"]) for c in scenario.manifest["cases"] for r in c["records"]
    }
    decoys = {
        (r["channel"], r["external_id"]) for d in scenario.manifest["decoys"] for r in d["records"]
    }
    assert planted & decoys == set()


def test_lone_offender_splits_purchases_across_three_retailers_in_two_weeks() -> None:
    scenario = small()
    identity = case(scenario, "lone-offender-yamada")["identity"]
    buys = case_records(scenario, "lone-offender-yamada", "purchase")
    assert len({b["retailer"] for b in buys}) >= 3
    assert len({b["store"] for b in buys}) >= 3
    times = sorted(datetime.fromisoformat(b["purchased_at"]) for b in buys)
    assert times[-1] - times[0] <= timedelta(days=14)
    assert {"硫黄", "硝酸カリウム", "木炭"} <= {b["substance"] for b in buys}
    sulfur_kg = sum(b["quantity"] for b in buys if b["substance"] == "硫黄" and b["unit"] == "kg")
    assert sulfur_kg >= 3
    assert {script(b["buyer_name"]) for b in buys} == {"kanji", "katakana", "latin"}
    phones = [b["buyer_phone"] for b in buys]
    assert len(set(phones)) == len(phones)  # written differently every time...
    assert {digits(p) for p in phones} == {digits(identity["phone"])}  # ...but one number
    assert any(unicodedata.normalize("NFKC", p) != p for p in phones)  # full-width once
    assert len({b["buyer_address"] for b in buys}) >= 2


def test_lone_offender_is_named_in_garage_reports() -> None:
    scenario = small()
    identity = case(scenario, "lone-offender-yamada")["identity"]
    report = case_records(scenario, "lone-offender-yamada", "partner_report")[0]
    assert report["partner_type"] == "real_estate"
    assert report["category"] == "suspicious_sound"
    tenant = report["persons"][0]
    assert tenant["role"] == "tenant"
    assert digits(tenant["phone"]) == digits(identity["phone"])
    assert "南大塚" in report["property_address"]
    note = case_records(scenario, "lone-offender-yamada", "patrol_note")[0]
    assert note["persons"][0]["name"] == identity["name_kana"]
    assert note["persons"][0]["birth_date"] == identity["birth_date"]
    assert "パイプ" in note["text"]


def test_similar_name_decoys_are_other_people() -> None:
    scenario = small()
    identity = case(scenario, "lone-offender-yamada")["identity"]
    index = by_ref(scenario)
    group = next(d for d in scenario.manifest["decoys"] if d["kind"] == "similar_name")
    rows = [index[(r["channel"], r["source"], r["external_id"])] for r in group["records"]]
    assert any(r["buyer_name"].replace(" ", "") == "山田太郎" for r in rows)
    assert all(digits(r["buyer_phone"]) != digits(identity["phone"]) for r in rows)


def test_threat_posts_mention_the_rally_or_candidate() -> None:
    scenario = small()
    posts = case_records(scenario, "coded-threats-rally", "sns_post")
    assert 6 <= len(posts) <= 10
    markers = ("桜井", "大塚", "演説", "rally", "Sakurai")
    assert all(any(m in p["text"] for m in markers) for p in posts)
    offender = case(scenario, "lone-offender-yamada")["accounts"][0]["handle"]
    assert sum(p["account_handle"] == offender for p in posts) >= 2
    event = scenario.manifest["protected"][0]["events"][0]
    assert all(p["posted_at"] < event["starts_at"] for p in posts)


def test_recruiters_reappear_in_the_seized_chat() -> None:
    scenario = small()
    posts = case_records(scenario, "yami-baito-recruitment", "sns_post")
    assert 10 <= len(posts) <= 20
    senders = {m["sender_handle"].lstrip("@") for m in scenario.records["seized_message"]}
    handles = {p["account_handle"] for p in posts}
    assert len(handles & senders) >= 2


def test_leak_matches_the_planned_operation() -> None:
    scenario = small()
    leak = case(scenario, "raid-leak-seized-chat")
    operation = leak["operation"]
    messages = case_records(scenario, "raid-leak-seized-chat", "seized_message")
    warning = next(m for m in messages if "ガサ" in m["text"])
    assert "サンハイツ大山203" in operation["place"] and "サンハイツ大山203" in warning["text"]
    sent = datetime.fromisoformat(warning["sent_at"])
    assert sent.date() + timedelta(days=1) == date.fromisoformat(operation["date"])
    photos = [a for m in messages for a in m.get("attachments", [])]
    assert "IMG_0412.jpg" in photos


def test_seized_message_ids_follow_time_within_a_chat() -> None:
    rows = small().records["seized_message"]
    for chat in {r["chat_id"] for r in rows}:
        in_chat = [r for r in rows if r["chat_id"] == chat]
        ids = [int(re.sub(r"\D", "", r["message_id"])) for r in in_chat]
        assert ids == sorted(ids)
