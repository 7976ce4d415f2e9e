"""The key pages at a small and a state-wide scale, measured from outside through gunicorn.

    make bench                                   (100 x 100 and 10,000 x 100)
    make bench BENCH_ARGS="--large 2000"         (a quicker check)
    .venv/bin/python benchmarks/pages.py --help

For each database (SQLite always; PostgreSQL too when TRACKER_TEST_DATABASE_URL
is set: in two databases of their own beside that one, ``<name>_bench_small`` and
``<name>_bench_large``, dropped at the end) and each size (SMALL and LARGE trainees,
HOURS hour entries each), it migrates a fresh database, fills it with
``flask --app tracker seed-scale`` (timed) and serves it with gunicorn (2 workers).
Both sizes are served side by side and measured in turn, page by page and request by
request, so that a shared machine's changing load weighs on both alike:

* a bare route (/my-data: a session, a login, a template) and each key page: median
  and 95th percentile latency
  at concurrency 1, throughput at concurrency 16, and the SQL statements the page
  issued (the X-Query-Count header, which TRACKER_QUERY_COUNT_HEADER turns on); each
  page's requests alternate with requests to the bare route, and its "x bare" ratio
  divides by the bare route's median from those, so both carry the same moment's load;
* the CSV export of every hour entry, streamed: rows per second and how much the
  serving worker's memory grew.

It prints a table and writes bench/results.json with every budget, its figure and
whether it holds.  Compare figures from one run, never across machines.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
PASSWORD = "bench password 1"  # noqa: S105  (throwaway databases only)
COORDINATOR = "coordinator@example.org"
TRAINEE = "scale-000000@example.org"
QUERY_BUDGET = 15
GROWTH_BUDGET = 2.0  # large within 2x of small
BARE_BUDGET = 10.0  # within 10x of the bare route
EXPORT_ROWS_BUDGET = 100_000  # rows per second
EXPORT_MEMORY_BUDGET = 64  # MB of worker memory growth

# name, who is logged in, address (TRAINEE_ID and CODE filled in per database)
PAGES = [
    # The bare route: a real page through the same stack as the others (a session, a
    # login, the user's query, the base template), with nothing of its own to compute.
    ("bare route (/my-data)", "trainee", "/my-data"),
    ("coordinator dashboard", "coordinator", "/coordinator/"),
    ("trainee list, eligible filter", "coordinator", "/coordinator/trainees?status=eligible"),
    ("reports", "coordinator", "/coordinator/reports"),
    ("trainee list (sort by hours)", "coordinator", "/coordinator/trainees?sort=hours"),
    ("trainee dashboard", "trainee", "/dashboard"),
    ("trainee's own hours list", "trainee", "/hours"),
    ("review queue", "coordinator", "/coordinator/review"),
    ("trainee detail", "coordinator", "/coordinator/trainees/TRAINEE_ID"),
    ("certifications list", "coordinator", "/coordinator/certifications"),
    ("/verify/<code>", None, "/verify/CODE"),
]
BARE_NAME, BARE_WHO, BARE_PATH = PAGES[0]


@dataclass
class PageFigures:
    median_ms: float
    p95_ms: float
    throughput_rps: float
    queries: int
    # The bare route's median measured in turn with this page's requests (its divisor).
    bare_median_ms: float = 0.0


@dataclass
class SizeFigures:
    trainees: int
    hours_per_trainee: int
    seed_seconds: float
    pages: dict[str, PageFigures] = field(default_factory=dict)
    export_rows: int = 0
    export_rows_per_second: float = 0.0
    export_memory_growth_mb: float = 0.0


# --- databases and the server ---------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def environment(url: str, instance: Path) -> dict[str, str]:
    env = dict(os.environ)
    for name in list(env):
        if name.startswith("TRACKER_"):
            del env[name]
    env.update(
        {
            "TRACKER_DATABASE_URL": url,
            "TRACKER_INSTANCE_PATH": str(instance),
            "TRACKER_SECRET_KEY": secrets.token_hex(32),
            "TRACKER_SIGNING_KEY_FILE": str(instance / "signing-key.json"),
            "TRACKER_QUERY_COUNT_HEADER": "1",
            # The benchmark logs in a few times and looks certificates up thousands of
            # times from one address.
            "TRACKER_LOGIN_RATELIMIT": "1000 per minute",
            "TRACKER_VERIFY_RATELIMIT": "1000000 per minute",
            "PYTHONPATH": str(ROOT),
        }
    )
    return env


def fresh_postgresql(url: str, size: str) -> str:
    """A new empty database beside the one ``url`` names (``<name>_bench_<size>``), and
    its URL; the named database itself is left alone."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    target = make_url(url)
    name = f"{target.database}_bench_{size}"
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return target.set(database=name).render_as_string(hide_password=False)


