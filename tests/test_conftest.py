"""The xdist grouping of tests/conftest.py: tests that share a build land in one group."""

from __future__ import annotations

from tests.conftest import shared_groups


def test_tests_sharing_nothing_have_no_group() -> None:
    assert shared_groups([set(), set()]) == [None, None]


def test_tests_sharing_a_build_or_a_module_share_a_group() -> None:
    groups = shared_groups([{"build:small_demo"}, {"module:a.py"}, {"build:small_demo"}])
    assert groups[0] == groups[2] != groups[1]


def test_groups_joined_through_a_test_that_shares_both_are_one() -> None:
    # a browser module with a module-scoped server whose one test also uses the served demo
    groups = shared_groups(
        [{"module:a.py"}, {"build:demo_server"}, {"module:a.py", "build:demo_server"}, {"x"}]
    )
    assert groups[0] == groups[1] == groups[2] != groups[3]


def test_the_names_do_not_depend_on_the_order_within_a_test() -> None:
    assert shared_groups([{"a", "b"}, {"b"}]) == shared_groups([{"b", "a"}, {"b"}])
