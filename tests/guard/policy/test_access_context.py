"""What the guard writes into an audit entry for insider analytics (docs/insider.md)."""

from __future__ import annotations

from datetime import datetime

from kizashi.guard.identity import CaseInfo, User
from kizashi.guard.policy import Resource
from kizashi.guard.policy.access_context import Pseudonyms, access_context

ANN = User("u-ann", "ann", "command_centre", desk="lone-offender")
BOB = User("u-bob", "bob", "analyst", desk="tokuryu")


def _context(user: User, resource: Resource, now: datetime) -> dict[str, object]:
    return access_context(user, resource, now, Pseudonyms(b"k"), "ws-1")


def test_a_desks_own_case_less_work_items_are_desk_work(now: datetime) -> None:
    alert = Resource("alert", "A-1", desk="lone-offender")
    own_product = Resource("product", "P-1", desk="lone-offender", author=ANN.id)
    assert _context(ANN, alert, now)["desk_work"] is True
    assert _context(ANN, own_product, now)["desk_work"] is True
    # Another desk's alert, a report of one's own desk and case material are not.
    assert "desk_work" not in _context(BOB, alert, now)
    assert "desk_work" not in _context(ANN, Resource("report", "R-1", desk="lone-offender"), now)
    case = CaseInfo("T-1", "lone-offender", frozenset({ANN.id}))
    on_case = Resource("alert", "A-2", desk="lone-offender", case=case)
    assert "desk_work" not in _context(ANN, on_case, now)


def test_the_export_of_an_approved_product_is_a_dissemination(now: datetime) -> None:
    draft = Resource("product", "P-1", desk="lone-offender", author=ANN.id, approved=False)
    approved = Resource("product", "P-1", desk="lone-offender", author=ANN.id, approved=True)
    assert "workflow" not in _context(ANN, draft, now)
    assert _context(ANN, approved, now)["workflow"] == "approval"
    # Material with no approval step (approved None) carries no workflow.
    assert "workflow" not in _context(ANN, Resource("product", "P-2", desk="tokuryu"), now)
