"""How eligibility and the coordinator's pages scale with the number of trainees.

    make bench            (or: .venv/bin/python benchmarks/eligibility.py [SMALL LARGE])

Builds two throwaway SQLite databases with the real migrations, one with SMALL
and one with LARGE enrolled trainees (each with a year of hour entries and
some completed modules), then times, in the same run:

* the eligibility verdict for every trainee, one call each (evaluate) and in
  batches (evaluate_many);
* the coordinator's dashboard, trainee list filtered to "eligible" and the
  reports page, through the Flask test client.

It prints seconds and the LARGE/SMALL ratio.  Pages that aggregate in SQL
and batch their queries grow far less than the data does; compare ratios
from one run, never absolute seconds across machines.
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from flask_migrate import upgrade
from sqlalchemy import insert, select

from config import TestConfig
from tracker import create_app
from tracker.extensions import db
from tracker.models import (
    Activity,
    CompletionSource,
    CompletionStatus,
    Enrolment,
    EthicsAcknowledgement,
    EthicsVersion,
    HourEntry,
    HourRule,
    HourStatus,
    Module,
    ModuleCompletion,
    Program,
    Role,
    Setting,
    User,
    utcnow,
)
from tracker.services import logins
from tracker.services.dates import local_today
from tracker.services.eligibility import evaluate, evaluate_many


def build(folder: Path, trainees: int):  # type: ignore[no-untyped-def]
    settings = TestConfig.as_dict()
    settings["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{folder / 'bench.sqlite3'}"
    settings["WTF_CSRF_ENABLED"] = False
    app = create_app(settings, instance_path=str(folder / "instance"))
    rng = random.Random(7)  # noqa: S311  (repeatable sample data, not security)
    with app.app_context():
        today = local_today()
        upgrade()
        modules = [
            Module(code=f"B{n:02d}", title=f"Module {n}", category="recovery", contact_minutes=240)
            for n in range(10)
        ]
        program = Program(code="BEN", name="Bench program", requires_ethics=True)
        program.required_modules = modules
        program.hour_rules = [
            HourRule(position=0, min_minutes=6000),
            HourRule(position=1, min_minutes=1500, supervised_only=True, window_months=24),
        ]
        version = EthicsVersion(version=1, title="Code", body="Be kind.")
        coordinator = User(email="coord@bench.test", display_name="Coordinator", role="coordinator")
        db.session.add_all([*modules, program, version, coordinator])
        db.session.flush()
        now = utcnow()
        db.session.execute(
            insert(User),
            [
                {
                    "email": f"t{n}@bench.test",
                    "display_name": f"Trainee {n}",
                    "role": Role.TRAINEE.value,
                    "active": True,
                    "created_at": now,
                }
                for n in range(trainees)
            ],
        )
        ids = db.session.scalars(select(User.id).where(User.role == Role.TRAINEE)).all()
        db.session.execute(
            insert(Enrolment),
            [{"trainee_id": t, "program_id": program.id, "enrolled_at": now} for t in ids],
        )
        hours, completions, acks = [], [], []
        for t in ids:
            for _ in range(40):
                hours.append(
                    {
                        "trainee_id": t,
                        "worked_on": today - timedelta(days=rng.randrange(1, 365)),
                        "minutes": 15 * rng.randrange(4, 16),
                        "activity": rng.choice(list(Activity)).value,
                        "setting": Setting.IN_PERSON.value,
                        "is_paid": False,
                        "supervised": (sup := rng.random() < 0.3),
                        "supervisor_name": "Sam" if sup else None,
                        "notes": "",
                        "status": rng.choice(
                            [HourStatus.APPROVED.value] * 4 + [HourStatus.PENDING.value]
                        ),
                        "created_at": now,
                        "updated_at": now,
                    }
                )
            for module in rng.sample(modules, rng.randrange(0, 11)):
                completions.append(
                    {
                        "trainee_id": t,
                        "module_id": module.id,
                        "completed_on": today - timedelta(days=30),
                        "source": CompletionSource.COORDINATOR.value,
                        "status": CompletionStatus.VERIFIED.value,
                        "created_at": now,
                    }
                )
            if rng.random() < 0.8:
                acks.append({"user_id": t, "ethics_version_id": version.id, "acknowledged_at": now})
        db.session.execute(insert(HourEntry), hours)
        if completions:
            db.session.execute(insert(ModuleCompletion), completions)
        db.session.execute(insert(EthicsAcknowledgement), acks)
        logins.start(coordinator, "Benchmark")
        coordinator_token = coordinator.get_id()
        db.session.commit()
    return app, coordinator_token


def timed(fn, repeat: int = 3) -> float:  # type: ignore[no-untyped-def]
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def measure(trainees: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as folder:
        app, token = build(Path(folder), trainees)
        figures: dict[str, float] = {}
        with app.app_context():
            program = db.session.scalar(select(Program))
            people = db.session.scalars(select(User).where(User.role == Role.TRAINEE)).all()
            ids = [p.id for p in people]
            figures["evaluate, one call per trainee"] = timed(
                lambda: [evaluate(p, program) for p in people], repeat=1
            )
            figures["evaluate_many, batched"] = timed(lambda: evaluate_many(ids, program))
            eligible = sum(v.eligible for v in evaluate_many(ids, program).values())
            db.session.remove()
        client = app.test_client()
        with client.session_transaction() as session:
            session["_user_id"] = token
            session["_fresh"] = True
        for label, url in [
            ("GET coordinator dashboard", "/coordinator/"),
            ("GET trainees, eligible filter", "/coordinator/trainees?status=eligible"),
            ("GET trainees, sorted by hours", "/coordinator/trainees?sort=hours"),
            ("GET reports", "/coordinator/reports"),
        ]:

            def fetch(url: str = url) -> None:
                response = client.get(url)
                assert response.status_code == 200, (url, response.status_code)

            figures[label] = timed(fetch)
        print(f"  built {trainees} trainees ({eligible} eligible)", flush=True)
        return figures


def main() -> None:
    small, large = (int(a) for a in (sys.argv[1:3] if len(sys.argv) > 2 else ("200", "2000")))
    print(f"Measuring with {small} and {large} trainees (40 hour entries each)...")
    a = measure(small)
    b = measure(large)
    width = max(len(k) for k in a)
    print(f"\n{'':<{width}}  {small:>9}  {large:>9}  ratio (data grew {large / small:.0f}x)")
    for key in a:
        print(f"{key:<{width}}  {a[key]:>8.3f}s  {b[key]:>8.3f}s  {b[key] / a[key]:>6.1f}x")


if __name__ == "__main__":
    main()