def drop_postgresql(url: str) -> None:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = make_url(url).database
    admin = make_url(url).set(database="postgres").render_as_string(hide_password=False)
    engine = create_engine(admin, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    engine.dispose()


def flask(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(  # noqa: S603
        [PYTHON, "-m", "flask", "--app", "tracker", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"flask {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def build(env: dict[str, str], trainees: int, hours: int) -> float:
    flask(env, "db", "upgrade")
    start = time.perf_counter()
    out = flask(
        env,
        "seed-scale",
        "--trainees",
        str(trainees),
        "--hours-per-trainee",
        str(hours),
        "--password",
        PASSWORD,
    )
    seconds = time.perf_counter() - start
    print("    " + out.strip().splitlines()[-1], flush=True)
    return seconds


class Server:
    def __init__(self, env: dict[str, str]) -> None:
        self.port = free_port()
        self.process = subprocess.Popen(  # noqa: S603
            [
                PYTHON,
                "-m",
                "gunicorn",
                "--workers",
                "2",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--timeout",
                "300",
                "--log-level",
                "warning",
                "wsgi:app",
            ],
            cwd=ROOT,
            env=env,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if request(self.port, "/healthz")[0] == 200:
                    return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise SystemExit("gunicorn did not start")

    def workers(self) -> list[int]:
        found = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == self.process.pid:
                found.append(int(entry.name))
        return found

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(30)
        except subprocess.TimeoutExpired:
            self.process.kill()


def rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


# --- HTTP ---------------------------------------------------------------------------------


def request(
    port: int, path: str, cookie: str = "", method: str = "GET", body: str | None = None
) -> tuple[int, dict[str, str], bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
    headers = {"Cookie": cookie} if cookie else {}
    if body is not None:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    connection.request(method, path, body=body, headers=headers)
    response = connection.getresponse()
    data = response.read()
    connection.close()
    return response.status, {k.lower(): v for k, v in response.getheaders()}, data


def session_cookie(headers: dict[str, str]) -> str:
    found = re.search(r"session=([^;]+)", headers.get("set-cookie", ""))
    return f"session={found.group(1)}" if found else ""


def login(port: int, email: str) -> str:
    status, headers, body = request(port, "/login")
    cookie = session_cookie(headers)
    token = re.search(rb'name="csrf_token" type="hidden" value="([^"]+)"', body)
    if token is None:
        token = re.search(rb'id="csrf_token" name="csrf_token" type="hidden" value="([^"]+)"', body)
    assert status == 200 and token, "no login form"
    form = urllib.parse.urlencode(
        {"email": email, "password": PASSWORD, "csrf_token": token.group(1).decode()}
    )
    status, headers, _ = request(port, "/login", cookie, "POST", form)
    assert status in (302, 303), f"login as {email} failed ({status})"
    return session_cookie(headers) or cookie


def throughput(port: int, path: str, cookie: str, seconds: float, clients: int = 16) -> float:
    done = [0] * clients
    stop = time.perf_counter() + seconds

    def run(slot: int) -> None:
        while time.perf_counter() < stop:
            request(port, path, cookie)
            done[slot] += 1

    started = time.perf_counter()
    threads = [threading.Thread(target=run, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(done) / (time.perf_counter() - started)


def export(server: Server, cookie: str) -> tuple[int, float, float]:
    """Stream the CSV of every hour entry: (rows, rows per second, worker memory growth MB)."""
    before = {pid: rss_mb(pid) for pid in server.workers()}
    peak = dict(before)
    today = time.strftime("%Y-%m-%d")
    path = f"/coordinator/reports/hours.csv?start=2000-01-01&end={today}"
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=600)
    connection.request("GET", path, headers={"Cookie": cookie})
    start = time.perf_counter()
    response = connection.getresponse()
    assert response.status == 200, f"export answered {response.status}"
    lines = 0
    reads = 0
    while True:
        piece = response.read(256 * 1024)
        if not piece:
            break
        lines += piece.count(b"\r\n")
        reads += 1
        if reads % 16 == 0:
            for pid in before:
                peak[pid] = max(peak[pid], rss_mb(pid))
    seconds = time.perf_counter() - start
    connection.close()
    for pid in before:
        peak[pid] = max(peak[pid], rss_mb(pid))
    rows = max(lines - 1, 0)  # the header line
    growth = max((peak[pid] - before[pid] for pid in before), default=0.0)
    return rows, rows / seconds if seconds else 0.0, growth


# --- one size on one database ---------------------------------------------------------------


@dataclass
class Site:
    """One size on one database: its figures, and how to reach it once served."""

    figures: SizeFigures
    env: dict[str, str]
    url: str
    trainee_id: int
    code: str
    server: Server | None = None
    cookies: dict[str | None, str] = field(default_factory=dict)


def build_site(url: str, trainees: int, hours: int, instance: Path, name: str) -> Site:
    from sqlalchemy import create_engine, text

    if url == "sqlite":
        url = f"sqlite:///{instance / 'bench.sqlite3'}"
    else:
        url = fresh_postgresql(url, name)
    env = environment(url, instance)
    print(f"  {trainees} x {hours}: building...", flush=True)
    seeded = build(env, trainees, hours)
    engine = create_engine(url)
    with engine.connect() as connection:
        trainee_id = connection.execute(
            text("SELECT id FROM users WHERE email = :e"), {"e": TRAINEE}
        ).scalar_one()
        code = connection.execute(
            text(
                "SELECT verification_code FROM certifications WHERE revoked_at IS NULL "
                "ORDER BY expires_on DESC LIMIT 1"
            )
        ).scalar_one()
    engine.dispose()
    return Site(SizeFigures(trainees, hours, round(seeded, 1)), env, url, trainee_id, code)


def measure(url: str, args: argparse.Namespace) -> tuple[SizeFigures, SizeFigures]:
    """Both sizes, served side by side and measured in turn, page by page and request
    by request: a shared machine's load, which comes and goes over minutes, weighs on
    both sizes alike, so the growth between them is the data's and not the moment's."""
    with tempfile.TemporaryDirectory() as one, tempfile.TemporaryDirectory() as two:
        sites = [
            build_site(url, args.small, args.hours, Path(one), "small"),
            build_site(url, args.large, args.hours, Path(two), "large"),
        ]
        try:
            for site in sites:
                site.server = Server(site.env)
                site.cookies = {
                    None: "",
                    "coordinator": login(site.server.port, COORDINATOR),
                    "trainee": login(site.server.port, TRAINEE),
                }
            for name, who, path in PAGES:
                paths = [
                    path.replace("TRAINEE_ID", str(s.trainee_id)).replace("CODE", s.code)
                    for s in sites
                ]
                for site, address in zip(sites, paths, strict=True):
                    for _ in range(2):  # warm the workers' caches
                        assert site.server is not None
                        request(site.server.port, address, site.cookies[who])
                times: list[list[float]] = [[], []]
                bare_times: list[list[float]] = [[], []]
                queries = [-1, -1]
                for _ in range(args.requests):
                    for n, (site, address) in enumerate(zip(sites, paths, strict=True)):
                        assert site.server is not None
                        start = time.perf_counter()
                        status, headers, _ = request(site.server.port, address, site.cookies[who])
                        times[n].append((time.perf_counter() - start) * 1000)
                        if status != 200:
                            raise SystemExit(f"{address} answered {status}")
                        queries[n] = int(headers.get("x-query-count", "-1"))
                        # The bare route in turn with the page: the divisor of its
                        # "x bare" ratio carries the same moment's load as the page.
                        start = time.perf_counter()
                        request(site.server.port, BARE_PATH, site.cookies[BARE_WHO])
                        bare_times[n].append((time.perf_counter() - start) * 1000)
                rates: list[list[float]] = [[], []]
                for _ in range(2):  # in turn, half the time each, twice
                    for n, (site, address) in enumerate(zip(sites, paths, strict=True)):
                        assert site.server is not None
                        rates[n].append(
                            throughput(
                                site.server.port, address, site.cookies[who], args.seconds / 2
                            )
                        )
                for n, site in enumerate(sites):
                    ordered = sorted(times[n])
                    figures = site.figures.pages[name] = PageFigures(
                        median_ms=round(statistics.median(ordered), 1),
                        p95_ms=round(ordered[max(0, int(len(ordered) * 0.95) - 1)], 1),
                        throughput_rps=round(statistics.mean(rates[n]), 1),
                        queries=queries[n],
                        bare_median_ms=round(statistics.median(bare_times[n]), 1),
                    )
                    print(
                        f"    {site.figures.trainees:>6} {name:<32} {figures.median_ms:>8.1f} ms "
                        f"p95 {figures.p95_ms:>8.1f} ms  {figures.throughput_rps:>7.1f}/s  "
                        f"{figures.queries:>3} queries",
                        flush=True,
                    )
            for site in sites:
                assert site.server is not None
                rows, rate, growth = export(site.server, site.cookies["coordinator"])
                site.figures.export_rows = rows
                site.figures.export_rows_per_second = round(rate)
                site.figures.export_memory_growth_mb = round(growth, 1)
                print(
                    f"    {site.figures.trainees:>6} CSV export: {rows} rows, {rate:,.0f} rows/s, "
                    f"+{growth:.1f} MB",
                    flush=True,
                )
        finally:
            for site in sites:
                if site.server is not None:
                    site.server.stop()
                if site.url.startswith("postgresql"):
                    drop_postgresql(site.url)
        return sites[0].figures, sites[1].figures


# --- budgets and the report -----------------------------------------------------------------


def budgets(small: SizeFigures, large: SizeFigures) -> list[dict[str, Any]]:
    bare = PAGES[0][0]
    checks: list[dict[str, Any]] = []
    for name in large.pages:
        if name == bare:
            continue
        a, b = small.pages[name], large.pages[name]
        growth = b.median_ms / a.median_ms if a.median_ms else 0.0
        over_bare = b.median_ms / b.bare_median_ms
        checks += [
            {
                "page": name,
                "budget": f"large within {GROWTH_BUDGET:g}x of small",
                "figure": f"{growth:.2f}x",
                "holds": growth <= GROWTH_BUDGET,
            },
            {
                "page": name,
                "budget": f"within {BARE_BUDGET:g}x of the bare route",
                "figure": f"{over_bare:.1f}x",
                "holds": over_bare <= BARE_BUDGET,
            },
            {
                "page": name,
                "budget": f"at most {QUERY_BUDGET} queries, the same at both sizes",
                "figure": f"{a.queries} -> {b.queries}",
                "holds": 0 <= b.queries <= QUERY_BUDGET and a.queries == b.queries,
            },
        ]
    checks += [
        {
            "page": "CSV export of every entry",
            "budget": f"over {EXPORT_ROWS_BUDGET:,} rows per second",
            "figure": f"{large.export_rows_per_second:,.0f} rows/s ({large.export_rows:,} rows)",
            "holds": large.export_rows_per_second > EXPORT_ROWS_BUDGET,
        },
        {
            "page": "CSV export of every entry",
            "budget": f"under {EXPORT_MEMORY_BUDGET} MB of worker memory growth",
            "figure": f"{large.export_memory_growth_mb:.1f} MB",
            "holds": large.export_memory_growth_mb < EXPORT_MEMORY_BUDGET,
        },
    ]
    return checks


def table(database: str, small: SizeFigures, large: SizeFigures) -> str:
    s, l_ = (
        f"{small.trainees}x{small.hours_per_trainee}",
        f"{large.trainees}x{large.hours_per_trainee}",
    )
    lines = [
        f"{database}: seed-scale {s} in {small.seed_seconds:.1f} s, "
        f"{l_} in {large.seed_seconds:.1f} s",
        "",
        f"| page | {s} median / p95 | {l_} median / p95 | growth | x bare | req/s at 16 "
        f"({s} / {l_}) | SQL queries |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, b in large.pages.items():
        a = small.pages[name]
        lines.append(
            f"| {name} | {a.median_ms:.1f} / {a.p95_ms:.1f} ms"
            f" | {b.median_ms:.1f} / {b.p95_ms:.1f} ms"
            f" | {b.median_ms / a.median_ms:.2f}x | {b.median_ms / b.bare_median_ms:.1f}x"
            f" | {a.throughput_rps:.0f} / {b.throughput_rps:.0f} | {a.queries} -> {b.queries} |"
        )
    lines.append(
        f"| CSV export, every entry | {small.export_rows_per_second:,.0f} rows/s, "
        f"+{small.export_memory_growth_mb:.1f} MB | {large.export_rows_per_second:,.0f} rows/s, "
        f"+{large.export_memory_growth_mb:.1f} MB | | | | |"
    )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--small", type=int, default=100, help="trainees in the small database")
    parser.add_argument("--large", type=int, default=10_000, help="trainees in the large one")
    parser.add_argument("--hours", type=int, default=100, help="hour entries per trainee")
    parser.add_argument("--requests", type=int, default=30, help="requests per page, one at a time")
    parser.add_argument("--seconds", type=float, default=3.0, help="throughput run per page")
    parser.add_argument(
        "--databases",
        default=None,
        help="comma-separated: sqlite,postgresql (default: sqlite, and postgresql when "
        "TRACKER_TEST_DATABASE_URL is set)",
    )
    parser.add_argument("--output", default=str(ROOT / "bench" / "results.json"))
    args = parser.parse_args()
    pg_url = os.environ.get("TRACKER_TEST_DATABASE_URL", "").strip()
    wanted = (args.databases or ("sqlite,postgresql" if pg_url else "sqlite")).split(",")
    results: dict[str, Any] = {
        "sizes": {"small": [args.small, args.hours], "large": [args.large, args.hours]},
        "machine": {"cpus": os.cpu_count(), "load_average": os.getloadavg()},
        "databases": {},
    }
    tables = []
    all_hold = True
    for database in wanted:
        url = "sqlite" if database == "sqlite" else pg_url
        if not url:
            raise SystemExit("postgresql needs TRACKER_TEST_DATABASE_URL")
        print(f"{database}:", flush=True)
        small, large = measure(url, args)
        checks = budgets(small, large)
        all_hold = all_hold and all(c["holds"] for c in checks)
        results["databases"][database] = {
            "small": asdict(small),
            "large": asdict(large),
            "budgets": checks,
        }
        tables.append(table(database, small, large))
        tables.append(
            "\n".join(
                f"  {'holds' if c['holds'] else 'FAILS'}  {c['page']}: {c['budget']} "
                f"({c['figure']})"
                for c in checks
            )
        )
    print("\n" + "\n\n".join(tables))
    print(f"\nEvery budget {'holds' if all_hold else 'does NOT hold'}.")
    output = Path(args.output)
    output.parent.mkdir(parents=True, exist_ok=True)
    results["all_hold"] = all_hold
    output.write_text(json.dumps(results, indent=2))
    print(f"Results written to {output}.")


if __name__ == "__main__":
    main()
