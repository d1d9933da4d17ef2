"""The demo's operation compartment stays usable after the build, whatever the build's date."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select

from kizashi.demo.clock import PERIOD_END
from kizashi.demo.context import DemoContext
from kizashi.demo.stage_trace import COMPARTMENT, compartment_until
from kizashi.store.tables import compartments


def test_the_compartment_outlasts_the_scenario_and_a_year_after_the_build(now: datetime) -> None:
    until = compartment_until(now)
    assert until >= now + timedelta(days=365)
    assert until >= PERIOD_END + timedelta(days=60)
    long_before = PERIOD_END - timedelta(days=3650)
    assert compartment_until(long_before) == PERIOD_END + timedelta(days=60)


def test_the_built_demo_dates_the_compartment_from_its_build(small_demo: DemoContext) -> None:
    with small_demo.engine.connect() as connection:
        valid_until = connection.execute(
            select(compartments.c.valid_until).where(compartments.c.name == COMPARTMENT)
        ).scalar_one()
    assert valid_until == compartment_until(small_demo.built_at)
