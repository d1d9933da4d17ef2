"""Exchange with partner platforms: STIX 2.1 bundles out (TLP 2.0 markings), STIX bundles
and MISP events in (as ``indicator`` reports, so their values join the entity graph).

Out: a released product the user may export becomes a STIX ``report`` (its tear-line, never
the full text), indicators become STIX ``indicator`` objects with a pattern, and each
object carries the TLP 2.0 marking definition of its handling code (the OASIS extension's
fixed ids, ``data/tlp2.yaml``); :func:`validate_bundle` runs ``stix2-validator`` on it.

In: indicators and observables of a STIX bundle, or attributes of a MISP event (MISP's JSON
format, as MISP and PyMISP write it: ``{"Event": {"uuid", "info", "Attribute": [...],
"Object": [{"Attribute": [...]}], "Tag": [...]}}``), are mapped to a kind (phone, e-mail,
account, crypto wallet, url, domain, ip) and stored through intake's ``indicator`` channel
with the partner platform as source, the TLP of the object (TLP 2.0 or 1 ids, or MISP
``tlp:`` tags) as handling code, and the bundle or event id; the pipeline's worker then
links them like any report. The importing officer's write is decided by the guard first.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

import orjson
import yaml

from kizashi.errors import ForbiddenError, InputError
from kizashi.guard import Resource, User
from kizashi.share import repository as repo
from kizashi.share.products import ShareService
from kizashi.store import transaction
from kizashi.store.tables_share import share_indicators

TLP_FILE = Path(__file__).parent / "data" / "tlp2.yaml"
MENTION_FIELDS = {
    "phone": "phone",
    "email": "email",
    "account": "account",
    "payment_token": "wallet",
}
# STIX pattern object paths, and MISP attribute types, by the kind they carry.
STIX_PATHS = {
    "phone-number:value": "phone",
    "x-phone-number:value": "phone",
    "email-addr:value": "email",
    "user-account:account_login": "account",
    "user-account:user_id": "account",
    "cryptocurrency-wallet:value": "payment_token",
    "x-cryptocurrency-wallet:value": "payment_token",
    "url:value": "url",
    "domain-name:value": "domain",
    "ipv4-addr:value": "ip",
    "ipv6-addr:value": "ip",
}
STIX_OBSERVABLES = {
    "phone-number": ("value", "phone"),
    "email-addr": ("value", "email"),
    "user-account": ("account_login", "account"),
    "cryptocurrency-wallet": ("value", "payment_token"),
    "url": ("value", "url"),
    "domain-name": ("value", "domain"),
}
MISP_TYPES = {
    "phone-number": "phone",
    "whatsapp": "phone",
    "email": "email",
    "email-src": "email",
    "email-dst": "email",
    "target-email": "email",
    "twitter-id": "account",
    "github-username": "account",
    "jabber-id": "account",
    "target-user": "account",
    "username": "account",
    "btc": "payment_token",
    "xmr": "payment_token",
    "dash": "payment_token",
    "eth": "payment_token",
    "url": "url",
    "link": "url",
    "domain": "domain",
    "hostname": "domain",
    "ip-src": "ip",
    "ip-dst": "ip",
}
_PATTERN = re.compile(r"\[\s*([a-z0-9\-]+:[a-z_\.]+)\s*=\s*'((?:[^'\\]|\\.)*)'\s*\]")


@cache
def tlp2() -> dict[str, Any]:
    data = yaml.safe_load(TLP_FILE.read_text("utf-8"))
    if not isinstance(data, dict) or data.get("version") != 1:
        raise InputError(f"{TLP_FILE}: expected a mapping with version: 1")
    return data


def marking(code: str) -> dict[str, Any]:
    """The TLP 2.0 marking-definition object for a handling code."""
    data = tlp2()
    spec = data["codes"][code]
    return {
        "type": "marking-definition",
        "spec_version": "2.1",
        "id": spec["id"],
        "created": data["created"],
        "name": code,
        "extensions": {
            data["extension"]: {"extension_type": "property-extension", "tlp_2_0": spec["tlp"]}
        },
    }


def code_of(marking_refs: list[str] | None, default: str = "TLP:AMBER") -> str:
    data = tlp2()
    by_id = {spec["id"]: code for code, spec in data["codes"].items()} | dict(data["tlp1"])
    codes = [by_id[r] for r in marking_refs or () if r in by_id]
    order = ["TLP:CLEAR", "TLP:GREEN", "TLP:AMBER", "TLP:AMBER+STRICT", "TLP:RED"]
    return max(codes, key=order.index) if codes else default


def _pattern(kind: str, value: str) -> str:
    path = {
        "phone": "phone-number:value",
        "email": "email-addr:value",
        "account": "user-account:account_login",
        "payment_token": "cryptocurrency-wallet:value",
        "url": "url:value",
        "domain": "domain-name:value",
        "ip": "ipv4-addr:value",
    }.get(kind)
    if path is None:
        raise InputError(f"no STIX pattern for indicator kind {kind!r}")
    escaped = value.replace("\\", "\\\\").replace("'", "\\'")
    return f"[{path} = '{escaped}']"


def export_bundle(
    service: ShareService,
    user: User,
    purpose: str,
    *,
    product_ids: list[str] | None = None,
    indicators: list[dict[str, str]] | None = None,
    handling_code: str = "TLP:AMBER",
) -> dict[str, Any]:
    """A STIX 2.1 bundle of released products (their tear-lines) and indicators; each
    product is decided by the guard (``export``) first."""
    products = [_exportable(service, user, pid, purpose) for pid in product_ids or ()]
    products = _as_recipient_holds_them(service, user, products, purpose)
    return stix_bundle(products, indicators or (), now=service.clock(), handling_code=handling_code)


def stix_bundle(
    products: Sequence[dict[str, Any]],
    indicators: Sequence[dict[str, str]],
    *,
    now: datetime,
    handling_code: str = "TLP:AMBER",
) -> dict[str, Any]:
    """The bundle of products the guard already allowed, and indicators (pure)."""
    import stix2

    identity = stix2.v21.Identity(
        id="identity--" + _uuid5("kizashi"),
        name="kizashi",
        identity_class="organization",
        created="2026-01-01T00:00:00Z",
        modified="2026-01-01T00:00:00Z",
    )
    objects: list[Any] = [identity]
    codes = set()
    for product in products:
        codes.add(product["handling_code"])
        objects.append(
            stix2.v21.Report(
                id="report--" + _uuid5(f"product:{product['id']}"),
                name=product["title"],
                description=product["tearline"],
                published=product["released_at"] or now,
                created=product["created_at"],
                modified=product["updated_at"],
                report_types=["threat-report"],
                object_refs=[identity.id],
                created_by_ref=identity.id,
                lang=product["lang"],
                labels=[product["kind"]],
                object_marking_refs=[tlp2()["codes"][product["handling_code"]]["id"]],
            )
        )
    for item in indicators:
        code = item.get("handling_code", handling_code)
        codes.add(code)
        objects.append(
            stix2.v21.Indicator(
                id="indicator--" + _uuid5(f"{item['kind']}:{item['value']}"),
                name=item.get("name") or f"{item['kind']} {item['value']}",
                description=item.get("description") or f"kizashi {item['kind']} indicator",
                pattern=_pattern(item["kind"], item["value"]),
                pattern_type="stix",
                valid_from=item.get("valid_from") or now,
                created_by_ref=identity.id,
                indicator_types=["malicious-activity"],
                object_marking_refs=[tlp2()["codes"][code]["id"]],
                allow_custom=True,
            )
        )
    markings = [marking(code) for code in sorted(codes)]
    bundle = stix2.v21.Bundle(objects=[*markings, *objects], allow_custom=True)
    return dict(orjson.loads(bundle.serialize()))


def _as_recipient_holds_them(
    service: ShareService, user: User, products: list[dict[str, Any]], purpose: str
) -> list[dict[str, Any]]:
    """For a recipient without the originating desk's need to know (a partner, an officer of
    another desk: ``ShareService.recipient_only``), each product's text is its own
    fingerprinted copy: the bare tear-line keeps the ``{{a|b}}`` template, which would let it
    undo the tracing (share/partner_view)."""
    from kizashi.share.partner_view import own_copy_text

    out = []
    for p in products:
        _product, resource = service.load(str(p["id"]))
        if service.recipient_only(user, resource, purpose):
            p = {**p, "tearline": own_copy_text(service, user, str(p["id"]), purpose)}
        out.append(p)
    return out


def _exportable(service: ShareService, user: User, product_id: str, purpose: str) -> dict[str, Any]:
    from kizashi.share.products import refuse

    product, resource = service.load(product_id)
    decision = service.guard.decide(user, "export", resource, purpose)
    if not decision.allowed:
        raise refuse(decision, f"product {product_id}")
    if product["status"] != "released":
        raise InputError(
            f"product {product_id} is {product['status']}: only released products are shared"
        )
    return product


def validate_bundle(bundle: dict[str, Any]) -> dict[str, Any]:
    """stix2-validator's verdict: valid, and every error and warning as text."""
    from stix2validator import ValidationOptions, validate_instance

    result = validate_instance(bundle, ValidationOptions(version="2.1"))
    return {
        "valid": bool(result.is_valid),
        "errors": [str(e) for e in result.errors],
        "warnings": [str(w) for w in result.warnings],
    }


