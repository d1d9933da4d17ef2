"""PostgreSQL's own tools for whole-store copies: `pg_dump` in custom format, `pg_restore`.

The store lives in one schema (``current_schema()`` of its connections: ``public``, or the one
a ``search_path`` option names); dumps and restores cover exactly that schema. The tools get
the connection as a libpq URI without the password, which travels in ``PGPASSWORD`` so that
it never shows in the process list.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

from sqlalchemy import Engine

from kizashi.ops.errors import BackupError

_SCHEMA_ENTRY = re.compile(r"\bSCHEMA - (\S+)")


def tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(
            f"{name} is not on PATH: install the PostgreSQL client tools of the server's "
            "version (Debian: postgresql-client)"
        )
    return found


def libpq(engine: Engine) -> tuple[str, dict[str, str]]:
    """The store's libpq URI (no password) and the environment that carries the password."""
    url = engine.url.set(drivername="postgresql")
    env = dict(os.environ)
    if url.password is not None:
        env["PGPASSWORD"] = str(url.password)
        url = url.set(password=None)
    return url.render_as_string(hide_password=False), env


def run(command: list[str], env: dict[str, str], what: str) -> None:
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise BackupError(f"{what} failed (exit {done.returncode}): {done.stderr.strip()[-2000:]}")


def dump(engine: Engine, schema: str, snapshot: str | None, out: Path) -> None:
    """`pg_dump` of `schema` in custom format, inside `snapshot` when one is exported."""
    uri, env = libpq(engine)
    command = [tool("pg_dump"), "--format=custom", f"--schema={schema}", "--no-owner"]
    command += [f"--snapshot={snapshot}"] if snapshot else []
    run([*command, f"--file={out}", f"--dbname={uri}"], env, "pg_dump")


def creates_schema(archive: Path, schema: str) -> bool:
    """Whether the archive creates `schema` itself (pg_dump leaves out ``public``)."""
    done = subprocess.run(
        [tool("pg_restore"), "--list", str(archive)], capture_output=True, text=True, check=True
    )
    return any(
        (found := _SCHEMA_ENTRY.search(line)) is not None and found[1] == schema
        for line in done.stdout.splitlines()
    )


def restore(engine: Engine, archive: Path) -> None:
    """`pg_restore` of a custom-format archive, in one transaction, objects owned by us."""
    uri, env = libpq(engine)
    command = [tool("pg_restore"), "--single-transaction", "--exit-on-error", "--no-owner"]
    run([*command, "--no-privileges", f"--dbname={uri}", str(archive)], env, "pg_restore")
