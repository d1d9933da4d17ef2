"""Side channels: counts, facets, autocomplete, existence and "already exists", filtered.

A list that leaves out a compartment's report is not enough if its count, its facet
totals, an autocomplete suggestion or an "already exists" error still give the report
away. Every helper here asks a *decider* (a function from resource to decision: the pure
:func:`kizashi.guard.policy.decide.decide` with its other arguments bound, or
:meth:`kizashi.guard.policy.service.Guard.decider`, which also logs) about each item, and
answers from the allowed items only. A hidden item and a missing one look the same.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from typing import TypeVar

from kizashi.guard.policy.domain import Decision, Resource

Decider = Callable[[Resource], Decision]
T = TypeVar("T")


def visible(items: Iterable[T], resource_of: Callable[[T], Resource], decider: Decider) -> list[T]:
    """The items whose resource is allowed, in their order."""
    return [item for item in items if decider(resource_of(item)).allowed]


def visible_resources(resources: Iterable[Resource], decider: Decider) -> list[Resource]:
    return [resource for resource in resources if decider(resource).allowed]


def count_visible(resources: Iterable[Resource], decider: Decider) -> int:
    """The count the user may see: the allowed ones only, never the total."""
    return sum(1 for resource in resources if decider(resource).allowed)


def exists_visible(resource: Resource | None, decider: Decider) -> bool:
    """False for a missing id and for a hidden one alike."""
    if resource is None or not resource.found:
        return False
    return decider(resource).allowed


def facet_counts(items: Iterable[tuple[Resource, str]], decider: Decider) -> dict[str, int]:
    """Value → count over allowed items; a value only hidden items have does not appear."""
    counts: Counter[str] = Counter(value for resource, value in items if decider(resource).allowed)
    return dict(sorted(counts.items()))


def autocomplete(
    prefix: str, items: Iterable[tuple[Resource, str]], decider: Decider, *, limit: int = 10
) -> list[str]:
    """Suggestions starting with `prefix`, from allowed items only (sorted, distinct)."""
    folded = prefix.casefold()
    matches = (
        (resource, label) for resource, label in items if label.casefold().startswith(folded)
    )
    return sorted({label for resource, label in matches if decider(resource).allowed})[:limit]


def conflict_visible(existing: Resource | None, decider: Decider) -> bool:
    """May a write that collides with `existing` say "already exists"?

    When this is False the surface must answer as it does for a write that succeeded (for
    idempotent intake: "stored"), keep nothing new, and let the owning desk know through
    the logged decision — saying "duplicate" would confirm that a hidden report exists.
    """
    return exists_visible(existing, decider)