def _uuid5(name: str) -> str:
    import uuid

    return str(uuid.uuid5(uuid.UUID("0b6cbd3e-4b3a-4e0e-9a51-6f0f2b1ad5a1"), name))


# --- import ------------------------------------------------------------------------------------


def stix_items(bundle: dict[str, Any], source: str) -> list[dict[str, Any]]:
    """The indicator rows a STIX bundle carries (indicators with a pattern, observables)."""
    if bundle.get("type") != "bundle" or not isinstance(bundle.get("objects"), list):
        raise InputError("not a STIX bundle: expected {'type': 'bundle', 'objects': [...]}")
    items = []
    attribution = _stix_attribution(bundle["objects"])
    for index, obj in enumerate(bundle["objects"]):
        if not isinstance(obj, dict) or "type" not in obj or "id" not in obj:
            raise InputError(f"bundle objects[{index}]: not a STIX object (no type or id)")
        code = code_of(obj.get("object_marking_refs"))
        if obj["type"] == "indicator":
            for n, (path, raw) in enumerate(_PATTERN.findall(str(obj.get("pattern", "")))):
                kind = STIX_PATHS.get(path)
                if kind is None:
                    continue
                items.append(
                    _row(
                        f"{obj['id']}" + (f"#{n}" if n else ""),
                        kind,
                        raw.replace("\\'", "'"),
                        obj.get("name"),
                        obj.get("description"),
                        code,
                        source,
                        event=bundle.get("id"),
                        pattern=obj.get("pattern"),
                        labels=obj.get("labels") or obj.get("indicator_types"),
                        valid_from=obj.get("valid_from"),
                        attributed_to=attribution.get(str(obj["id"])),
                    )
                )
        elif obj["type"] in STIX_OBSERVABLES:
            prop, kind = STIX_OBSERVABLES[obj["type"]]
            if obj.get(prop):
                items.append(
                    _row(
                        obj["id"],
                        kind,
                        str(obj[prop]),
                        None,
                        None,
                        code,
                        source,
                        event=bundle.get("id"),
                        attributed_to=attribution.get(str(obj["id"])),
                    )
                )
    return items


