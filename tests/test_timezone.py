"""The program's day, not the server's: TRACKER_TIMEZONE decides what "today" is."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from config import TestConfig
from tracker import ConfigurationError, create_app
from tracker.models import HourEntry
from tracker.services.dates import local_today

# Fourteen hours ahead of UTC and eleven behind: at any moment, at least one of
# these is on another calendar day than the server.
ZONES = ["Pacific/Kiritimati", "Pacific/Pago_Pago"]


def form_for(day):  # type: ignore[no-untyped-def]
    return {
        "worked_on": day.isoformat(),
        "hours": "1.5",
        "activity": "support_group",
        "setting": "in_person",
        "notes": "",
        "submission_key": f"tz-{day.isoformat()}",
    }


class TestInEachZone:
    @pytest.fixture(params=ZONES)
    def zone(self, request):  # type: ignore[no-untyped-def]
        return request.param

    @pytest.fixture
    def app_overrides(self, zone):  # type: ignore[no-untyped-def]
        return {"TIMEZONE": zone}

    def test_today_is_the_programs_day(self, app, zone):
        assert local_today() == datetime.now(ZoneInfo(zone)).date()

    def test_hours_worked_today_there_are_not_in_the_future(self, client, login_as, db, zone):
        login_as("trainee")
        day = datetime.now(ZoneInfo(zone)).date()
        response = client.post("/hours/new", data=form_for(day))
        assert response.status_code in (302, 303), response.get_data(as_text=True)[:500]
        assert db.session.scalar(select(func.count()).select_from(HourEntry)) == 1


def test_an_unknown_time_zone_is_a_clear_start_up_error(tmp_path):
    settings = TestConfig.as_dict()
    settings["TIMEZONE"] = "Mars/Olympus_Mons"
    with pytest.raises(ConfigurationError, match="TRACKER_TIMEZONE"):
        create_app(settings, instance_path=str(tmp_path))
