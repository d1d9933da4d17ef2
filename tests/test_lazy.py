"""kizashi.lazy: a room's names imported on first use, and never shadowed by their modules."""

import sys
import types
from collections.abc import Iterator

import pytest

from kizashi.lazy import lazy_exports


@pytest.fixture
def package() -> Iterator[types.ModuleType]:
    # A throw-away package to bind the lazily loaded names to.
    module = types.ModuleType("kizashi_lazy_probe")
    sys.modules[module.__name__] = module
    yield module
    del sys.modules[module.__name__]


def test_a_name_is_imported_on_first_use_and_kept(package: types.ModuleType) -> None:
    lazy = lazy_exports(package.__name__, {"dumps": "json", "Loader": "json:JSONDecoder"})

    assert lazy("dumps") is sys.modules["json"].dumps
    assert package.dumps is sys.modules["json"].dumps  # bound: no second __getattr__ call
    assert lazy("Loader") is sys.modules["json"].JSONDecoder


def test_an_unknown_name_is_an_attribute_error(package: types.ModuleType) -> None:
    lazy = lazy_exports(package.__name__, {"dumps": "json"})

    with pytest.raises(AttributeError, match="no attribute 'loads'"):
        lazy("loads")


@pytest.mark.parametrize("origin", ["kizashi.oversight.expire", "kizashi.oversight.expire:run"])
def test_a_name_equal_to_its_module_is_refused(origin: str) -> None:
    # Importing kizashi.oversight.expire would bind the module to the package's `expire`.
    with pytest.raises(ValueError, match="'expire' has the name of its module"):
        lazy_exports("kizashi.oversight", {"plan": "kizashi.oversight.plans", "expire": origin})


def test_oversight_expire_stays_the_function_once_its_module_is_imported() -> None:
    import kizashi.oversight
    import kizashi.oversight.expiration

    assert callable(kizashi.oversight.expire)
    assert not isinstance(kizashi.oversight.expire, types.ModuleType)
