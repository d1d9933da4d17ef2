import re
from pathlib import Path

import pytest

from kizashi.config import Settings, describe_settings, load_settings
from kizashi.errors import ConfigError

DOCS = Path(__file__).parents[1] / "docs" / "settings.md"


def test_default_database_is_a_sqlite_file_in_the_data_directory(tmp_path: Path) -> None:
    settings = load_settings(data_dir=tmp_path)
    assert settings.effective_database_url == f"sqlite:///{(tmp_path / 'kizashi.db').resolve()}"


def test_environment_variables_with_the_prefix_override_defaults(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("KIZASHI_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("KIZASHI_INGEST_BATCH_SIZE", "17")
    settings = load_settings()
    assert settings.data_dir == tmp_path
    assert settings.ingest_batch_size == 17


def test_an_unknown_time_zone_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="Mars/Olympus"):
        load_settings(timezone="Mars/Olympus")


def test_every_setting_has_help_and_an_environment_variable() -> None:
    rows = describe_settings(load_settings())
    assert {row.name for row in rows} == set(Settings.model_fields)
    for row in rows:
        assert row.help, f"{row.name} has no help line"
        assert row.env_var == "KIZASHI_" + row.name.upper()


def test_every_setting_is_documented() -> None:
    documented = set(re.findall(r"`(KIZASHI_[A-Z_]+)`", DOCS.read_text("utf-8")))
    expected = {row.env_var for row in describe_settings(load_settings())}
    assert expected <= documented, f"undocumented: {sorted(expected - documented)}"
