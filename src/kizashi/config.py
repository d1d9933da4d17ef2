"""One typed settings object for the whole platform.

Every setting reads from an environment variable with the prefix ``KIZASHI_`` (or a ``.env``
file in the working directory), has a default that works on a fresh machine, and a help line
that ``kizashi settings`` prints and ``docs/settings.md`` repeats (a test keeps them in step).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from kizashi.errors import ConfigError

ENV_PREFIX = "KIZASHI_"


class Settings(BaseSettings):
    """Settings of one kizashi installation."""

    model_config = SettingsConfigDict(
        env_prefix=ENV_PREFIX, env_file=".env", extra="ignore", frozen=True
    )

    data_dir: Path = Field(
        default=Path("var"),
        description="Directory for the SQLite database, demo workspaces and other local files.",
    )
    database_url: str | None = Field(
        default=None,
        description=(
            "SQLAlchemy URL of the store, e.g. postgresql+psycopg://user@host/db. "
            "Empty means a SQLite file kizashi.db in the data directory."
        ),
    )
    timezone: str = Field(
        default="Asia/Tokyo",
        description="Time zone in which timestamps without an offset are read.",
    )
    host: str = Field(default="127.0.0.1", description="Address `kizashi serve` listens on.")
    port: int = Field(default=8700, ge=1, le=65535, description="Port `kizashi serve` listens on.")
    ingest_batch_size: int = Field(
        default=2000,
        ge=1,
        le=100_000,
        description="Rows written per transaction during intake (a crash loses at most one batch, which a re-run restores).",
    )
    api_max_batch: int = Field(
        default=10_000,
        ge=1,
        description="Most reports accepted in one API batch request.",
    )
    log_level: str = Field(default="INFO", description="Log level (DEBUG, INFO, WARNING, ERROR).")

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {value!r}") from exc
        return value

    @property
    def effective_database_url(self) -> str:
        """The database URL in force: the configured one, or the SQLite file in data_dir."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'kizashi.db').resolve()}"

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def ensure_data_dir(self) -> Path:
        """Create the data directory if needed; fail with a ConfigError if it cannot be."""
        try:
            self.data_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ConfigError(f"cannot create data directory {self.data_dir}: {exc}") from exc
        return self.data_dir


@dataclass(frozen=True)
class SettingDescription:
    name: str
    env_var: str
    value: Any
    default: Any
    help: str


def describe_settings(settings: Settings) -> list[SettingDescription]:
    """Every setting with its environment variable, value in force, default and help."""
    rows = []
    for name, field in Settings.model_fields.items():
        rows.append(
            SettingDescription(
                name=name,
                env_var=ENV_PREFIX + name.upper(),
                value=getattr(settings, name),
                default=field.default,
                help=field.description or "",
            )
        )
    return rows


def load_settings(**overrides: Any) -> Settings:
    """Settings from the environment, with explicit overrides (used by tests and the CLI)."""
    try:
        return Settings(**overrides)
    except ValueError as exc:
        raise ConfigError(f"invalid settings: {exc}") from exc
