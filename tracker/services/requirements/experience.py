"""Experience hours: approved hour entries, filtered, with limits and minimum shares.

Settings (stored; the document form names activities by code):

* ``minutes``: the hours required; or, measured in months, ``months`` and
  ``month_minutes``: so many calendar months in each of which at least that
  many hours were logged ("12 months of peer-support work");
* ``activity_ids`` with ``activity_mode`` ``include`` (only these count) or
  ``exclude`` (all but these); none: every activity;
* ``settings`` (in person, online, phone; none: all), ``paid``
  (``any``, ``paid`` or ``volunteer``), ``supervised`` (only supervised time);
* ``limits``: at most ``max_minutes`` hours, or ``max_percent`` % of the
  requirement, may come from the entries a limit matches (by activity and
  setting); the rest still counts towards nothing;
* ``shares``: at least ``min_percent`` % of the requirement must come from
  the entries a share matches ("at least 50 % face to face").

Only approved entries count; pending ones are shown apart.  Everything is
summed in one grouped query per requirement and round of trainees.
"""

from __future__ import annotations

import math
from datetime import date
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from sqlalchemy import and_, case, extract, func, select

from tracker.extensions import db
from tracker.formatting import hours as fmt_hours
from tracker.formatting import nhours
from tracker.models import HourEntry, HourStatus, Setting
from tracker.services.errors import ValidationError
from tracker.services.requirements.base import (
    Context,
    Kind,
    Requirement,
    RuleResult,
    counted_from,
    hours_number,
    hours_to_minutes,
    minutes_to_hours,
    with_window,
)

MAX_HOURS = 100_000
MAX_LIMITS = 5
PAID_CHOICES = ("any", "paid", "volunteer")
SETTING_VALUES = [s.value for s in Setting]


def _codes_schema(description: str) -> dict[str, Any]:
    return {
        "type": "array",
        "items": {"type": "string", "minLength": 1, "maxLength": 40},
        "uniqueItems": True,
        "description": description,
    }


SETTINGS_SCHEMA = {
    "type": "array",
    "items": {"enum": SETTING_VALUES},
    "uniqueItems": True,
    "description": "Where the time was spent; absent: anywhere.",
}


def _match_schema(extra: dict[str, Any], required: list[str]) -> dict[str, Any]:
    return {
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "label": {"type": "string", "maxLength": 200},
            "activities": _codes_schema("Activity codes this applies to; absent: any."),
            "settings": SETTINGS_SCHEMA,
            **extra,
        },
        "required": required,
    }


