"""Browser journeys: Chromium (Debian's, /usr/bin/chromium) driven by Playwright against the
real app served over real HTTP on 127.0.0.1 (in the test's process, on the test's clock: see
:mod:`tests.web.browser.served`) over a seeded SQLite store.

Without Chromium the tests skip and say why; with ``KIZASHI_TEST_REQUIRE_SERVICES=1`` (CI)
they fail instead. Screenshots of every step go to ``test-artifacts/web/`` (gitignored), or to
``KIZASHI_TEST_ARTIFACTS``.
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from rich.console import Console

from kizashi.config import load_settings
from kizashi.store import make_engine, upgrade
from tests.conftest import frozen_now, missing_service
from tests.shared_demo import copy_workspace
from tests.web.browser.served import RunningClock, serving
from tests.web.seeding import Seeded, seed

if TYPE_CHECKING:
    from kizashi.demo.context import DemoContext

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


@pytest.fixture(scope="session")
def chromium_path() -> Path:
    if not CHROMIUM.exists():
        missing_service(f"no Chromium at {CHROMIUM}: apt-get install -y chromium")
    return CHROMIUM


@pytest.fixture(scope="module")
def server(
    tmp_path_factory: pytest.TempPathFactory, chromium_path: Path
) -> Iterator[tuple[str, Seeded]]:
    """The app on a free port over a freshly seeded store, on a clock that starts at the
    tests' instant (`frozen_now`); its base URL and seed."""
    data_dir = tmp_path_factory.mktemp("web-serve")
    settings = load_settings(data_dir=data_dir, database_url=None)
    engine = make_engine(settings)
    upgrade(engine)
    clock = RunningClock(frozen_now())
    seeded = seed(engine, settings, fillers=40, posts=30, now=clock())
    engine.dispose()
    # The seeded world is built by hand (entities and alerts written directly), so the live
    # worker stays off: running the pipeline over its reports would open further alerts while
    # a journey counts them.
    with serving(data_dir, clock, worker=False) as base:
        yield base, seeded


@pytest.fixture(scope="session")
def demo_build(
    tmp_path_factory: pytest.TempPathFactory, chromium_path: Path, small_demo: DemoContext
) -> tuple[Path, str]:
    """The session's 0.05 demo (`small_demo`: what `kizashi demo --scale 0.05 --seed 7` builds,
    through the function the command calls) in a workspace of its own — the served store,
    which the live worker and a check change (e.g. a dead letter) — and what the command
    prints for it (`print_summary`, the command's own). One demo build fewer than serving a
    `kizashi demo` subprocess of its own (about 30 s); that the command itself builds and
    prints is tests/demo/test_cli.py's, in the deep run (docs/testing.md)."""
    from kizashi.demo.cli import print_summary

    workspace = copy_workspace(
        small_demo.workspace.root, tmp_path_factory.mktemp("web-demo") / "demo"
    )
    printed = io.StringIO()
    print_summary(small_demo, 0.0, Console(file=printed, width=120))
    return workspace, printed.getvalue()


@pytest.fixture(scope="session")
def demo_server(demo_build: tuple[Path, str]) -> Iterator[tuple[str, str]]:
    """The app (with the live pipeline's worker, as `kizashi serve` runs it) over the
    session's demo, on a clock from the tests' instant: the base URL and what the demo printed."""
    workspace, printed = demo_build
    with serving(workspace, RunningClock(frozen_now())) as base:
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
        # The login page is under /ui/ too: wait until the browser has left it, or the next
        # step may read the login page (a race seen in CI).
        self.page.wait_for_url(lambda url: "/ui/login" not in url)

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