_ACTORS = ("threat-actor", "intrusion-set", "campaign", "location")


def _stix_attribution(objects: list[Any]) -> dict[str, str]:
    """Per indicator or observable id: the actors, intrusion sets, campaigns and countries
    the bundle attributes it to — its "indicates"/"attributed-to"/"related-to" relationships,
    followed one step further (an intrusion set attributed to a country)."""
    named = {
        str(o["id"]): str(o.get("name") or o.get("country") or "")
        for o in objects
        if isinstance(o, dict) and o.get("type") in _ACTORS and "id" in o
    }
    edges: dict[str, list[str]] = {}
    kinds = ("indicates", "attributed-to", "related-to")
    for o in objects:
        if (
            isinstance(o, dict)
            and o.get("type") == "relationship"
            and o.get("relationship_type") in kinds
        ):
            edges.setdefault(str(o.get("source_ref")), []).append(str(o.get("target_ref")))
    out: dict[str, str] = {}
    for source, targets in edges.items():
        if source in named:
            continue  # an actor's own attribution is read through its indicators
        found: list[str] = []
        for target in targets:
            for ref in [target, *edges.get(target, [])]:
                name = named.get(ref)
                if name and name not in found:
                    found.append(name)
        if found:
            out[source] = "; ".join(found)[:300]
    return out


