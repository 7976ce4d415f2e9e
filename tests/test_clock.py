"""One clock: "today" comes from ``local_today()`` alone, and a test can fix it.

A test module that read ``date.today()`` when it was imported kept that day while
the app moved on at midnight, and the suite failed when it ran across it.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from tracker.models import HourEntry
from tracker.services.dates import local_today

ROOT = Path(__file__).resolve().parent.parent
THE_CLOCK = ROOT / "tracker" / "services" / "dates.py"
SYSTEM_DAY = re.compile(r"\b(?:date|datetime)\.today\(\)|\bdatetime\.now\(\)\.date\(\)")
FIXED = date(2031, 5, 20)


def test_nothing_reads_the_system_day_but_the_one_clock():
    readers = [
        f"{path.relative_to(ROOT)}:{number}"
        for folder in ("tracker", "tests", "benchmarks")
        for path in sorted((ROOT / folder).rglob("*.py"))
        if path not in (THE_CLOCK, Path(__file__).resolve())
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if SYSTEM_DAY.search(line)
    ]
    assert readers == [], "read today from tracker.services.dates.local_today()"


def test_the_suite_fixes_today_for_each_app(app):
    """Set once when the app is built: a test that crosses midnight keeps its day."""
    assert isinstance(app.config["TODAY"], date)
    assert local_today() == app.config["TODAY"]


class TestAFixedDay:
    @pytest.fixture
    def app_overrides(self):
        return {"TODAY": FIXED}

    def test_builders_pages_and_rules_all_see_it(self, client, login_as, make, db):
        trainee = login_as("trainee")
        assert local_today() == FIXED
        # The builders' default dates are read when called, from the same clock.
        assert make.hour_entry(trainee).worked_on == FIXED - timedelta(days=1)
        assert make.certification(trainee, make.program()).issued_on == FIXED
        db.session.commit()

        form = client.get("/hours/new").get_data(as_text=True)
        assert f'max="{FIXED.isoformat()}"' in form

        # The fixed day is not in the future, the day after it is.
        data = {
            "hours": "1",
            "activity": "support_group",
            "setting": "in_person",
            "is_paid": "volunteer",
        }
        today = client.post("/hours/new", data={**data, "worked_on": FIXED.isoformat()})
        assert today.status_code == 303
        after = (FIXED + timedelta(days=1)).isoformat()
        refused = client.post(
            "/hours/new", data={**data, "worked_on": after, "submission_key": "other"}
        )
        assert refused.status_code == 400
        days = db.session.scalars(sa.select(HourEntry.worked_on).order_by(HourEntry.id)).all()
        assert days == [FIXED - timedelta(days=1), FIXED]
