"""Lazy exports for a room whose modules pull in heavy libraries (pandas, splink, numpy, cv2).

A room's ``__init__`` keeps its public names but imports each from its module only when first
used, so registering the room (``room.py``) or listing the command line's commands does not
load those libraries. The names are imported for type checkers under ``TYPE_CHECKING``;
``tests/test_public_api.py`` checks every exported name resolves. Ground floor: names no room.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Mapping
from typing import Any


def lazy_exports(package: str, origins: Mapping[str, str]) -> Callable[[str], Any]:
    """A module ``__getattr__`` that imports ``name`` from ``origins[name]`` on first use.

    ``origins`` maps each public name to ``"package.module"`` or ``"package.module:attribute"``
    (when the name is an alias).

    A name may not be the last component of the module it comes from (``expire`` from
    ``pkg.expire``): importing that module, by anyone, binds the module to the package's
    attribute of the same name, and the package's ``expire`` becomes the module. ValueError.
    """
    for name, origin in origins.items():
        module = origin.partition(":")[0]
        if module.rpartition(".")[2] == name:
            raise ValueError(
                f"{package}: the export {name!r} has the name of its module {module!r}; "
                "importing the module would replace the export with it (rename the module)"
            )

    def lazy_getattr(name: str) -> Any:
        origin = origins.get(name)
        if origin is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        module, _, attribute = origin.partition(":")
        value = getattr(importlib.import_module(module), attribute or name)
        setattr(sys.modules[package], name, value)  # once loaded, a plain attribute
        return value

    return lazy_getattr


__all__ = ["lazy_exports"]
