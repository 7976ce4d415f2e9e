"""The review queue's count is the number of entries it lists, under every filter."""

from __future__ import annotations

import pytest

from tracker.extensions import db as _db
from tracker.models import HourStatus
from tracker.services import review


@pytest.mark.parametrize(
    "filters",
    [
        review.HourFilters(),
        review.HourFilters(q="alex"),
        review.HourFilters(activity="one_on_one"),
        review.HourFilters(supervised="yes"),
        review.HourFilters(supervised="no", q="nobody"),
    ],
)
def test_the_count_matches_the_listed_entries(db, make, filters):
    alex, sam = make.trainee(display_name="Alex Rivera"), make.trainee(display_name="Sam Lee")
    make.activity("one_on_one")
    for who in (alex, sam):
        make.hour_entry(who)
        make.hour_entry(who, activity="one_on_one", supervised=True)
        make.hour_entry(who, status=HourStatus.APPROVED)
    db.session.commit()
    listed = _db.session.execute(review.pending_hours(filters)).all()
    assert _db.session.scalar(review.pending_hours_count(filters)) == len(listed)
