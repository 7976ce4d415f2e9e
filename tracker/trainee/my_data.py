"""My data: everything the tracker holds about the trainee, as JSON or CSV."""

from __future__ import annotations

import json

from flask import Response, render_template
from flask_login import current_user

from tracker.services import my_data as my_data_service
from tracker.services.dates import local_today
from tracker.trainee import bp


def _attachment(extension: str) -> dict[str, str]:
    name = f"my-data-{local_today().isoformat()}.{extension}"
    return {"Content-Disposition": f'attachment; filename="{name}"'}


@bp.get("/my-data")
def my_data():  # type: ignore[no-untyped-def]
    return render_template("trainee/my_data.html")


@bp.get("/my-data.json")
def my_data_json():  # type: ignore[no-untyped-def]
    body = json.dumps(my_data_service.export_json(current_user), ensure_ascii=False, indent=2)
    return Response(body, mimetype="application/json", headers=_attachment("json"))


@bp.get("/my-data.csv")
def my_data_csv():  # type: ignore[no-untyped-def]
    # One person's history is small enough to build whole; built here, inside the
    # request, the rows never outlive the database session that read them.
    body = b"".join(my_data_service.export_csv(current_user))
    return Response(body, mimetype="text/csv", headers=_attachment("csv"))
