from datetime import date
from pathlib import Path

import pytest

from kizashi.datafiles import cached_yaml, read_versioned, safe_yaml
from kizashi.errors import SchemaError


def test_a_versioned_file_is_read_as_its_mapping(tmp_path: Path) -> None:
    path = tmp_path / "labels.yaml"
    path.write_text("version: 1\nlabels:\n  title: {ja: 表題, en: Title}\n", "utf-8")
    assert read_versioned(path)["labels"]["title"]["ja"] == "表題"


def test_another_version_or_shape_names_the_file(tmp_path: Path) -> None:
    for text in ("version: 2\n", "- a list\n", "labels: {}\n"):
        path = tmp_path / "labels.yaml"
        path.write_text(text, "utf-8")
        with pytest.raises(SchemaError, match=r"labels\.yaml: expected a mapping with version: 1"):
            read_versioned(path)


def test_an_unreadable_file_says_what_it_should_have_held(tmp_path: Path) -> None:
    missing = tmp_path / "desks.yaml"
    with pytest.raises(SchemaError, match=r"desks\.yaml: cannot read the desk list"):
        read_versioned(missing, what="the desk list")
    broken = tmp_path / "broken.yaml"
    broken.write_text("version: [1\n", "utf-8")
    with pytest.raises(SchemaError, match=r"broken\.yaml: "):
        read_versioned(broken)


def test_a_cached_document_is_the_parsed_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KIZASHI_DATA_DIR", str(tmp_path))
    text = "version: 1\nrules:\n  - {id: b, live: true, weight: 0.5, n: 3}\n  - {id: a, x: null}\n"
    first = cached_yaml(text)
    [stored] = (tmp_path / "cache" / "yaml").iterdir()
    again = cached_yaml(text)
    assert first == again == safe_yaml(text)
    assert stored.stat().st_mode & 0o777 == 0o644  # readable by the service and operators
    assert list(again["rules"][0]) == ["id", "live", "weight", "n"]  # key order kept
    assert again["rules"][0]["live"] is True and isinstance(again["rules"][0]["n"], int)
    # An edited text is parsed anew, never read from the old entry.
    assert cached_yaml(text.replace("0.5", "0.25"))["rules"][0]["weight"] == 0.25
    # A torn entry is parsed again.
    stored.write_bytes(b"\x00")
    assert cached_yaml(text) == first


def test_a_document_marshal_cannot_hold_is_parsed_every_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KIZASHI_DATA_DIR", str(tmp_path))
    assert cached_yaml("when: 2026-12-06\n") == {"when": date(2026, 12, 6)}
    assert not (tmp_path / "cache" / "yaml").exists() or not any(
        (tmp_path / "cache" / "yaml").iterdir()
    )
