"""The rules in force, versioned: a changed rule file makes exactly one new version and an
unchanged one none; an alert names the versions it was scored under; ``rules --at`` picks
the version in force at that time."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import orjson
import pytest
from sqlalchemy import Engine, func, select

from kizashi.errors import ForbiddenError
from kizashi.oversight.rule_versions import in_force_at, rules_report
from kizashi.store.rule_versions import record_rules
from kizashi.store.tables_oversight import rule_versions, rules_in_force
from kizashi.store.tables_triage import alerts
from kizashi.triage import default_risk, load_risk
from tests.oversight.conftest import World
from tests.triage.seed import NOW


def _counts(engine: Engine) -> tuple[int, int]:
    with engine.connect() as connection:
        versions = connection.execute(select(func.count()).select_from(rule_versions)).scalar()
        changes = connection.execute(select(func.count()).select_from(rules_in_force)).scalar()
    return int(versions or 0), int(changes or 0)


def _changed_risk(tmp_path: Path) -> Path:
    shipped = Path(default_risk().rule_version.source)  # type: ignore[union-attr]
    text = (Path(__file__).parents[2] / "src" / shipped).read_text("utf-8")
    threshold = f"alert_threshold: {default_risk().alert_threshold:g}"
    assert threshold in text
    changed = tmp_path / "risk.yaml"
    changed.write_text(text.replace(threshold, "alert_threshold: 99"), "utf-8")
    return changed


def test_a_changed_rule_file_makes_one_new_version_and_an_unchanged_one_none(
    engine: Engine, tmp_path: Path
) -> None:
    shipped = default_risk().rule_version
    assert shipped is not None
    with engine.begin() as connection:
        record_rules(connection, [shipped], NOW)
    assert _counts(engine) == (1, 1)
    with engine.begin() as connection:  # unchanged: a later process, nothing new
        record_rules(connection, [load_risk().rule_version], NOW + timedelta(days=1))  # type: ignore[list-item]
    assert _counts(engine) == (1, 1)
    changed = load_risk(_changed_risk(tmp_path)).rule_version
    assert changed is not None and changed.sha256 != shipped.sha256
    with engine.begin() as connection:
        ids = record_rules(connection, [changed], NOW + timedelta(days=2))
        record_rules(connection, [changed], NOW + timedelta(days=3))
    assert ids == [changed.id] and _counts(engine) == (2, 2)
    with engine.begin() as connection:  # changed back: in force again, no new content row
        record_rules(connection, [shipped], NOW + timedelta(days=4))
    assert _counts(engine) == (2, 3)
    with engine.connect() as connection:
        before = in_force_at(connection, NOW - timedelta(seconds=1))
        first = in_force_at(connection, NOW + timedelta(days=1))
        second = in_force_at(connection, NOW + timedelta(days=3), content=True)
        back = in_force_at(connection, NOW + timedelta(days=5))
    assert before == []
    assert [v["id"] for v in first] == [shipped.id]
    assert first[0]["effective_until"] == (NOW + timedelta(days=2)).isoformat()
    assert [v["id"] for v in second] == [changed.id]
    assert second[0]["content"]["alert_threshold"] == 99
    assert [v["id"] for v in back] == [shipped.id] and back[0]["effective_until"] is None


def test_an_alert_names_the_versions_it_was_scored_under(world: World) -> None:
    with world.guard.engine.connect() as connection:
        explanation = connection.execute(select(alerts.c.explanation).limit(1)).scalar()
        alert_id = connection.execute(select(alerts.c.id).limit(1)).scalar()
    assert explanation is not None and alert_id is not None
    named = explanation["rule_versions"]
    assert default_risk().rule_version.id in named  # type: ignore[union-attr]
    assert {n.split(":")[0] for n in named} == {"risk", "routing", "urgent"}
    shown = rules_report(world.guard, world.users["overseer"], alert=alert_id)
    assert [v["id"] for v in shown["versions"]] == named
    risk = next(v for v in shown["versions"] if v["kind"] == "risk")
    assert risk["content"]["alert_threshold"] == default_risk().alert_threshold
    at = rules_report(world.guard, world.users["auditor"], at=NOW)
    in_force = {v["id"] for v in at["in_force"]}
    assert set(named) <= in_force  # and the purchase watch-list its purchase rules ran under
    assert {i.split(":")[0] for i in in_force - set(named)} == {"purchase_watchlist"}
    with pytest.raises(ForbiddenError, match="OVERSIGHT-2"):
        rules_report(world.guard, world.users["analyst"], at=NOW)


def test_rules_at_on_the_command_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from kizashi.cli import app
    from kizashi.config import load_settings
    from kizashi.guard.identity import create_user, sync_desks
    from kizashi.store import make_engine
    from tests.cli_credentials import CredentialRunner

    runner = CredentialRunner()
    monkeypatch.setenv("KIZASHI_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("KIZASHI_DATABASE_URL", raising=False)
    assert runner.invoke(app, ["init"]).exit_code == 0
    engine = make_engine(load_settings())
    shipped = default_risk().rule_version
    changed = load_risk(_changed_risk(tmp_path)).rule_version
    assert shipped is not None and changed is not None
    with engine.begin() as connection:
        sync_desks(connection)
        create_user(connection, "ov", role="oversight_officer")
        create_user(connection, "an", role="analyst", desk="lone-offender")
        record_rules(connection, [shipped], NOW - timedelta(days=30))  # 2026-10-03
        record_rules(connection, [changed], NOW + timedelta(days=10))  # 2026-11-12
    runner.issue(engine, "ov", "an")
    engine.dispose()
    shown = runner.invoke(app, ["oversight", "rules", "--at", "2026-11-02", "--as", "ov"])
    assert shown.exit_code == 0, shown.output
    [version] = json.loads(shown.stdout)["in_force"]
    assert version["id"] == shipped.id
    assert version["effective_until"] == (NOW + timedelta(days=10)).isoformat()
    later = runner.invoke(
        app, ["oversight", "rules", "--at", "2026-11-20T00:00+09:00", "--as", "ov"]
    )
    assert [v["id"] for v in json.loads(later.stdout)["in_force"]] == [changed.id]
    refused = runner.invoke(app, ["oversight", "rules", "--at", "2026-11-02", "--as", "an"])
    assert refused.exit_code != 0 and "OVERSIGHT-2" in refused.stderr


# Detect's rule files: text rules, watch-lists, the gate, the decoding tables.


def test_a_stored_signal_names_detect_rule_versions_recorded_in_force(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kizashi.detect import rule_versions as detect_versions
    from kizashi.detect import score_reports
    from kizashi.detect.rule_versions import detect_rule_sets, rule_sets_of
    from kizashi.store.tables_signals import signals

    engine = world.guard.engine
    shipped = {r.kind: r for r in detect_rule_sets()}
    assert set(shipped) == {"detect_rules", "detect_watchlist", "detect_gate", "text_tables"}
    post = world.seeded.reports["post"]
    before = _counts(engine)
    with engine.begin() as connection:
        [out] = score_reports(connection, [(post, "sns_post", "11/1 大塚で桜井を56す")], now=NOW)
    assert _counts(engine) == (before[0] + 4, before[1] + 4)
    with engine.connect() as connection:
        named = connection.execute(
            select(signals.c.rule_versions).where(
                signals.c.report_id == post, signals.c.model_version != "test-1"
            )
        ).scalar_one()
        signal_id = connection.execute(
            select(signals.c.id).where(
                signals.c.report_id == post, signals.c.model_version != "test-1"
            )
        ).scalar_one()
    assert sorted(named) == sorted(r.id for r in shipped.values())
    # rules --at shows them beside triage's; rules --signal gives their content.
    at = rules_report(world.guard, world.users["overseer"], at=NOW)
    assert {r.id for r in shipped.values()} <= {v["id"] for v in at["in_force"]}
    shown = rules_report(world.guard, world.users["auditor"], signal=signal_id)
    assert sorted(v["id"] for v in shown["versions"]) == sorted(named)
    watch = next(v for v in shown["versions"] if v["kind"] == "detect_watchlist")
    assert watch["content"]["toshima-2026.yaml"]["version"] == 1
    with pytest.raises(ForbiddenError, match="OVERSIGHT-2"):
        rules_report(world.guard, world.users["analyst"], signal=signal_id)
    # A changed watch-list: one new version for that kind only, in force from its first use.
    changed = {
        "detect_watchlist": {"toshima-2026.yaml": {"version": 2, "people": [], "events": []}},
        "detect_rules": orjson.loads(shipped["detect_rules"].content),
        "detect_gate": orjson.loads(shipped["detect_gate"].content),
        "text_tables": orjson.loads(shipped["text_tables"].content),
    }
    edited = rule_sets_of(changed)
    assert {r.kind for r in edited if r.sha256 != shipped[r.kind].sha256} == {"detect_watchlist"}
    monkeypatch.setattr(detect_versions, "detect_rule_sets", lambda: edited)
    monkeypatch.setattr("kizashi.detect.store.detect_rule_sets", lambda: edited)
    later = NOW + timedelta(days=3)
    with engine.begin() as connection:
        score_reports(connection, [(post, "sns_post", "桜井を56す")], now=later)  # no new signal
    assert _counts(engine) == (before[0] + 5, before[1] + 5)
    with engine.connect() as connection:
        then = {v["kind"]: v["id"] for v in in_force_at(connection, NOW + timedelta(days=1))}
        now = {v["kind"]: v["id"] for v in in_force_at(connection, later)}
    assert then["detect_watchlist"] == shipped["detect_watchlist"].id
    assert now["detect_watchlist"] != then["detect_watchlist"]
    assert now["detect_rules"] == then["detect_rules"] == shipped["detect_rules"].id
    assert out["id"] == post


def test_an_alert_names_the_detect_versions_of_its_text_signals(world: World) -> None:
    from kizashi.detect.rule_versions import detect_rule_sets
    from kizashi.store.tables_signals import signals
    from kizashi.triage import run_triage

    engine = world.guard.engine
    ids = [r.id for r in detect_rule_sets()]
    with engine.begin() as connection:  # the seeded signals as a 0021 scan stores them
        record_rules(connection, detect_rule_sets(), NOW)
        connection.execute(signals.update().values(rule_versions=ids))
    run_triage(engine, now=NOW + timedelta(minutes=5))
    with engine.connect() as connection:
        explanation, alert_id = connection.execute(
            select(alerts.c.explanation, alerts.c.id).where(
                alerts.c.entity_id == world.seeded.offender
            )
        ).one()
    named = explanation["rule_versions"]
    assert [n.split(":")[0] for n in named[:3]] == ["risk", "routing", "urgent"]
    assert sorted(named[3:]) == sorted(ids)
    shown = rules_report(world.guard, world.users["overseer"], alert=alert_id)
    assert {v["kind"] for v in shown["versions"]} >= {"detect_rules", "detect_watchlist"}


def test_several_kinds_in_one_call_each_change_once(engine: Engine) -> None:
    from kizashi.store.rule_versions import rule_set

    one, two = rule_set("alpha", 1, "a.yaml", {"x": 1}), rule_set("beta", 1, "b.yaml", {"y": 1})
    with engine.begin() as connection:
        assert record_rules(connection, [one, two], NOW) == [one.id, two.id]
    assert _counts(engine) == (2, 2)
    changed = rule_set("beta", 2, "b.yaml", {"y": 2})
    with engine.begin() as connection:  # alpha unchanged, beta changed then changed back
        record_rules(connection, [one, changed, two], NOW + timedelta(days=1))
        record_rules(connection, [one, two], NOW + timedelta(days=2))
    assert _counts(engine) == (3, 4)
    with engine.connect() as connection:  # the content in force is the first again
        now_in_force = {r["kind"]: r["sha256"] for r in in_force_at(connection, NOW + timedelta(3))}
    assert now_in_force == {"alpha": one.sha256, "beta": two.sha256}
