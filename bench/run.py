"""The site under load, as production runs it on this machine: ``make bench``.

    make bench [BENCH_DATABASE_URL=postgres://...] [BENCH_REDIS_URL=redis://...] [BENCH_ARGS="--history"]
    .venv/bin/python bench/run.py [--history] [--seconds 10] [--connections 8] [--workers 3]

It migrates a PostgreSQL database of its own (``BENCH_DATABASE_URL``, default ``apse_perf_bench`` on the
local server), collects the static files, loads the demo content and, with ``--history``, the generated
history of ``bench/attribution.py`` (100,000 people, 1,000,000 touchpoints, 300,000 stage moves), timing
every attribution model on it. Then it starts gunicorn with the production settings on loopback, with
Redis (``BENCH_REDIS_URL``) as cache and Celery broker and a Celery worker, warms every case up, and
drives each case from a second process, wrk (Debian's ``wrk``, installed when missing).

For each case it reports requests a second, the 50th, 95th and 99th percentile times, SQL queries per
request (each response says how many it ran, see ``bench/site/middleware.py``) and the workers' peak
memory, and the ratio of its requests a second to the baseline's: a bare Django view served by the
same gunicorn with the same settings, measured in the same run. The table is printed and written to
``bench/results/bench.md``.

Options:
  --history         load the 100,000-people history too and time every Insight screen and attribution
                    model on it (bench/reports.py, then bench/attribution.py; about 3 minutes at 100,000;
                    the demo households loaded afterwards no longer make the next run generate it again)
  --households N    people in that history (100,000), with 10 touchpoints and 3 stage moves each; a
                    history of that size already in the database is reused, not generated again
  --rebuilds        on a reused history, time the nightly rebuilds again (always timed when generated)
  --seconds N       how long wrk drives each case (10)
  --connections N   wrk's open connections for the public cases (8)
  --staff-connections N   for the CRM cases (2): staff working at the same moment, not a crowd
  --only KINDS      run only these kinds of case besides the baseline (cached, bypassed, publish, crm,
                    enquiry); publish: a story published in the middle of a spike (bench/publish.py)
  --workers N       gunicorn workers (3)
  --port N          where gunicorn listens on 127.0.0.1 (8093)
"""

# Commands from PATH on loopback only; SQL from constant names.
# ruff: noqa: S310, S603, S607, S608

import argparse
import datetime as dt
import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BIN = Path(sys.executable).parent
RESULTS = ROOT / "bench" / "results"
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/apse_perf_bench"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/6"
BYPASS = {"X-Bench-Bypass-Cache": "1"}

# wrk's script: headers, form posts, addresses in turn, and the figures wrk cannot give by itself.
WRK_SCRIPT = ROOT / "bench" / "bench.lua"


def options(argv=None):
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--history", action="store_true", help="load the 100,000-people history too")
    parser.add_argument(
        "--households",
        type=int,
        default=100_000,
        help="people in the history (100,000), with 10 touchpoints and 3 stage moves each",
    )
    parser.add_argument(
        "--rebuilds", action="store_true", help="time the nightly rebuilds again on a reused history"
    )
    parser.add_argument("--seconds", type=int, default=10, help="seconds of load per case (10)")
    parser.add_argument("--connections", type=int, default=8, help="wrk's open connections (8)")
    parser.add_argument(
        "--staff-connections", type=int, default=2, help="wrk's open connections for the CRM cases (2)"
    )
    parser.add_argument(
        "--only",
        default="",
        help="comma-separated kinds of case besides the baseline: cached, bypassed, publish, crm, enquiry",
    )
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers (3)")
    parser.add_argument("--port", type=int, default=8093, help="gunicorn's port on 127.0.0.1 (8093)")
    parser.add_argument("--output", type=Path, default=RESULTS / "bench.md")
    return parser.parse_args(argv)


def refuse(message: str) -> None:
    print(message, file=sys.stderr)
    sys.exit(2)


