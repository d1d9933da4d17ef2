"""Who a product goes to: users, partner organisations, partner groups and other desks.

A recipient is written ``KIND:ID``: ``user:tk-sato``, ``partner:otsuka-housing`` (every
active partner user of that organisation), ``group:adachi-real-estate`` (every partner user
of every organisation in the group, ``data/partner_groups.yaml``) or ``desk:tokuryu`` (the
desk's active officers). Each resolves to people, because each person gets their own
fingerprinted copy: a leaked copy names a person, not an organisation.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import Connection

from kizashi.errors import InputError, NotFoundError, SchemaError
from kizashi.guard import User
from kizashi.guard.identity import get_user, list_users

GROUPS_FILE = Path(__file__).parent / "data" / "partner_groups.yaml"
RECIPIENT_KINDS = ("user", "partner", "group", "desk")


@dataclass(frozen=True)
class Group:
    id: str
    name: dict[str, str]
    organisations: tuple[str, ...]


@cache
def partner_groups(path: Path = GROUPS_FILE) -> dict[str, Group]:
    try:
        data = yaml.safe_load(path.read_text("utf-8"))
        if not isinstance(data, dict) or data.get("version") != 1:
            raise SchemaError(f"{path}: expected a mapping with version: 1")
        groups = {}
        for index, item in enumerate(data["groups"]):
            if item["id"] in groups:
                raise SchemaError(f"{path}: groups[{index}]: duplicate id {item['id']!r}")
            groups[item["id"]] = Group(item["id"], dict(item["name"]), tuple(item["organisations"]))
        return groups
    except (OSError, yaml.YAMLError, KeyError, TypeError) as exc:
        raise SchemaError(f"{path}: bad partner groups: {exc}") from exc


def parse_recipient(text: str) -> dict[str, str]:
    kind, sep, ident = text.partition(":")
    if not sep:
        kind, ident = "user", text
    if kind == "partner":
        ident = f"partner:{ident}" if not ident.startswith("partner:") else ident
    if kind not in RECIPIENT_KINDS or not ident:
        raise InputError(
            f"recipient {text!r}: write KIND:ID with KIND one of {', '.join(RECIPIENT_KINDS)}"
        )
    return {"kind": kind, "id": ident}


def resolve(connection: Connection, recipients: Sequence[dict[str, Any]]) -> list[tuple[User, str]]:
    """Every person the recipient list names, once, with how they were named."""
    people: dict[str, tuple[User, str]] = {}
    everyone: list[User] | None = None
    for spec in recipients:
        kind, ident = spec["kind"], spec["id"]
        via = f"{kind}:{ident}" if kind != "partner" else ident
        if kind == "user":
            try:
                found = [get_user(connection, ident)]
            except NotFoundError:
                raise NotFoundError(f"recipient user:{ident}: no such user") from None
        elif kind == "desk":
            found = [u for u in list_users(connection, desk=ident) if u.is_officer]
        else:
            if kind == "group":
                group = partner_groups().get(ident)
                if group is None:
                    raise NotFoundError(f"recipient group:{ident}: no such partner group")
                organisations = set(group.organisations)
            else:
                organisations = {ident}
            everyone = everyone if everyone is not None else list_users(connection)
            found = [u for u in everyone if u.is_partner and u.organisation in organisations]
        found = [u for u in found if u.active]
        if not found:
            raise NotFoundError(f"recipient {via}: nobody active to deliver to")
        for user in found:
            people.setdefault(user.id, (user, via))
    return list(people.values())
