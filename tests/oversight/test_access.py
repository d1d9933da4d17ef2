"""Who looked at whom and why; purpose binding; the oversight role sees metadata, never
material."""

from __future__ import annotations

import pytest

from kizashi.errors import ForbiddenError, InputError, NotFoundError
from kizashi.guard.audit import InclusionProof
from kizashi.oversight import access_report, change_purpose
from tests.oversight.conftest import World

PREVENTION = "threat assessment before the 11/1 speech (未然防止)"


def test_oversight_sees_who_looked_at_a_person_and_why(world: World) -> None:
    post = world.seeded.reports["post"]
    analyst, overseer = world.users["analyst"], world.users["overseer"]
    seen = world.guard.check(analyst, "read", "report", post, PREVENTION)
    assert seen.allowed
    report = access_report(world.guard, overseer, entity=world.seeded.offender, proofs=True)
    lines = [line for line in report["accesses"] if line["resource"]["id"] == post]
    assert len(lines) == 1
    line = lines[0]
    assert (line["user"], line["role"], line["action"], line["effect"]) == (
        "an-suzuki",
        "analyst",
        "read",
        "allow",
    )
    assert line["stated_purpose"] == PREVENTION and line["purpose"] == "prevention"
    assert line["rule"] == seen.rule
    assert line["report"]["collected_for"] == "prevention"
    assert "警察法第2条" in line["report"]["legal_basis"]
    # metadata only: no text, body or raw of the report anywhere in the report
    assert "56す" not in str(report)
    proof = line["proof"]
    assert InclusionProof(
        proof["seq"],
        proof["leaf"],
        bytes.fromhex(proof["leaf_hash"]),
        proof["tree_size"],
        [bytes.fromhex(p) for p in proof["path"]],
        bytes.fromhex(proof["root"]),
        proof["checkpoint"],
    ).verify()
    assert report["summary"]["by_user"]["an-suzuki"] == 1
    # ... and the reverse: everything the analyst looked at
    by = access_report(world.guard, overseer, officer="an-suzuki")
    assert [(x["resource"]["type"], x["resource"]["id"]) for x in by["accesses"]] == [
        ("report", post)
    ]
    # ... and per report: the purposes it was actually used for
    world.guard.check(analyst, "read", "report", post, "捜査 of case 2026-041")
    used = access_report(world.guard, overseer, report=post)
    assert used["report"]["collected_for"] == "prevention"
    assert used["summary"]["by_purpose"] == {"prevention": 1, "investigation": 1}


def test_the_oversight_role_reads_reports_about_access_never_the_material(world: World) -> None:
    overseer = world.users["overseer"]
    post = world.seeded.reports["post"]
    for action in ("read", "search", "export"):
        decision = world.guard.check(overseer, action, "report", post, "oversight review")
        assert not decision.allowed
    assert not world.guard.check(
        overseer, "read", "entity", world.seeded.offender, "oversight review"
    ).allowed
    for who in ("analyst", "lead", "admin"):
        with pytest.raises(ForbiddenError, match="OVERSIGHT-2"):
            access_report(world.guard, world.users[who], entity=world.seeded.offender)
    assert access_report(world.guard, world.users["auditor"], officer="ov-kato")["accesses"]
    with pytest.raises(NotFoundError):
        access_report(world.guard, overseer, officer="nobody")
    with pytest.raises(InputError):
        access_report(world.guard, overseer)


def test_another_purpose_needs_a_recorded_change_with_a_legal_basis(world: World) -> None:
    post = world.seeded.reports["post"]
    analyst, lead = world.users["analyst"], world.users["lead"]
    vetting = "background check of a job applicant (身辺調査)"
    refused = world.guard.check(analyst, "read", "report", post, vetting)
    assert (refused.allowed, refused.rule, refused.conceal) == (False, "PURPOSE-2", False)
    # compatible by purposes.yaml: prevention material may serve an investigation
    assert world.guard.check(analyst, "read", "report", post, "捜査 of case 2026-041").allowed
    with pytest.raises(ForbiddenError, match="PURPOSE-3"):
        change_purpose(
            world.guard, lead, post, to="vetting", reason="needed", legal_basis="", purpose=vetting
        )
    with pytest.raises(ForbiddenError, match="PURPOSE-4"):
        change_purpose(
            world.guard,
            analyst,
            post,
            to="vetting",
            reason="applicant named in threats",
            legal_basis="警察法第2条 and the vetting regulation art. 4",
            purpose=vetting,
        )
    with pytest.raises(ForbiddenError, match="PURPOSE-7"):
        change_purpose(
            world.guard,
            lead,
            post,
            to="marketing",
            reason="applicant named in threats",
            legal_basis="警察法第2条 and the vetting regulation art. 4",
            purpose=vetting,
        )
    row = change_purpose(
        world.guard,
        lead,
        post,
        to="vetting",
        reason="applicant named in threats",
        legal_basis="警察法第2条 and the vetting regulation art. 4",
        purpose=vetting,
    )
    assert (row["from_purpose"], row["to_purpose"], row["rule"]) == (
        "prevention",
        "vetting",
        "PURPOSE-5",
    )
    assert world.guard.check(analyst, "read", "report", post, vetting).allowed
    # oversight sees the change, with its basis, on the report's lines
    report = access_report(world.guard, world.users["overseer"], officer="an-suzuki")
    changes = [
        line["report"]["purpose_changes"]
        for line in report["accesses"]
        if line.get("report") and line["resource"]["id"] == post
    ]
    assert changes and changes[-1][0]["legal_basis"].startswith("警察法第2条")


def test_a_purpose_stated_in_other_words_is_counted_as_stated_never_as_unstated(
    world: World,
) -> None:
    post = world.seeded.reports["post"]
    analyst, overseer = world.users["analyst"], world.users["overseer"]
    typed = "follow-up on yesterday's call"
    world.guard.check(analyst, "read", "report", post, PREVENTION)
    world.guard.check(analyst, "read", "report", post, typed)
    world.guard.check(analyst, "read", "report", post, typed)
    world.guard.check(analyst, "read", "report", post, "")
    used = access_report(world.guard, overseer, report=post)
    summary = used["summary"]
    # two accesses gave a reason that names no configured purpose: "other", with the words
    assert summary["by_purpose"] == {"prevention": 1, "other": 2, "unstated": 1}
    assert summary["other_purposes"] == {typed: 2}
    # the lines themselves still say what was typed
    stated = [line["stated_purpose"] for line in used["accesses"]]
    assert stated.count(typed) == 2