def environment(database_url: str, redis_url: str, static_root: Path, media_root: Path) -> dict[str, str]:
    """Production settings, as on a server, with only what loopback and a benchmark need changed."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "CELERY_", "PAGE_CACHE_"))
        and key not in ("REDIS_URL", "DATABASE_URL")
    }
    env.update(
        DJANGO_SETTINGS_MODULE="website.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=database_url,
        REDIS_URL=redis_url,
        CACHE_KEY_PREFIX="apse-bench",
        BENCH_MODE="1",
        # Plain http on loopback, no load balancer in front, every client address chosen by wrk.
        SECURE_SSL_REDIRECT="0",
        TRUSTED_PROXY_COUNT="0",
        STATIC_ROOT=str(static_root),
        MEDIA_ROOT=str(media_root),
        EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend",
        OTP_REQUIRED="0",
        LOG_LEVEL="WARNING",
        PYTHONPATH=str(ROOT),
    )
    return env


def django_setup(env: dict[str, str]) -> None:
    os.environ.update(env)
    import django

    django.setup()


def history_size(args) -> list[str]:
    """The history's size for bench/reports.py and bench/attribution.py: 10 touchpoints and 3 stage moves a person."""
    return [
        "--households", str(args.households),
        "--touchpoints", str(10 * args.households),
        "--stage-moves", str(3 * args.households),
    ]  # fmt: skip


def prepare(args, env: dict[str, str]) -> dict:
    """Migrate, collect static files, load the demo content (and the history), and sign a manager in."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.management import call_command

    from crm.models import Household

    call_command("migrate", verbosity=0)
    call_command("collectstatic", verbosity=0, interactive=False)
    figures = {}
    if args.history:
        # The history the Insight benchmark generates: attribution's people, touches and moves, filled
        # out with staff, assignments, contacts, closures and running clocks as a real CRM would hold.
        started = time.perf_counter()
        script_env = {**env, "DJANGO_SETTINGS_MODULE": "website.settings.dev", "BENCH_MODE": ""}
        for script, label in (
            ("reports", "every Insight screen"),
            ("attribution", "every attribution model"),
        ):
            print(f"Loading the history and timing {label} (bench/{script}.py)")
            subprocess.run(
                [sys.executable, str(ROOT / "bench" / f"{script}.py"), "--repeat", "1",
                 "--output", str(RESULTS / f"{script}.md"), *history_size(args),
                 *(["--rebuilds"] if args.rebuilds and script == "reports" else [])],
                env=script_env,
                check=True,
            )  # fmt: skip
            figures[script] = (RESULTS / f"{script}.md").read_text()
        print(f"  done in {time.perf_counter() - started:.0f} s")
    from website.demo.loader import load_demo_content

    load_demo_content()
    figures["households"] = Household.objects.count()

    from django.contrib.auth import get_user_model

    from crm.services import staff_member_save

    user, _ = get_user_model().objects.get_or_create(
        username="bench.manager", defaults={"is_staff": True, "email": "bench.manager@example.com"}
    )
    from website.roles import MANAGERS, roles_sync

    user.groups.add(roles_sync()[MANAGERS])
    staff_member_save(user=user, role="manager", council=None)
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    figures["session"] = session.session_key
    household = Household.objects.order_by("-pk").first()
    figures["household"] = household.pk if household else None
    return figures


class Server:
    def __init__(self, args, env: dict[str, str], logs: Path):
        self.args, self.env, self.logs = args, env, logs
        self.processes: list[subprocess.Popen] = []

    def start(self) -> None:
        gunicorn = [
            str(BIN / "gunicorn"), "website.wsgi", "--bind", f"127.0.0.1:{self.args.port}",
            "--workers", str(self.args.workers), "--worker-class", "sync", "--timeout", "60",
            "--keep-alive", "5",
        ]  # fmt: skip
        celery = [
            str(BIN / "celery"),
            "-A",
            "website",
            "worker",
            "--concurrency",
            "1",
            "--loglevel",
            "WARNING",
        ]
        for name, command in (("gunicorn", gunicorn), ("celery", celery)):
            log = open(self.logs / f"{name}.log", "w")  # noqa: SIM115 (closed with the process)
            self.processes.append(
                subprocess.Popen(
                    command, cwd=ROOT, env=self.env, stdout=log, stderr=log, start_new_session=True
                )
            )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                fetch(self.url("/bench/baseline/"))
                return
            except OSError:
                time.sleep(0.5)
        refuse(f"gunicorn did not start: see {self.logs / 'gunicorn.log'}")

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.args.port}{path}"

    def worker_peak_mb(self) -> float:
        """The largest peak resident memory (VmHWM) of any gunicorn worker so far."""
        master = self.processes[0].pid
        peak = 0
        for status in Path("/proc").glob("[0-9]*/status"):
            try:
                text = status.read_text()
            except OSError:
                continue
            if re.search(rf"^PPid:\s+{master}$", text, re.M) and (
                match := re.search(r"^VmHWM:\s+(\d+)", text, re.M)
            ):
                peak = max(peak, int(match.group(1)))
        return peak / 1024

    def stop(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)


def fetch(url: str, *, headers=None, data: bytes | None = None) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def wrk_ensure() -> str:
    wrk = shutil.which("wrk")
    if wrk:
        return wrk
    print("Installing wrk from Debian's packages")
    install = ["apt-get", "install", "-y", "-q", "wrk"]
    if os.geteuid() != 0:
        install = ["sudo", *install]
    if subprocess.run(install, check=False).returncode != 0:
        subprocess.run([*install[:-4], "apt-get", "update", "-q"], check=False)
        subprocess.run(install, check=True)
    return shutil.which("wrk") or refuse("wrk could not be installed: apt-get install wrk")


def drive(
    wrk: str,
    script: Path,
    url: str,
    args,
    *,
    seconds: int,
    headers=None,
    form: str = "",
    connections: int = 0,
    paths=(),
    during=None,
) -> dict:
    """wrk's figures for one case; ``paths`` are taken in turn, ``during()`` runs while wrk does."""
    env = {
        **os.environ,
        "BENCH_HEADERS": "\n".join(f"{name}: {value}" for name, value in (headers or {}).items()),
        "BENCH_FORM": form,
        "BENCH_PATHS": "\n".join(paths),
    }
    connections = connections or args.connections
    command = [
        wrk,
        "-t",
        str(min(2, connections)),
        "-c",
        str(connections),
        "-d",
        f"{seconds}s",
        "--timeout",
        "10s",
        "-s",
        str(script),
        url,
    ]
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if during is not None:
        during()
    stdout, stderr = process.communicate()
    line = next((line for line in stdout.splitlines() if line.startswith("BENCH ")), None)
    if line is None:
        refuse(f"wrk gave no figures for {url}:\n{stdout}\n{stderr}")
    figures = json.loads(line[6:])
    figures["rps"] = figures["requests"] / figures["seconds"] if figures["seconds"] else 0
    figures["queries_per_request"] = figures["queries"] / figures["answered"] if figures["answered"] else 0
    return figures


