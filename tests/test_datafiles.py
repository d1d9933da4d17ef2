from pathlib import Path

import pytest

from kizashi.datafiles import read_versioned
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