def misp_items(event: dict[str, Any], source: str) -> list[dict[str, Any]]:
    """The indicator rows of a MISP event (attributes, and attributes inside objects)."""
    body = event.get("Event", event)
    if not isinstance(body, dict) or "uuid" not in body:
        raise InputError("not a MISP event: expected {'Event': {'uuid': ..., 'Attribute': [...]}}")
    tags = [t.get("name", "") for t in body.get("Tag") or [] if isinstance(t, dict)]
    code = _misp_tlp(tags)
    attributes = list(body.get("Attribute") or [])
    for obj in body.get("Object") or []:
        attributes += list(obj.get("Attribute") or [])
    items = []
    for index, attribute in enumerate(attributes):
        if not isinstance(attribute, dict) or "type" not in attribute or "value" not in attribute:
            raise InputError(f"MISP event {body['uuid']}: Attribute[{index}] has no type or value")
        kind = MISP_TYPES.get(attribute["type"])
        if kind is None:
            continue
        own = [t.get("name", "") for t in attribute.get("Tag") or [] if isinstance(t, dict)]
        actors = _misp_attribution([*tags, *own], [body, attribute])
        items.append(
            _row(
                str(attribute.get("uuid") or f"{body['uuid']}:{index}"),
                kind,
                str(attribute["value"]),
                body.get("info"),
                attribute.get("comment"),
                _misp_tlp(own, code),
                source,
                event=body["uuid"],
                labels=[*tags, attribute.get("category", "")],
                attributed_to=actors,
            )
        )
    return items


_MISP_ACTOR_TAGS = (
    "misp-galaxy:threat-actor=",
    "misp-galaxy:intrusion-set=",
    "misp-galaxy:mitre-intrusion-set=",
    "threat-actor:",
    "country:",
)


def _misp_attribution(tags: list[str], holders: list[dict[str, Any]]) -> str | None:
    """Threat actors and countries a MISP event or attribute names: its threat-actor and
    intrusion-set galaxy tags, `country:` tags, and attached galaxy clusters."""
    found: list[str] = []
    for tag in tags:
        for prefix in _MISP_ACTOR_TAGS:
            if tag.lower().startswith(prefix):
                value = tag[len(prefix) :].strip().strip('"')
                if value and value not in found:
                    found.append(value)
    for holder in holders:
        for galaxy in holder.get("Galaxy") or []:
            if not isinstance(galaxy, dict) or galaxy.get("type") not in (
                "threat-actor",
                "mitre-intrusion-set",
                "intrusion-set",
            ):
                continue
            for cluster in galaxy.get("GalaxyCluster") or []:
                value = str(cluster.get("value") or "") if isinstance(cluster, dict) else ""
                if value and value not in found:
                    found.append(value)
    return "; ".join(found)[:300] or None


def _misp_tlp(tags: list[str], default: str = "TLP:AMBER") -> str:
    for tag in tags:
        low = tag.lower().strip()
        if low.startswith("tlp:"):
            value = "CLEAR" if low[4:] in ("white", "clear") else low[4:].upper()
            code = f"TLP:{value}"
            if code in tlp2()["codes"]:
                return code
    return default