def enquiry_form(server: Server) -> tuple[str, str]:
    """The enquiry page's address and a form body wrk fills with a new person each time."""
    from website.models import EnquiryPage

    path = EnquiryPage.objects.live().first().url
    _, _, html = fetch(server.url(path))
    hidden = dict(re.findall(r'<input type="hidden" name="([\w-]+)" value="([^"]*)"', html.decode()))
    # New people on every run: an address seen in an earlier run would be a returning enquirer.
    run = secrets.token_hex(4)
    fields = {
        "first_name": "Bench",
        "last_name": "Visitor{n}",
        "household_type": "single",
        "email": f"visitor{{n}}.{run}@bench.example",
        "phone": "",
        "postcode": "ME14 1XX",
        "children_at_home": "none",
        "heard_about": "radio",
        "best_time_to_call": "evening",
        "contact_consent": "on",
        "form_token": hidden.get("form_token", ""),
        "submission_key": "{key}",
    }
    from urllib.parse import quote

    body = "&".join(f"{name}={quote(value, safe='{}')}" for name, value in fields.items())
    return path, body


def main(argv=None) -> None:
    args = options(argv)
    database_url = os.environ.get("BENCH_DATABASE_URL") or DEFAULT_DATABASE_URL
    redis_url = os.environ.get("BENCH_REDIS_URL") or DEFAULT_REDIS_URL
    if not database_url.startswith(("postgres://", "postgresql://")):
        refuse("The benchmark runs on PostgreSQL: set BENCH_DATABASE_URL to a database of its own.")
    import redis

    try:
        redis.Redis.from_url(redis_url, socket_connect_timeout=2).ping()
    except redis.exceptions.ConnectionError as error:
        refuse(f"The benchmark needs Redis at {redis_url} (BENCH_REDIS_URL): {error}")
    from bench.attribution import database_ensure, git_describe

    database_ensure(database_url)
    RESULTS.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="apse-bench-"))
    env = environment(database_url, redis_url, work / "static", ROOT / "bench" / "results" / "media")
    django_setup(env)
    wrk = wrk_ensure()
    from bench.weight import page_weight

    script = WRK_SCRIPT
    print(f"Preparing {database_url.rsplit('/', 1)[-1]}")
    prepared = prepare(args, env)
    redis.Redis.from_url(redis_url).flushdb()
    server = Server(args, env, work)
    server.start()
    rows = []
    try:
        rows = run_cases(server, wrk, script, args, prepared)
        weight = page_weight(server.url("/"), fetch)
        pack_pdf_wait()
    finally:
        server.stop()
    report(args, rows, weight, prepared, git_describe())
    shutil.rmtree(work / "static", ignore_errors=True)


