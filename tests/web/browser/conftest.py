"""Browser journeys: Chromium (Debian's, /usr/bin/chromium) driven by Playwright against a
real ``kizashi serve`` subprocess on 127.0.0.1 over a seeded SQLite store.

Without Chromium the tests skip and say why; with ``KIZASHI_TEST_REQUIRE_SERVICES=1`` (CI)
they fail instead. Screenshots of every step go to ``test-artifacts/web/`` (gitignored), or to
``KIZASHI_TEST_ARTIFACTS``.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

import httpx
import psutil
import pytest

from kizashi.config import load_settings
from kizashi.store import make_engine, upgrade
from tests.conftest import missing_service
from tests.web.seeding import Seeded, seed

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
]
ROOT = Path(__file__).resolve().parents[3]


def artifacts_dir() -> Path:
    base = Path(os.environ.get("KIZASHI_TEST_ARTIFACTS", ROOT / "test-artifacts" / "web"))
    base.mkdir(parents=True, exist_ok=True)
    return base


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="session")
def chromium_path() -> Path:
    if not CHROMIUM.exists():
        missing_service(f"no Chromium at {CHROMIUM}: apt-get install -y chromium")
    return CHROMIUM


def _kizashi() -> list[str]:
    script = Path(sys.executable).with_name("kizashi")
    return (
        [str(script)]
        if script.exists()
        else [sys.executable, "-c", "from kizashi.cli import main; main()"]
    )


def _env(data_dir: Path, *, worker: bool = True) -> dict[str, str]:
    return {
        **os.environ,
        "KIZASHI_DATA_DIR": str(data_dir),
        "KIZASHI_DATABASE_URL": "",
        "KIZASHI_LOG_LEVEL": "WARNING",
        "KIZASHI_SERVE_WORKER": "true" if worker else "false",
        "PYTHONPATH": os.pathsep.join(sys.path),
    }


def _listens(pid: int, port: int) -> bool:
    """Whether the process `pid` (or a child of it) listens on `port`: under pytest-xdist two
    workers pick free ports at once, and the server that answers must be this one."""
    try:
        parent = psutil.Process(pid)
        processes = [parent, *parent.children(recursive=True)]
        return any(
            c.status == psutil.CONN_LISTEN and c.laddr.port == port
            for process in processes
            for c in process.net_connections("tcp")
        )
    except psutil.Error:
        return False


def _start(data_dir: Path, worker: bool, log: IO[bytes]) -> tuple[subprocess.Popen[bytes], str]:
    """`kizashi serve` on a free port, once it answers; retried on a new port when the one picked
    was taken before the server bound it (another worker's server, say)."""
    log_path = data_dir / "serve.log"
    for _attempt in range(3):
        port = _free_port()
        process = subprocess.Popen(
            [*_kizashi(), "serve", "--host", "127.0.0.1", "--port", str(port)],
            env=_env(data_dir, worker=worker),
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        base = f"http://127.0.0.1:{port}"
        # Under load (2 test workers, Chromium and other jobs on 2 cores) start-up can be slow.
        deadline = time.monotonic() + 180
        while process.poll() is None and time.monotonic() < deadline:
            try:
                answered = httpx.get(f"{base}/api/v1/health", timeout=2).status_code == 200
            except httpx.HTTPError:
                answered = False
            if answered and _listens(process.pid, port):
                return process, base
            time.sleep(0.3)
        if process.poll() is None:  # alive but not answering: a hang, not a taken port
            _stop(process)
            break
    output = log_path.read_text("utf-8", "replace")
    pytest.fail(f"kizashi serve did not start: {output[-2000:]}")


def _stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextmanager
def serving(data_dir: Path, *, worker: bool = True) -> Iterator[str]:
    """`kizashi serve` on a free port over the store in `data_dir`; its base URL."""
    with (data_dir / "serve.log").open("wb") as log:
        process, base = _start(data_dir, worker, log)
        try:
            yield base
        finally:
            _stop(process)


@pytest.fixture(scope="module")
def server(
    tmp_path_factory: pytest.TempPathFactory, chromium_path: Path
) -> Iterator[tuple[str, Seeded]]:
    """`kizashi serve` on a free port over a freshly seeded store; its base URL and seed."""
    data_dir = tmp_path_factory.mktemp("web-serve")
    settings = load_settings(data_dir=data_dir, database_url=None)
    engine = make_engine(settings)
    upgrade(engine)
    # A real `kizashi serve` reads the wall clock (there is deliberately no switch to move a
    # server's time), so its store is seeded relative to the real now. The pages window by
    # rolling periods, so what these tests see does not depend on the calendar.
    seeded = seed(engine, settings, fillers=40, posts=30, now=datetime.now(UTC))
    engine.dispose()
    # The seeded world is built by hand (entities and alerts written directly), so the live
    # worker stays off: running the pipeline over its reports would open further alerts while
    # a journey counts them.
    with serving(data_dir, worker=False) as base:
        yield base, seeded


DEMO_SCALE = "0.05"  # the planted cases are all there; the background is 5 % (about 40 s)


@pytest.fixture(scope="session")
def demo_build(tmp_path_factory: pytest.TempPathFactory, chromium_path: Path) -> tuple[Path, str]:
    """`kizashi demo --scale 0.05` built once per session: its workspace (the served store,
    which a check may add a state to, e.g. a dead letter) and what the demo printed."""
    base_dir = tmp_path_factory.mktemp("web-demo")
    workspace = base_dir / "demo"
    built = subprocess.run(
        [*_kizashi(), "demo", "--scale", DEMO_SCALE, "--workspace", str(workspace)],
        env={**_env(base_dir), "COLUMNS": "200"},
        capture_output=True,
        text=True,
        timeout=600,
    )
    (base_dir / "demo.log").write_text(built.stdout + built.stderr, "utf-8")
    if built.returncode != 0:
        pytest.fail(f"kizashi demo failed ({built.returncode}): {built.stderr[-2000:]}")
    return workspace, built.stdout


@pytest.fixture(scope="session")
def demo_server(demo_build: tuple[Path, str]) -> Iterator[tuple[str, str]]:
    """`kizashi serve` over the session's demo: the base URL and what the demo printed."""
    workspace, printed = demo_build
    with serving(workspace) as base:
        yield base, printed


@pytest.fixture(scope="module")
def browser(chromium_path: Path) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(chromium_path), args=CHROMIUM_ARGS
        )
        yield launched
        launched.close()


class Journey:
    """A browser page with numbered screenshots: test-artifacts/web/<journey>/<nn>-<step>.png."""

    def __init__(self, browser: Any, base: str, name: str) -> None:
        self.context = browser.new_context(locale="ja-JP", viewport={"width": 1280, "height": 900})
        self.page = self.context.new_page()
        self.page.set_default_timeout(15_000)
        self.base = base
        self.folder = artifacts_dir() / name
        self.folder.mkdir(parents=True, exist_ok=True)
        self.step = 0
        self.console_errors: list[str] = []
        self.page.on("console", lambda m: m.type == "error" and self.console_errors.append(m.text))
        self.page.on("pageerror", lambda e: self.console_errors.append(str(e)))

    def go(self, path: str) -> Any:
        return self.page.goto(self.base + path)

    def shot(self, label: str) -> Path:
        self.step += 1
        path = self.folder / f"{self.step:02d}-{label}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path

    def sign_in(self, name: str, password: str) -> None:
        self.go("/ui/login")
        self.page.get_by_label("ユーザー名").fill(name)
        self.page.get_by_label("パスワード").fill(password)
        self.page.get_by_role("button", name="サインイン").click()
        self.page.wait_for_url("**/ui/**")

    def confirm_alert(self, reason: str, open_before: int, confirmed_before: int) -> None:
        """From an alert page: confirm it, then see the dashboard's counts move by one."""
        page = self.page
        page.get_by_label("確認（対応要）").check()
        page.get_by_label("理由（必須）", exact=True).fill(reason)
        page.get_by_test_id("review-submit").click()
        page.wait_for_selector("[data-testid=done]")
        assert page.get_by_test_id("alert-status").inner_text() == "確認済み"
        self.shot("confirmed")

        page.get_by_role("link", name="ダッシュボード").click()
        page.wait_for_selector("[data-testid=open-total]")
        assert int(page.get_by_test_id("open-total").inner_text()) == open_before - 1
        assert int(page.get_by_test_id("confirmed-total").inner_text()) == confirmed_before + 1
        self.shot("dashboard-after")
        assert not self.console_errors, self.console_errors

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def journey(
    browser: Any, server: tuple[str, Seeded], request: pytest.FixtureRequest
) -> Iterator[Journey]:
    opened = Journey(browser, server[0], request.node.name.replace("[", "-").rstrip("]"))
    yield opened
    opened.close()
