"""One typed settings object for the whole platform.

Every setting reads from an environment variable with the prefix ``KIZASHI_`` (or a ``.env``
file in the working directory), has a default that works on a fresh machine, and a help line
that ``kizashi settings`` prints and ``docs/settings.md`` repeats (a test keeps them in step).

The environment is read here, not by pydantic-settings: every setting is a scalar, so its
text goes to the model as it is, and importing pydantic-settings (its sources pull argparse
and a plugin scan) cost every command ≈ 35-45 ms of CPU at start, `kizashi ingest` among them
(issue 21).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, SecretStr, field_validator

from kizashi.errors import ConfigError

ENV_PREFIX = "KIZASHI_"
ENV_FILE = ".env"  # read from the working directory when it exists


class Settings(BaseModel):
    """Settings of one kizashi installation.

    ``Settings(**values)`` reads ``KIZASHI_*`` from the environment and from ``_env_file``
    (``.env``; None: no file); names are matched without regard to case, the environment
    wins over the file and ``values`` over both, and unknown names are ignored.
    """

    model_config = ConfigDict(extra="ignore", frozen=True, validate_default=True)

    def __init__(self, _env_file: str | Path | None = ENV_FILE, **values: Any) -> None:
        super().__init__(**{**_environment(_env_file), **values})

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
        description=(
            "Time zone in which timestamps without an offset are read, and in which the web"
            " pages show times (with the zone named)."
        ),
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
    api_max_body_bytes: int = Field(
        default=64 * 1024 * 1024,
        ge=1024,
        description="Largest request body accepted, in bytes; a larger one is refused with 413 before it is read, parsed or authenticated.",
    )
    api_max_json_depth: int = Field(
        default=32,
        ge=4,
        description="Deepest nesting of arrays and objects accepted in a JSON request body; deeper is refused with 422 before any route parses it.",
    )
    log_level: str = Field(default="INFO", description="Log level (DEBUG, INFO, WARNING, ERROR).")
    shared_data: Path | None = Field(
        default=None,
        description=(
            "Folder of the public data sets that builds, training and evaluations read "
            "(`kizashi detect train|eval`, the linkage reference tables and look-alike sets). "
            "Empty means the first ../shared/data found above the working directory or the "
            "package. Scoring and linking never read it."
        ),
    )
    serve_worker: bool = Field(
        default=True,
        description="Run the live pipeline's worker inside `kizashi serve` (false when `kizashi worker` processes run beside it).",
    )
    pipeline_batch_size: int = Field(
        default=64,
        ge=1,
        le=5000,
        description="Reports a worker takes through one stage per transaction.",
    )
    pipeline_poll_seconds: float = Field(
        default=0.2,
        gt=0,
        le=60,
        description="How often an idle worker looks for new reports on SQLite (PostgreSQL wakes it by LISTEN/NOTIFY; this is then only its fallback).",
    )
    pipeline_gather_seconds: float = Field(
        default=0.5,
        ge=0,
        le=10,
        description="While reports keep coming, how long a worker lets the next batch gather (from the start of a pass that found less than a full batch) before it runs the next pass: a pass costs a fixed ~40 ms of CPU whatever its size. 0: no wait.",
    )
    pipeline_max_attempts: int = Field(
        default=3,
        ge=1,
        description="Failures of a stage on one report before it is parked as a dead letter.",
    )
    webhooks_file: Path | None = Field(
        default=None,
        description="YAML file of the desks' outbound webhooks; empty means the shipped kizashi/pipeline/data/webhooks.yaml.",
    )
    webhook_max_attempts: int = Field(
        default=8,
        ge=1,
        description="Attempts to deliver one webhook call before it is recorded as failed.",
    )
    webhook_backoff_seconds: float = Field(
        default=2.0,
        gt=0,
        description="Wait before the second attempt of a webhook call; doubled after each failure (at most one hour).",
    )

    profile: Literal["development", "production"] = Field(
        default="development",
        description=(
            "Deployment profile. `production` makes `kizashi serve` and `kizashi worker` refuse "
            "to start on unsafe settings (`kizashi doctor` lists every check with its fix)."
        ),
    )
    audit_signing_key: Path | None = Field(
        default=None,
        description=(
            "File of the audit log's checkpoint signing key (Ed25519, mode 0600). Empty means "
            "<data_dir>/audit/checkpoint.key; in production it must be outside the data directory."
        ),
    )
    witness_url: str | None = Field(
        default=None,
        description=(
            "Where the audit log's witness keeps the checkpoints it has seen, on other storage "
            "under other administrators (a file: URL or path names a witness directory). Empty "
            "means <data_dir>/witness, which production refuses."
        ),
    )
    session_secret: SecretStr | None = Field(
        default=None,
        description=(
            "Secret (at least 32 characters) that signs web sessions. Empty means a key made on "
            "first use in <data_dir>/web/session.key, which production refuses."
        ),
    )
    serve_workers: int = Field(
        default=1,
        ge=1,
        le=64,
        description="HTTP worker processes of `kizashi serve` (more than one needs PostgreSQL).",
    )
    forwarded_allow_ips: str | None = Field(
        default=None,
        description=(
            "Addresses of the TLS-terminating reverse proxy whose X-Forwarded-For/-Proto headers "
            "`kizashi serve` trusts (comma-separated, as uvicorn's --forwarded-allow-ips). "
            "Production requires it when the server listens beyond loopback."
        ),
    )
    metrics_token: SecretStr | None = Field(
        default=None,
        description=(
            "Bearer token that /metrics requires. Empty means /metrics answers clients on "
            "loopback only."
        ),
    )
    ready_max_lag_seconds: float = Field(
        default=300.0,
        gt=0,
        description=(
            "/readyz fails when the oldest report waiting in the pipeline has waited longer "
            "than this (seconds)."
        ),
    )
    log_format: Literal["auto", "json", "text"] = Field(
        default="auto",
        description=(
            "Log lines as JSON objects (with the request id) or as text; `auto` is JSON in "
            "production and text in development."
        ),
    )

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
    def production(self) -> bool:
        return self.profile == "production"

    @property
    def json_logs(self) -> bool:
        return self.log_format == "json" or (self.log_format == "auto" and self.production)

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


def _environment(env_file: str | Path | None) -> dict[str, str]:
    """The settings given as ``KIZASHI_*`` variables: the file's, then the environment's."""
    names = {(ENV_PREFIX + name).lower(): name for name in Settings.model_fields}
    found: dict[str, str] = {}
    if env_file is not None and Path(env_file).is_file():
        from dotenv import dotenv_values

        for key, value in dotenv_values(env_file).items():
            if value is not None and (name := names.get(key.lower())):
                found[name] = value
    for key, value in os.environ.items():
        if name := names.get(key.lower()):
            found[name] = value
    return found


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


def shared_data_dir(settings: Settings | None = None) -> Path:
    """``KIZASHI_SHARED_DATA``, else the first ``../shared/data`` above the working directory
    or this package (the repository's sibling folder in a checkout or a worktree).

    Read by builds, training and evaluations only, never at run time.
    """
    configured = (settings or load_settings()).shared_data
    if configured:
        return configured
    for start in (Path.cwd(), Path(__file__).resolve()):
        for folder in (start, *start.parents):
            candidate = folder.parent / "shared" / "data"
            if (candidate / "README.md").exists():
                return candidate
    raise ConfigError(
        "the shared data folder was not found: set KIZASHI_SHARED_DATA to ../shared/data"
    )


def load_settings(**overrides: Any) -> Settings:
    """Settings from the environment, with explicit overrides (used by tests and the CLI)."""
    try:
        return Settings(**overrides)
    except ValueError as exc:
        raise ConfigError(f"invalid settings: {exc}") from exc