def run_cases(server: Server, wrk: str, script: Path, args, prepared: dict) -> list[dict]:
    from django.db import connection

    from crm.models import Enquiry, SideEffect
    from website.models import EventPage, FAQPage, InformationPackPage, StandardPage, StoryPage

    pages = {
        "home": "/",
        "story": StoryPage.objects.live().order_by("pk").first().url,
        "event": EventPage.objects.live().order_by("-start").first().url,
        "FAQ": FAQPage.objects.live().first().url,
        "journey": StandardPage.objects.live().get(slug="adoption-journey").url,
        "information pack": InformationPackPage.objects.live().first().url,
    }
    cases = [("baseline (bare Django view)", "/bench/baseline/", {}, "", "baseline")]
    cases += [(f"{name}, cached", path, {}, "", "cached") for name, path in pages.items()]
    cases += [(f"{name}, cache bypassed", path, BYPASS, "", "bypassed") for name, path in pages.items()]
    enquiry_path, form = enquiry_form(server)
    staff = {"Cookie": f"sessionid={prepared['session']}"}
    same_site = {"Origin": server.url(""), "Sec-Fetch-Site": "same-origin"}
    cases.append(("CRM triage queue", "/admin/crm/households/", staff, "", "crm"))
    if prepared["household"]:
        cases.append(
            ("CRM household page", f"/admin/crm/households/{prepared['household']}/", staff, "", "crm")
        )
    cases.append(("a story published in a spike", "", {}, "", "publish"))
    # Last: the Celery worker is busy with its side effects and touches for a while afterwards.
    cases.append(("enquiry form POST", enquiry_path, same_site, form, "enquiry"))
    if args.only:
        wanted = {"baseline", *args.only.split(",")}
        cases = [case for case in cases if case[4] in wanted]
    time.sleep(3)  # the enquiry form's timing token must look like a person filled it in
    before = {"enquiries": Enquiry.objects.count(), "side effects": SideEffect.objects.count()}
    rows = []
    for label, path, headers, body, kind in cases:
        if kind == "publish":
            from bench import publish

            def rotation(**options):
                return drive(wrk, script, server.url("/"), args, **options)

            cached = [row["p99"] for row in rows if row["kind"] == "cached"]
            for figures in publish.run(server, rotation, fetch, cached_p99=max(cached, default=None)):
                figures.update(
                    kind=kind, path="", peak_mb=server.worker_peak_mb(), connections=args.connections
                )
                rows.append(figures)
                print(f"  {figures['label']}: p99 {figures['p99']:.1f} ms, {figures['errors']} errors")
            continue
        status, _, _ = fetch(server.url(path), headers=headers)
        if status != 200:
            refuse(f"{label}: {path} answered {status}")
        connections = args.staff_connections if kind == "crm" else args.connections
        options = {"headers": headers, "form": body, "connections": connections}
        drive(wrk, script, server.url(path), args, seconds=2, **options)  # warm-up
        figures = drive(wrk, script, server.url(path), args, seconds=args.seconds, **options)
        figures.update(
            label=label, path=path, kind=kind, peak_mb=server.worker_peak_mb(), connections=connections
        )
        rows.append(figures)
        print(
            f"  {label}: {figures['rps']:.0f}/s, p50 {figures['p50']:.1f} ms, p99 {figures['p99']:.1f} ms, "
            f"{figures['queries_per_request']:.1f} queries, {figures['errors']} errors"
        )
    connection.close()
    after = {"enquiries": Enquiry.objects.count(), "side effects": SideEffect.objects.count()}
    enquiry_row = next((row for row in rows if row["kind"] == "enquiry"), None)
    if enquiry_row is None:
        return rows
    enquiry_row["stored"] = after["enquiries"] - before["enquiries"]
    enquiry_row["queued"] = after["side effects"] - before["side effects"]
    enquiry_row["accepted"] = Enquiry.objects.filter(
        data__last_name__startswith="Visitor", status="accepted"
    ).count()
    return rows