def _row(
    stix_id: str,
    kind: str,
    value: str,
    name: Any,
    description: Any,
    code: str,
    source: str,
    *,
    event: Any = None,
    pattern: Any = None,
    labels: Any = None,
    valid_from: Any = None,
    attributed_to: str | None = None,
) -> dict[str, Any]:
    row: dict[str, Any] = {
        "stix_id": stix_id,
        "kind": kind,
        "value": value,
        "name": name,
        "description": description,
        "pattern": pattern,
        "labels": [str(x) for x in labels or [] if x][:20] or None,
        "event_ref": event,
        "valid_from": valid_from,
        "attributed_to": attributed_to,
        "handling_code": code,
        "source": source,
    }
    if kind in MENTION_FIELDS:
        row[MENTION_FIELDS[kind]] = value
    return {k: v for k, v in row.items() if v is not None}


def import_items(
    service: ShareService,
    user: User,
    items: list[dict[str, Any]],
    source: str,
    purpose: str,
    input_name: str,
) -> dict[str, Any]:
    """Store indicator rows as reports (intake's `indicator` channel), then remember them."""
    from kizashi.intake import RawRow, ingest_batch

    decision = service.guard.decide(
        user, "write", Resource("report", "new", desk=user.desk, handling_code="TLP:AMBER"), purpose
    )
    if not decision.allowed:
        raise ForbiddenError(f"{decision.reason} (rule {decision.rule})")
    if not items:
        return {"stored": 0, "duplicates": 0, "reports": [], "indicators": 0}
    rows = [
        RawRow(i + 1, 1, orjson.dumps(item).decode("utf-8"), item, None)
        for i, item in enumerate(items)
    ]
    summary = ingest_batch(
        service.engine,
        service.settings,
        "indicator",
        rows,
        input_name,
        default_source=source,
        submitted_by=user.id,
    )
    if summary.rejected is not None:
        reasons = "; ".join(str(p) for p in summary.problems)
        raise InputError(f"{input_name}: the indicators were refused: {reasons}")
    now = service.clock()
    stored = [
        {
            "id": item["stix_id"][:200],
            "kind": item["kind"],
            "value": item["value"][:500],
            "report_id": result.id,
            "handling_code": item["handling_code"],
            "desk_id": user.desk,
            "source": source,
            "created_at": now,
        }
        for item, result in zip(items, summary.items, strict=True)
        if result.status == "stored" and result.id
    ]
    if stored:
        with transaction(service.engine) as connection:
            connection.execute(share_indicators.insert(), stored)
    return {
        "stored": summary.stored,
        "duplicates": summary.duplicates,
        "reports": [r.id for r in summary.items if r.id],
        "indicators": len(items),
    }


def import_stix(
    service: ShareService, user: User, bundle: dict[str, Any], source: str, purpose: str
) -> dict[str, Any]:
    return import_items(
        service, user, stix_items(bundle, source), source, purpose, f"stix:{bundle.get('id')}"
    )


def import_misp(
    service: ShareService, user: User, event: dict[str, Any], source: str, purpose: str
) -> dict[str, Any]:
    items = misp_items(event, source)
    uuid = event.get("Event", event).get("uuid")
    return import_items(service, user, items, source, purpose, f"misp:{uuid}")


def released_objects(
    service: ShareService, user: User, purpose: str, *, added_after: datetime | None = None
) -> list[dict[str, Any]]:
    """What a TAXII reader may take: STIX reports of the products released to them, oldest
    release first (one ``export`` decision per product, logged; nothing decided twice)."""
    with service.engine.connect() as connection:
        rows = [
            p
            for p in repo.list_products(connection, status="released", limit=1000)
            if added_after is None or (p["released_at"] and p["released_at"] > added_after)
        ]
        resources = [repo.product_resource(connection, p) for p in rows]
    decisions = service.guard.decide_many(user, "export", resources, purpose)
    allowed = sorted(
        (p for p, d in zip(rows, decisions, strict=True) if d.allowed),
        key=lambda p: (p["released_at"], p["id"]),
    )
    if not allowed:
        return []
    allowed = _as_recipient_holds_them(service, user, allowed, purpose)
    bundle = stix_bundle(allowed, (), now=service.clock())
    return list(bundle["objects"])
