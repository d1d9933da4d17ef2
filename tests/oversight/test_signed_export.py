"""Signed exports (issue 18 items 3 and 5): an access report and a subject-access export
leave as a ZIP of PDF, JSON and a note signed by the audit log's checkpoint key over every
file; verification fails on a changed, added or removed file and under another key; a
subject-access export whose bundle cannot be made stays unexported."""

from __future__ import annotations

import io
import zipfile

import orjson
import pypdfium2  # type: ignore[import-untyped]
import pytest
from sqlalchemy import select

from kizashi.errors import ForbiddenError, InputError
from kizashi.guard import Checkpoint, CheckpointError, Signer
from kizashi.oversight import export_pdf
from kizashi.oversight.exports import signed_access_report, signed_sar_export, verify
from kizashi.oversight.signed import SIGNATURE
from kizashi.oversight.subject_access import WITHHELD, register
from kizashi.store.tables_oversight import subject_access_requests
from tests.oversight.conftest import World

YAMADA = {"person": ["山田太郎"], "phone": ["090-1234-5678"]}


def _text(data: bytes) -> str:
    document = pypdfium2.PdfDocument(data)
    try:
        return "".join(document[i].get_textpage().get_text_range() for i in range(len(document)))
    finally:
        document.close()


def _members(bundle: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(bundle)) as opened:
        return {name: opened.read(name) for name in opened.namelist()}