def pack_pdf_wait(seconds: float = 60) -> None:
    """Queue the sweep that makes the information pack's PDF, as beat would, and wait for the worker to make it.

    The demo's publish queued the PDF before the benchmark emptied Redis (the cache and the broker alike), and no
    beat runs here. This comes after the cases, so making it takes nothing from their figures.
    """
    from website.models import InformationPackPdf
    from website.tasks import information_packs_sweep

    information_packs_sweep.delay()
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and not InformationPackPdf.objects.exclude(file="").exists():
        time.sleep(0.5)


def pack_pdf_line() -> str:
    """How long the Celery worker took to make the information pack's PDF when the demo published it."""
    from website.models import InformationPackPdf

    made = InformationPackPdf.objects.exclude(file="").order_by("-made_at").first()
    if made is None:
        return "- Information pack PDF: not made by the worker within a minute of the run (missed: goal under 10 s)."
    verdict = "met" if made.seconds_taken < 10 else "missed"
    return (
        f"- Information pack PDF: made by the Celery worker in {made.seconds_taken:.1f} s "
        f"({verdict}: under 10 s), {made.size / 1024:.0f} KB."
    )


def report(args, rows: list[dict], weight: dict, prepared: dict, commit: str) -> None:
    from bench.targets import verdict
    from bench.weight import PAGE_WEIGHT_LIMIT

    baseline_rps = rows[0]["rps"]
    lines = [
        "# Site benchmark",
        "",
        f"- Date: {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC; commit {commit}",
        f"- Machine: {os.cpu_count()} CPUs; gunicorn {args.workers} sync workers, production settings, "
        f"PostgreSQL, Redis cache and broker, one Celery worker; wrk 2 threads, {args.connections} connections "
        f"({args.staff_connections} for the CRM cases), "
        f"{args.seconds} s per case after a 2 s warm-up",
        f"- Households in the database: {prepared['households']:,}",
        "- Load average (1, 5, 15 minutes) at the end, other work on the machine included: "
        + ", ".join(f"{value:.1f}" for value in os.getloadavg()),
        "",
        "| case | at once | req/s | × baseline | p50 ms | p95 ms | p99 ms | SQL/request | worker peak MB | errors | target |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for row in rows:
        ratio = row["rps"] / baseline_rps if baseline_rps else 0
        lines.append(
            f"| {row['label']} | {row['connections']} | {row['rps']:.0f} | {ratio:.2f} | {row['p50']:.1f} | {row['p95']:.1f} | "
            f"{row['p99']:.1f} | {row['queries_per_request']:.1f} | {row['peak_mb']:.0f} | {row['errors'] + row['socket_errors']} | "
            f"{verdict(row, baseline_rps)} |"
        )
    lines.append("")
    if enquiry := next((row for row in rows if row["kind"] == "enquiry"), None):
        lines.append(
            f"- Enquiry POSTs: {enquiry['requests']:,} sent, {enquiry['stored']:,} enquiries stored "
            f"({enquiry['accepted']:,} accepted), {enquiry['queued']:,} side-effect rows queued for the Celery worker."
        )
    if published := next((row for row in rows if row.get("role") == "publish"), None):
        from bench.publish import summary

        lines.append(summary(published))
    lines += [
        f"- Home page on first visit: {weight['bytes'] / 1024:.0f} KB transferred for the page and its "
        f"{weight['assets']} assets ({'met' if weight['bytes'] < PAGE_WEIGHT_LIMIT else 'missed'}: under 500 KB); "
        f"third-party requests: {len(weight['third_party'])}, render-blocking: {len(weight['blocking'])}.",
    ]
    lines.append(pack_pdf_line())
    if "reports" in prepared:
        lines += [
            "",
            f"## Insight screens and nightly rebuilds at {args.households:,} people (bench/reports.py)",
            "",
        ]
        lines += prepared["reports"].splitlines()[2:]
    if "attribution" in prepared:
        lines += ["", f"## Attribution models at {args.households:,} people (bench/attribution.py)", ""]
        lines += prepared["attribution"].splitlines()[2:]
    text = "\n".join(lines) + "\n"
    print()
    print(text)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text)
    print(f"Written to {args.output}")


if __name__ == "__main__":
    main()
