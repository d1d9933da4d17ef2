import re
import subprocess
import sys
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


def test_the_env_file_is_read_and_the_environment_and_arguments_win_over_it(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    (tmp_path / ".env").write_text(
        "KIZASHI_PORT=8123\nKIZASHI_HOST=10.0.0.1\nkizashi_log_level=DEBUG\n"
        "KIZASHI_NOT_A_SETTING=1\nOTHER_PORT=1\n",
        "utf-8",
    )
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("KIZASHI_PORT", raising=False)
    monkeypatch.delenv("KIZASHI_LOG_LEVEL", raising=False)
    monkeypatch.setenv("KIZASHI_HOST", "10.0.0.2")
    settings = load_settings(serve_workers=3)
    assert (settings.port, settings.host, settings.log_level) == (8123, "10.0.0.2", "DEBUG")
    assert settings.serve_workers == 3
    assert load_settings(host="10.0.0.3").host == "10.0.0.3"
    assert Settings(_env_file=None).port == 8700  # no file: the default


def test_a_variable_is_matched_without_regard_to_case_and_validated(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("kizashi_serve_workers", "4")
    assert load_settings().serve_workers == 4
    monkeypatch.setenv("kizashi_serve_workers", "0")
    with pytest.raises(ConfigError, match="serve_workers"):
        load_settings()


def test_reading_the_settings_does_not_import_pydantic_settings() -> None:
    code = (
        "import sys; from kizashi.config import load_settings; load_settings(); "
        "print(sorted(m for m in ('pydantic_settings', 'argparse') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