class ExperienceHours(Kind):
    name = "experience_hours"
    title = _l("Experience hours")
    summary = _l(
        "Approved practice hours, filtered by activity, setting, paid or volunteer and "
        "supervision, with limits and minimum shares; or months of practice."
    )

    def properties(self) -> dict[str, Any]:
        return {
            "hours": {
                "type": "number",
                "exclusiveMinimum": 0,
                "maximum": MAX_HOURS,
                "multipleOf": 0.25,
                "description": "Hours required (or give months and hours_per_month instead).",
            },
            "months": {
                "type": "integer",
                "minimum": 1,
                "maximum": 240,
                "description": "Calendar months in each of which hours_per_month were logged.",
            },
            "hours_per_month": {
                "type": "number",
                "exclusiveMinimum": 0,
                "maximum": 744,
                "multipleOf": 0.25,
            },
            "activities": {
                "type": "object",
                "additionalProperties": False,
                "minProperties": 1,
                "maxProperties": 1,
                "properties": {
                    "include": _codes_schema("Only these activities count."),
                    "exclude": _codes_schema("Every activity but these counts."),
                },
            },
            "settings": SETTINGS_SCHEMA,
            "paid": {"enum": list(PAID_CHOICES)},
            "supervised": {"type": "boolean"},
            "limits": {
                "type": "array",
                "maxItems": MAX_LIMITS,
                "items": _match_schema(
                    {
                        "max_hours": {"type": "number", "minimum": 0, "multipleOf": 0.25},
                        "max_percent": {"type": "integer", "minimum": 0, "maximum": 100},
                    },
                    [],
                ),
            },
            "shares": {
                "type": "array",
                "maxItems": MAX_LIMITS,
                "items": _match_schema(
                    {"min_percent": {"type": "integer", "minimum": 1, "maximum": 100}},
                    ["min_percent"],
                ),
            },
        }

    def required_properties(self) -> list[str]:
        return []

    # --- document <-> settings -------------------------------------------------------------

    def _activity_ids(self, codes: list[str], refs: Any, field: str) -> list[int]:
        ids = []
        for code in codes:
            activity = refs.activities.by_code(code)
            if activity is None:
                raise ValidationError({field: [_("No activity has the code %(code)s.", code=code)]})
            ids.append(activity.id)
        return ids

    def _match(self, data: dict[str, Any], refs: Any, field: str) -> dict[str, Any]:
        match: dict[str, Any] = {}
        if data.get("label"):
            match["label"] = data["label"]
        if data.get("activities"):
            match["activity_ids"] = self._activity_ids(
                data["activities"], refs, f"{field}.activities"
            )
        if data.get("settings"):
            match["settings"] = list(data["settings"])
        if not match.get("activity_ids") and not match.get("settings"):
            raise ValidationError({field: [_("Say which activities or settings this applies to.")]})
        return match

    def parse(self, data: dict[str, Any], refs: Any, path: str) -> dict[str, Any]:
        settings: dict[str, Any] = {}
        by_months = "months" in data or "hours_per_month" in data
        if by_months == ("hours" in data) or (
            by_months and not ("months" in data and "hours_per_month" in data)
        ):
            raise ValidationError(
                {path: [_("Give either hours, or both months and hours_per_month.")]}
            )
        if by_months:
            settings["months"] = int(data["months"])
            settings["month_minutes"] = hours_to_minutes(
                data["hours_per_month"], f"{path}.hours_per_month"
            )
        else:
            settings["minutes"] = hours_to_minutes(data["hours"], f"{path}.hours")
        activities = data.get("activities") or {}
        for mode in ("include", "exclude"):
            if activities.get(mode):
                settings["activity_ids"] = self._activity_ids(
                    activities[mode], refs, f"{path}.activities.{mode}"
                )
                settings["activity_mode"] = mode
        if data.get("settings"):
            settings["settings"] = list(data["settings"])
        settings["paid"] = data.get("paid", "any")
        settings["supervised"] = bool(data.get("supervised", False))
        limits = []
        for n, limit in enumerate(data.get("limits") or []):
            field = f"{path}.limits[{n}]"
            match = self._match(limit, refs, field)
            if ("max_hours" in limit) == ("max_percent" in limit):
                raise ValidationError({field: [_("Give either max_hours or max_percent.")]})
            if "max_hours" in limit:
                match["max_minutes"] = hours_to_minutes(limit["max_hours"], f"{field}.max_hours")
            else:
                match["max_percent"] = int(limit["max_percent"])
            limits.append(match)
        shares = []
        for n, share in enumerate(data.get("shares") or []):
            field = f"{path}.shares[{n}]"
            match = self._match(share, refs, field)
            match["min_percent"] = int(share["min_percent"])
            shares.append(match)
        if by_months and (limits or shares):
            raise ValidationError({path: [_("Limits and shares apply to hours, not to months.")]})
        if limits:
            settings["limits"] = limits
        if shares:
            settings["shares"] = shares
        return settings

    def _match_document(self, match: dict[str, Any], refs: Any) -> dict[str, Any]:
        data: dict[str, Any] = {}
        if match.get("label"):
            data["label"] = match["label"]
        if match.get("activity_ids"):
            data["activities"] = [refs.activities.code(i) for i in match["activity_ids"]]
        if match.get("settings"):
            data["settings"] = list(match["settings"])
        return data

    def dump(self, settings: dict[str, Any], refs: Any) -> dict[str, Any]:
        data: dict[str, Any] = {}
        if settings.get("months"):
            data["months"] = settings["months"]
            data["hours_per_month"] = hours_number(settings["month_minutes"])
        else:
            data["hours"] = hours_number(settings["minutes"])
        if settings.get("activity_ids"):
            mode = settings.get("activity_mode", "include")
            data["activities"] = {mode: [refs.activities.code(i) for i in settings["activity_ids"]]}
        if settings.get("settings"):
            data["settings"] = list(settings["settings"])
        if settings.get("paid", "any") != "any":
            data["paid"] = settings["paid"]
        if settings.get("supervised"):
            data["supervised"] = True
        if settings.get("limits"):
            data["limits"] = []
            for limit in settings["limits"]:
                item = self._match_document(limit, refs)
                if "max_minutes" in limit:
                    item["max_hours"] = hours_number(limit["max_minutes"])
                else:
                    item["max_percent"] = limit["max_percent"]
                data["limits"].append(item)
        if settings.get("shares"):
            data["shares"] = [
                {**self._match_document(s, refs), "min_percent": s["min_percent"]}
                for s in settings["shares"]
            ]
        return data

    # --- words ---------------------------------------------------------------------------

    def _what(self, match: dict[str, Any], refs: Any) -> str:
        """The entries a filter, limit or share picks, in words: "online community, online"."""
        parts = [refs.activities.name(i).lower() for i in match.get("activity_ids", [])]
        parts += [Setting(s).label.lower() for s in match.get("settings", [])]
        return ", ".join(parts)

    def describe(self, requirement: Requirement, refs: Any) -> str:
        s = requirement.settings
        if s.get("months"):
            text = ngettext(
                "%(num)d month of practice with at least %(hours)s hours in it",
                "%(num)d months of practice with at least %(hours)s hours in each",
                s["months"],
                hours=fmt_hours(s["month_minutes"]),
            )
        elif s.get("supervised"):
            text = nhours(
                "%(hours)s supervised practice hour",
                "%(hours)s supervised practice hours",
                s["minutes"],
            )
        else:
            text = nhours("%(hours)s practice hour", "%(hours)s practice hours", s["minutes"])
        qualifiers = []
        if s.get("activity_ids"):
            names = ", ".join(refs.activities.name(i).lower() for i in s["activity_ids"])
            if s.get("activity_mode") == "exclude":
                qualifiers.append(_("other than %(activities)s", activities=names))
            else:
                qualifiers.append(_("in %(activities)s", activities=names))
        if s.get("settings"):
            qualifiers.append(", ".join(Setting(x).label.lower() for x in s["settings"]))
        if s.get("paid") == "paid":
            qualifiers.append(_("paid"))
        elif s.get("paid") == "volunteer":
            qualifiers.append(_("volunteer"))
        if s.get("months") and s.get("supervised"):
            qualifiers.append(_("supervised"))
        if qualifiers:
            text = _(
                "%(requirement)s (%(qualifiers)s)",
                requirement=text,
                qualifiers="; ".join(qualifiers),
            )
        return with_window(text, requirement)

    # --- evaluation ----------------------------------------------------------------------

    def _filter(self, s: dict[str, Any], refs: Any) -> list[Any]:
        conditions: list[Any] = []
        if s.get("activity_ids"):
            codes = refs.activity_codes(s["activity_ids"])
            if s.get("activity_mode") == "exclude":
                conditions.append(HourEntry.activity.not_in(codes))
            else:
                conditions.append(HourEntry.activity.in_(codes))
        if s.get("settings"):
            conditions.append(HourEntry.setting.in_(list(s["settings"])))
        if s.get("paid") == "paid":
            conditions.append(HourEntry.is_paid.is_(True))
        elif s.get("paid") == "volunteer":
            conditions.append(HourEntry.is_paid.is_(False))
        if s.get("supervised"):
            conditions.append(HourEntry.supervised.is_(True))
        return conditions

    def _matches(self, match: dict[str, Any], refs: Any) -> Any:
        conditions = []
        if match.get("activity_ids"):
            conditions.append(HourEntry.activity.in_(refs.activity_codes(match["activity_ids"])))
        if match.get("settings"):
            conditions.append(HourEntry.setting.in_(list(match["settings"])))
        return and_(*conditions)

    def evaluate(
        self, requirement: Requirement, context: Context, refs: Any
    ) -> dict[int, RuleResult]:
        s = requirement.settings
        conditions = [
            HourEntry.trainee_id.in_(context.trainee_ids),
            HourEntry.worked_on <= context.as_of,
            HourEntry.status.in_([HourStatus.APPROVED, HourStatus.PENDING]),
            *self._filter(s, refs),
        ]
        since = context.since(requirement)
        if since is not None:
            conditions.append(HourEntry.worked_on >= since)
        if s.get("months"):
            return self._evaluate_months(requirement, context, refs, conditions)
        return self._evaluate_hours(requirement, context, refs, conditions)

    def _evaluate_hours(
        self, requirement: Requirement, context: Context, refs: Any, conditions: list[Any]
    ) -> dict[int, RuleResult]:
        s = requirement.settings
        required = int(s["minutes"])
        approved = HourEntry.status == HourStatus.APPROVED
        columns = [
            func.sum(case((approved, HourEntry.minutes), else_=0)),
            func.sum(case((approved, 0), else_=HourEntry.minutes)),
            func.min(case((approved, HourEntry.worked_on), else_=None)),
        ]
        limits = s.get("limits") or []
        shares = s.get("shares") or []
        for match in [*limits, *shares]:
            columns.append(
                func.sum(
                    case((and_(approved, self._matches(match, refs)), HourEntry.minutes), else_=0)
                )
            )
        rows = {
            row[0]: row[1:]
            for row in db.session.execute(
                select(HourEntry.trainee_id, *columns)
                .where(and_(*conditions))
                .group_by(HourEntry.trainee_id)
            )
        }
        label = requirement.label or self.describe(requirement, refs)
        results = {}
        for trainee_id in context.trainee_ids:
            row = rows.get(trainee_id)
            total, waiting, oldest = (
                (int(row[0] or 0), int(row[1] or 0), row[2])
                if row
                else (
                    0,
                    0,
                    None,
                )
            )
            matched = [int(v or 0) for v in row[3:]] if row else [0] * (len(limits) + len(shares))
            items = []
            counted = total
            for limit, minutes in zip(limits, matched[: len(limits)], strict=True):
                cap = (
                    int(limit["max_minutes"])
                    if "max_minutes" in limit
                    else required * int(limit["max_percent"]) // 100
                )
                over = max(0, minutes - cap)
                counted -= over
                what = limit.get("label") or self._what(limit, refs)
                detail = _(
                    "%(logged)s hours logged, %(counted)s counted",
                    logged=fmt_hours(minutes),
                    counted=fmt_hours(minutes - over),
                )
                items.append(
                    RuleResult(
                        f"{requirement.key}:limit:{len(items)}",
                        "limit",
                        nhours(
                            "At most %(hours)s hour of %(what)s counts",
                            "At most %(hours)s hours of %(what)s count",
                            cap,
                            what=what,
                        ),
                        minutes_to_hours(cap),
                        minutes_to_hours(minutes - over),
                        0,
                        True,
                        "hours",
                        detail,
                    )
                )
            counted = max(0, counted)
            shares_met = True
            for share, minutes in zip(shares, matched[len(limits) :], strict=True):
                need = math.ceil(required * int(share["min_percent"]) / 100)
                met = minutes >= need
                shares_met = shares_met and met
                what = share.get("label") or self._what(share, refs)
                items.append(
                    RuleResult(
                        f"{requirement.key}:share:{len(items)}",
                        "share",
                        _(
                            "At least %(percent)s%% of the hours in %(what)s",
                            percent=share["min_percent"],
                            what=what,
                        ),
                        minutes_to_hours(need),
                        minutes_to_hours(minutes),
                        0,
                        met,
                        "hours",
                        "",
                        ""
                        if met
                        else nhours(
                            "Log %(hours)s more hour of %(what)s, and have it approved.",
                            "Log %(hours)s more hours of %(what)s, and have them approved.",
                            need - minutes,
                            what=what,
                        ),
                    )
                )
            met = counted >= required and shares_met
            step = ""
            if counted < required:
                step = nhours(
                    "Log %(hours)s more hour that counts towards “%(requirement)s”, and have "
                    "it approved.",
                    "Log %(hours)s more hours that count towards “%(requirement)s”, and have "
                    "them approved.",
                    required - counted,
                    requirement=label,
                )
                if waiting:
                    step += " " + nhours(
                        "%(hours)s hour is waiting for review.",
                        "%(hours)s hours are waiting for review.",
                        waiting,
                    )
            elif not shares_met:
                step = next(i.next_step for i in items if i.kind == "share" and not i.met)
            results[trainee_id] = RuleResult(
                requirement.key,
                self.name,
                label,
                minutes_to_hours(required),
                minutes_to_hours(counted),
                minutes_to_hours(waiting),
                met,
                "hours",
                counted_from(context, requirement),
                step,
                tuple(items),
                changes_on=context.leaves_window(oldest, requirement),
            )
        return results

    def _evaluate_months(
        self, requirement: Requirement, context: Context, refs: Any, conditions: list[Any]
    ) -> dict[int, RuleResult]:
        s = requirement.settings
        needed_months = int(s["months"])
        per_month = int(s["month_minutes"])
        approved = HourEntry.status == HourStatus.APPROVED
        year = extract("year", HourEntry.worked_on)
        month = extract("month", HourEntry.worked_on)
        rows = db.session.execute(
            select(
                HourEntry.trainee_id,
                year,
                month,
                func.sum(case((approved, HourEntry.minutes), else_=0)),
                func.sum(case((approved, 0), else_=HourEntry.minutes)),
                func.min(case((approved, HourEntry.worked_on), else_=None)),
            )
            .where(and_(*conditions))
            .group_by(HourEntry.trainee_id, year, month)
        ).all()
        full: dict[int, list[date]] = {}
        waiting: dict[int, int] = {}
        for trainee_id, _year, _month, done, pending, first in rows:
            if int(done or 0) >= per_month and first is not None:
                full.setdefault(trainee_id, []).append(first)
            elif int(done or 0) + int(pending or 0) >= per_month:
                waiting[trainee_id] = waiting.get(trainee_id, 0) + 1
        label = requirement.label or self.describe(requirement, refs)
        results = {}
        for trainee_id in context.trainee_ids:
            months = sorted(full.get(trainee_id, []))
            met = len(months) >= needed_months
            step = ""
            if not met:
                step = ngettext(
                    "Log at least %(hours)s approved hours in %(num)d more month.",
                    "Log at least %(hours)s approved hours in each of %(num)d more months.",
                    needed_months - len(months),
                    hours=fmt_hours(per_month),
                )
            results[trainee_id] = RuleResult(
                requirement.key,
                self.name,
                label,
                needed_months,
                len(months),
                waiting.get(trainee_id, 0),
                met,
                "months",
                counted_from(context, requirement),
                step,
                changes_on=context.leaves_window(months[0] if months else None, requirement),
            )
        return results
