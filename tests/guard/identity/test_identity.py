"""Identity: desks as data, users that keep API tokens working, passwords, cases, compartments."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, inspect, select, update

from kizashi.config import Settings
from kizashi.errors import AuthError, InputError, NotFoundError, SchemaError
from kizashi.guard.identity.cases import (
    add_item,
    add_member,
    assign_case,
    create_case,
    create_compartment,
    get_compartment,
    holding_compartments,
    list_cases,
    remove_member,
    subject_key,
    unassign_case,
)
from kizashi.guard.identity.credentials import (
    create_account,
    issue_token,
    list_tokens,
    revoke_tokens,
    token_user,
)
from kizashi.guard.identity.domain import load_desks
from kizashi.guard.identity.passwords import HashParameters, hash_password, verify_password
from kizashi.guard.identity.service import (
    create_user,
    get_user,
    list_desks,
    list_users,
    login,
    password_hash_of,
    set_channels,
    set_password,
    sync_desks,
)
from kizashi.store import downgrade, make_engine, upgrade
from kizashi.store.tables import users

# Small parameters keep the tests quick; the defaults are tested once below.
FAST = HashParameters(time_cost=1, memory_cost_kib=1024, parallelism=1)
NEW = HashParameters(time_cost=2, memory_cost_kib=2048, parallelism=1)
T = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
NOW = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)
TABLES = {
    "desks",
    "users",
    "cases",
    "case_assignments",
    "compartments",
    "compartment_members",
    "compartment_items",
    "material_labels",
    "notifications",
}


def test_the_default_desks() -> None:
    desks = {desk.id: desk for desk in load_desks()}
    assert len(desks) == 9
    assert {d.kind for d in desks.values()} == {
        "operational",
        "command_centre",
        "inspection",
        "oversight",
    }
    assert [i for i in desks if i.startswith("fa-")] == [
        "fa-russia",
        "fa-china",
        "fa-north-korea",
        "fa-terrorism",
    ]


def test_a_broken_desk_file_is_named(tmp_path: Path) -> None:
    path = tmp_path / "desks.yaml"
    path.write_text("version: 1\ndesks:\n  - id: x\n    name: X\n    name_ja: X\n    kind: bad\n")
    with pytest.raises(SchemaError, match="desk 1: kind"):
        load_desks(path)


def test_migration_0003_goes_up_and_down(settings: Settings) -> None:
    engine = make_engine(settings)
    upgrade(engine)
    assert set(inspect(engine).get_table_names()) >= TABLES
    downgrade(engine, "0002")
    assert not TABLES & set(inspect(engine).get_table_names())
    upgrade(engine)
    engine.dispose()


def test_passwords_verify_and_rehash_when_parameters_change() -> None:
    stored = hash_password("correct horse battery", FAST)
    assert stored.startswith("$argon2id$v=19$m=1024,t=1,p=1$")
    assert verify_password(stored, "correct horse battery", FAST).ok
    assert verify_password(stored, "wrong horse battery!", FAST).ok is False
    assert verify_password(stored, "correct horse battery", FAST).new_hash is None
    moved = verify_password(stored, "correct horse battery", NEW)
    assert moved.ok and moved.new_hash is not None and "m=2048,t=2" in moved.new_hash
    assert verify_password("not a hash", "whatever", FAST).ok is False
    with pytest.raises(ValueError, match="12 characters"):
        hash_password("short", FAST)


def test_default_parameters_are_rfc9106_second_option() -> None:
    assert hash_password("correct horse battery").startswith("$argon2id$v=19$m=65536,t=3,p=4$")


def test_tokens_are_credentials_of_users_and_accounts(engine: Engine) -> None:
    with engine.begin() as c:
        sync_desks(c)
        user = create_user(c, "sato", role="analyst", desk="fa-russia", password=None)
        token = issue_token(c, "sato", now=T)
        assert token_user(c, token) == user
        bot = create_account(c, "ingest-bot", "service")
        assert bot.role == "service" and token_user(c, issue_token(c, "ingest-bot", now=T)) == bot
        partner = create_account(c, "partner-x", "partner", "X Corp")
        assert partner.is_partner and partner.organisation == "X Corp"
        with pytest.raises(InputError):
            create_account(c, "officer-y", "officer")
        assert [t.user for t in list_tokens(c)] == ["ingest-bot", "sato"]
        assert revoke_tokens(c, "sato", now=T) == 1
        with pytest.raises(AuthError):
            token_user(c, token)
        with pytest.raises(NotFoundError):
            issue_token(c, "nobody", now=T)
        assert [u.name for u in list_users(c, desk="fa-russia")] == ["sato"]
        assert get_user(c, "sato").desk_kind == "operational"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"role": "analyst"}, "needs a desk"),
        ({"role": "partner_submitter"}, "needs an organisation"),
        ({"role": "partner_submitter", "organisation": "X", "desk": "fa-russia"}, "no desk"),
        ({"role": "chief", "desk": "fa-russia"}, "unknown role"),
        ({"role": "analyst", "desk": "nowhere"}, "unknown desk"),
        ({"role": "admin", "password": "short"}, "12 characters"),
        ({"role": "analyst", "desk": "fa-russia", "channels": ["sns_post"]}, "only partner"),
        ({"role": "partner_submitter", "organisation": "X", "channels": "sns_post"}, "a list"),
        ({"role": "partner_submitter", "organisation": "X", "channels": [" "]}, "not a channel"),
    ],
)
def test_bad_users_are_refused(engine: Engine, kwargs: dict[str, object], message: str) -> None:
    with engine.begin() as c:
        sync_desks(c)
        with pytest.raises(InputError, match=message):
            create_user(c, "x", **kwargs)  # type: ignore[arg-type]


def test_login_rehashes_and_says_nothing_about_which_part_was_wrong(engine: Engine) -> None:
    with engine.begin() as c:
        sync_desks(c)
        create_user(
            c,
            "ito",
            role="auditor",
            desk="inspection",
            password="s3cret-passphrase",
            parameters=FAST,
        )
        create_user(c, "kato", role="admin")
        before = password_hash_of(c, "ito")
        assert login(c, "ito", "s3cret-passphrase", FAST).name == "ito"
        assert password_hash_of(c, "ito") == before
        assert login(c, "ito", "s3cret-passphrase", NEW).name == "ito"
        assert "m=2048,t=2" in (password_hash_of(c, "ito") or "")
        for name, password in (("ito", "wrong-passphrase"), ("nobody", "x"), ("kato", "x")):
            with pytest.raises(AuthError, match=r"^wrong user name or password$"):
                login(c, name, password, FAST)
        set_password(c, "kato", "another-passphrase", FAST)
        assert login(c, "kato", "another-passphrase", FAST).role == "admin"
        c.execute(update(users).where(users.c.name == "kato").values(active=False))
        with pytest.raises(AuthError):
            login(c, "kato", "another-passphrase", FAST)
        with pytest.raises(NotFoundError):
            set_password(c, "nobody", "another-passphrase", FAST)


def test_cases_and_compartments(engine: Engine) -> None:
    with engine.begin() as c:
        sync_desks(c)
        a = create_user(c, "a", role="analyst", desk="tokuryu")
        b = create_user(c, "b", role="analyst", desk="tokuryu")
        create_case(c, "2026-041", desk="tokuryu", title="network")
        with pytest.raises(InputError, match="exists already"):
            create_case(c, "2026-041", desk="tokuryu")
        assert assign_case(c, "2026-041", "a").assigned == {a.id}
        assert assign_case(c, "2026-041", "a").assigned == {a.id}  # idempotent
        assert unassign_case(c, "2026-041", "a").assigned == frozenset()
        assert [case.ref for case in list_cases(c, desk="tokuryu")] == ["2026-041"]
        with pytest.raises(InputError, match="end after"):
            create_compartment(c, "BAD", desk="tokuryu", valid_from=NOW, valid_until=NOW)
        create_compartment(
            c, "HERON", desk="tokuryu", valid_from=NOW, valid_until=NOW + timedelta(days=2)
        )
        add_member(c, "HERON", "a")
        add_member(c, "HERON", "b", until=NOW + timedelta(days=1))
        box = remove_member(c, "HERON", "a")
        assert box.members == {b.id: NOW + timedelta(days=1)}
        key = subject_key("person", "ﾔﾏﾀﾞ ﾀﾛｳ")
        assert key == subject_key("person", "ヤマダタロウ") == "person:ヤマダタロウ"
        add_item(c, "HERON", "subject", key)
        add_item(c, "HERON", "subject", key)
        assert [h.name for h in holding_compartments(c, "subject", key)] == ["HERON"]
        assert get_compartment(c, "HERON").admits(b.id, NOW)
        assert not get_compartment(c, "HERON").admits(b.id, NOW + timedelta(days=1))
        assert [d.id for d in list_desks(c)][:2] == ["economic-security", "fa-china"]


def test_a_partner_account_keeps_its_channel_scope(engine: Engine) -> None:
    with engine.begin() as c:
        made = create_user(
            c,
            "retailer",
            role="partner_submitter",
            organisation="retailer:a",
            channels=["purchase", "listing", "purchase"],
        )
        unscoped = create_user(c, "agency", role="partner_submitter", organisation="agency:b")
    assert made.channels == ("listing", "purchase")  # sorted, without repeats
    assert unscoped.channels is None  # every channel open to partners, as before 0027
    with engine.begin() as c:
        assert set_channels(c, "retailer", []).channels == ()
        assert get_user(c, "retailer").channels == ()  # an empty scope stays empty, not NULL
        assert set_channels(c, "agency", ["purchase"]).channels == ("purchase",)
        assert set_channels(c, "retailer", None).channels is None
        # NULL, not JSON null: what rows made before migration 0027 hold.
        stored = c.execute(select(users.c.channels.is_(None)).where(users.c.name == "retailer"))
        assert stored.scalar_one() is True
        with pytest.raises(NotFoundError):
            set_channels(c, "nobody", ["purchase"])


def test_only_oversight_and_inspection_read_access_records_instead_of_material() -> None:
    from kizashi.guard.identity.domain import User

    readers = [
        User(id="o", name="o", role="oversight_officer"),
        User(id="a", name="a", role="auditor"),
        User(id="i", name="i", role="analyst", desk="inspection", desk_kind="inspection"),
        User(id="v", name="v", role="analyst", desk="oversight", desk_kind="oversight"),
    ]
    others = [
        User(id="c", name="c", role="command_centre"),
        User(id="t", name="t", role="analyst", desk="tokuryu", desk_kind="operational"),
        User(id="m", name="m", role="admin"),
        User(id="p", name="p", role="partner_submitter"),
    ]
    assert all(user.reads_access_not_material for user in readers)
    assert not any(user.reads_access_not_material for user in others)
