"""The one exception tree: every error kizashi raises on purpose is drawn in kizashi.errors,
under its parent, with the HTTP status and the exit code its class declares."""

from __future__ import annotations

import importlib
import pkgutil
import re

import pytest

import kizashi
import kizashi.errors
from kizashi.errors import KizashiError

LINE = re.compile(r"^(?P<indent>[ │├└─]*)(?P<name>\w+)\s+(?P<status>\d{3})\s+exit (?P<exit>\d)\b")


def _every_module() -> None:
    for module in pkgutil.walk_packages(kizashi.__path__, "kizashi."):
        if ".migrations." in module.name:  # Alembic revision scripts, loaded by Alembic
            continue
        importlib.import_module(module.name)


def _subclasses(root: type) -> list[type]:
    found: list[type] = []
    for sub in root.__subclasses__():
        found += [sub, *_subclasses(sub)]
    return found


def _drawing() -> dict[str, tuple[int, int, int, str | None]]:
    """name → (column, status, exit code, parent name) from the docstring's tree."""
    drawn: dict[str, tuple[int, int, int, str | None]] = {}
    stack: list[tuple[int, str]] = []
    for line in (kizashi.errors.__doc__ or "").splitlines():
        match = LINE.match(line.strip("\n")[4:] if line.startswith("    ") else line)
        if match is None:
            continue
        column = len(match["indent"])
        while stack and stack[-1][0] >= column:
            stack.pop()
        parent = stack[-1][1] if stack else None
        drawn[match["name"]] = (column, int(match["status"]), int(match["exit"]), parent)
        stack.append((column, match["name"]))
    return drawn


@pytest.fixture(scope="module")
def errors() -> list[type[KizashiError]]:
    _every_module()
    return [KizashiError, *_subclasses(KizashiError)]


def test_every_error_is_drawn_under_its_parent_with_its_status_and_exit_code(
    errors: list[type[KizashiError]],
) -> None:
    drawn = _drawing()
    problems = []
    for error in errors:
        if error.__name__ not in drawn:
            problems.append(f"{error.__module__}.{error.__name__} is not drawn")
            continue
        _, status, exit_code, parent = drawn[error.__name__]
        expected_parent = next(
            (base.__name__ for base in error.__bases__ if issubclass(base, KizashiError)), None
        )
        if parent != expected_parent:
            problems.append(f"{error.__name__} is drawn under {parent}, not {expected_parent}")
        if (status, exit_code) != (error.status, error.exit_code):
            problems.append(
                f"{error.__name__} is drawn as {status}/exit {exit_code}, "
                f"declares {error.status}/exit {error.exit_code}"
            )
    assert problems == []


def test_nothing_is_drawn_that_does_not_exist(errors: list[type[KizashiError]]) -> None:
    assert sorted(set(_drawing()) - {e.__name__ for e in errors}) == []


def test_error_names_are_unique(errors: list[type[KizashiError]]) -> None:
    names = [e.__name__ for e in errors]
    assert len(names) == len(set(names))


def test_statuses_and_exit_codes_are_ones_the_surfaces_know(
    errors: list[type[KizashiError]],
) -> None:
    for error in errors:
        assert 400 <= error.status <= 599, error
        assert error.exit_code in (3, 4, 5), error