def _zipped(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as bundle:
        for name, data in members.items():
            bundle.writestr(name, data)
    return out.getvalue()


def test_an_access_report_is_exported_signed_and_any_change_fails(world: World) -> None:
    guard, seeded = world.guard, world.seeded
    analyst = world.users["analyst"]
    guard.decide(analyst, "read", guard.load("report", seeded.reports["garage"]), "予防 捜査")
    bundle, found = signed_access_report(
        guard, world.users["overseer"], entity=seeded.offender, lang="en"
    )
    members = _members(bundle)
    assert set(members) == {"access-report.json", "access-report.pdf", SIGNATURE}
    shown = orjson.loads(members["access-report.json"])
    assert shown == orjson.loads(orjson.dumps(found))
    assert shown["accesses"] and all("proof" in line for line in shown["accesses"])
    text = _text(members["access-report.pdf"])
    assert "Access report" in text and seeded.offender in text and "an-suzuki" in text
    checked = verify(bundle, guard.audit.signer.verifier)
    assert checked["kind"] == "access_report" and checked["ref"] == f"entity:{seeded.offender}"
    assert checked["generated_by"] == world.users["overseer"].id
    assert set(checked["files"]) == {"access-report.json", "access-report.pdf"}
    # A changed page, a removed file, an added one, another key: each is refused.
    changed = dict(members, **{"access-report.pdf": members["access-report.pdf"] + b"\n"})
    with pytest.raises(InputError, match=r"access-report\.pdf: its SHA-256"):
        verify(_zipped(changed), guard.audit.signer.verifier)
    with pytest.raises(InputError, match="missing"):
        verify(
            _zipped({k: v for k, v in members.items() if not k.endswith(".pdf")}),
            guard.audit.signer.verifier,
        )
    with pytest.raises(InputError, match="not signed"):
        verify(_zipped(dict(members, extra=b"x")), guard.audit.signer.verifier)
    with pytest.raises(InputError, match=SIGNATURE):
        verify(bundle, Signer.generate("test.kizashi/audit").verifier)
    # The signed manifest is never a checkpoint: its second line is not a tree size.
    body = guard.audit.signer.verifier.open(members[SIGNATURE].decode())
    with pytest.raises(CheckpointError):
        Checkpoint.parse(body)
    with pytest.raises(ForbiddenError, match="OVERSIGHT-2"):
        signed_access_report(guard, analyst, entity=seeded.offender)


def test_a_subject_access_export_is_signed_and_its_pdf_is_torn_as_its_json(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    guard = world.guard
    register(
        guard,
        world.users["overseer"],
        "SAR-9",
        requester="山田 太郎",
        legal_basis="個人情報保護法 第76条",
        identifiers=YAMADA,
    )

    def broken(document: object, *, lang: str) -> bytes:
        raise RuntimeError("no fonts")

    monkeypatch.setattr("kizashi.oversight.exports.sar_pdf", broken)
    with pytest.raises(RuntimeError):
        signed_sar_export(guard, world.users["admin"], "SAR-9")
    with guard.engine.connect() as connection:  # the bundle failed: not recorded as exported
        assert (
            connection.execute(
                select(subject_access_requests.c.exported_at).where(
                    subject_access_requests.c.ref == "SAR-9"
                )
            ).scalar()
            is None
        )
    monkeypatch.setattr("kizashi.oversight.exports.sar_pdf", export_pdf.sar_pdf)
    bundle, document = signed_sar_export(guard, world.users["admin"], "SAR-9", lang="ja")
    members = _members(bundle)
    assert orjson.loads(members["export.json"]) == orjson.loads(orjson.dumps(document))
    checked = verify(bundle, guard.audit.signer.verifier)
    assert checked["kind"] == "subject_access_export" and checked["ref"] == "SAR-9"
    text = _text(members["export.pdf"])
    assert "SAR-9" in text and WITHHELD in text
    assert "吉川" not in text  # the witness of the garage report: a third party, withheld
    garage = next(r for r in document["reports"] if r["id"] == world.seeded.reports["garage"])
    assert any(w["reason"] for w in garage["withheld"])
    with pytest.raises(InputError, match="once"):
        signed_sar_export(guard, world.users["admin"], "SAR-9")


def test_the_signed_export_marks_tampered_entries_as_the_report_does(world: World) -> None:
    from sqlalchemy import update

    from kizashi.store.tables import audit_entries
    from tests.oversight.test_access_integrity import FORGED, _drop_append_only_triggers, _reads

    seqs = _reads(world, 3)
    _drop_append_only_triggers(world)
    with world.guard.engine.begin() as connection:
        connection.execute(
            update(audit_entries).where(audit_entries.c.seq == seqs[1]).values(purpose=FORGED)
        )
    overseer = world.users["overseer"]
    for lang, mark in (("en", "TAMPERED"), ("ja", "改ざんの疑い")):
        bundle, found = signed_access_report(
            world.guard, overseer, entity=world.seeded.offender, lang=lang
        )
        assert found["summary"]["tampered"] == [seqs[1]]
        members = _members(bundle)
        assert orjson.loads(members["access-report.json"])["summary"]["tampered"] == [seqs[1]]
        printed = _text(members["access-report.pdf"])
        # the header names the entries that fail their hashes, and the line itself is marked
        flat = "".join(printed.split())  # table cells wrap, Japanese anywhere
        assert f"1:seq{seqs[1]}." in flat and "kizashiauditverify" in flat
        assert f"{seqs[1]}{mark}:" in flat


def test_the_signed_export_lists_purposes_stated_in_other_words(world: World) -> None:
    post = world.seeded.reports["post"]
    typed = "follow-up on yesterday's call"
    world.guard.check(world.users["analyst"], "read", "report", post, typed)
    bundle, found = signed_access_report(
        world.guard, world.users["overseer"], report=post, lang="en"
    )
    assert found["summary"]["by_purpose"] == {"other": 1}
    printed = _text(_members(bundle)["access-report.pdf"])
    assert "Other purposes" in printed and typed in printed
    flat = " ".join(printed.split())
    # the bucket worded as the page words it, the texts' column named as texts, not ids
    assert "Other (a purpose was stated, but it names none in the list)" in flat
    assert "Stated purpose (as typed)" in flat


def test_a_tampered_entrys_other_purpose_is_marked_in_the_pdf() -> None:
    lines = [
        {"seq": 7, "stated_purpose": "forged text", "purpose": None, "tampered": "hash"},
        {"seq": 8, "stated_purpose": "forged text", "purpose": None, "tampered": None},
        {"seq": 9, "stated_purpose": "honest", "purpose": None, "tampered": None},
    ]
    summary = {"other_purposes": {"forged text": 2, "honest": 1}}
    rows = export_pdf._other_rows(summary, lines, lambda key: key)
    assert rows == [["forged text [tampered_mark: seq 7]", "2"], ["honest", "1"]]
