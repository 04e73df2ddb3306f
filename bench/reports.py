"""Benchmark: every Insight screen's figures over a large generated history, on PostgreSQL.

    make bench-reports [BENCH_REPORTS_DATABASE_URL=postgres://...] [BENCH_ARGS="--regenerate --repeat 7"]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/apse_bench_reports .venv/bin/python bench/reports.py [options]

The history is the attribution benchmark's (``bench/attribution.py``: 100,000 households, 1,000,000
touchpoints, 300,000 stage moves, from the same seed), made in a database of its own and then filled
out with what the Insight screens read and the attribution history leaves empty: staff in the three
teams, assignments, first contacts, closures with their reasons, one or two enquiries per household,
fast-track and early-permanence flags, and the clock running for each open case with its due date.

Then it times what each screen asks of the database, as the screen asks it (for a manager, a
marketing editor whose small counts are hidden, and a recruitment worker where they may look),
``--repeat`` times after one warm-up run, and prints the median seconds, over one year of the
history and over all of it, and how long the nightly rebuilds take over the whole history. The table is also written to ``bench/results/reports.md``.

Options:
  --households N, --touchpoints N, --stage-moves N, --seed N   as for bench/attribution.py
  --regenerate      throw the history away and generate it again
  --repeat N        timed runs per screen (default 5)
  --output PATH     where to write the Markdown table
  --rebuilds        time the nightly rebuilds again on a reused history (they are always timed when it
                    is generated: the journey dates and stopped clocks, then the stored credit)
  --explain SCREEN  print EXPLAIN ANALYZE of the slowest query of the screen with that label
                    (as in the table, e.g. "Timeliness") over the whole history, and stop

The database is emptied before generating, so the script refuses to generate into a database
whose name does not contain "bench" once it holds households.
"""

# A seeded generator for test data (not security); SQL from constant table names.
# ruff: noqa: S311, S608

import argparse
import datetime as dt
import os
import platform
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "website.settings.dev")

from bench import attribution  # noqa: E402 - needs the path above

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/apse_bench_reports"
WORKERS_PER_TEAM = 8
# Closing reasons by the step a case had reached, with weights.
CLOSURES = {
    "enquiry": [("lost_contact", 5), ("withdrew_circumstances", 3), ("moved_out_of_area", 1), ("withdrew_fostering", 1)],
    "initial_conversation": [("lost_contact", 3), ("withdrew_circumstances", 3), ("withdrew_finances", 1), ("withdrew_housing", 1)],
    "information_event": [("withdrew_circumstances", 3), ("withdrew_other_agency", 2), ("withdrew_fertility", 1), ("lost_contact", 2)],
    "registration_of_interest": [("roi_declined", 3), ("withdrew_circumstances", 2)],
    "roi_accepted": [("withdrew_health", 1), ("withdrew_circumstances", 2)],
    "stage_one": [("not_suitable_stage_one", 3), ("withdrew_health", 1), ("withdrew_circumstances", 2)],
    "break": [("lapsed_after_break", 3), ("withdrew_circumstances", 1)],
    "stage_two": [("not_approved_stage_two", 2), ("withdrew_circumstances", 2), ("transferred", 1)],
    "panel": [("not_approved_stage_two", 1)],
}  # fmt: skip
SOURCES = ["web"] * 7 + ["phone"] * 2 + ["email"]
YEAR = {"date_from": dt.date(2025, 1, 1), "date_to": dt.date(2025, 12, 31)}
WHOLE = {"date_from": dt.date(2023, 1, 1), "date_to": dt.date(2026, 11, 30)}


def options(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--households", type=int, default=100_000)
    parser.add_argument("--touchpoints", type=int, default=1_000_000)
    parser.add_argument("--stage-moves", type=int, default=300_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--regenerate", action="store_true")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--output", type=Path, default=ROOT / "bench" / "results" / "reports.md")
    parser.add_argument(
        "--rebuilds", action="store_true", help="time the nightly rebuilds again on a reused history"
    )
    parser.add_argument("--explain", metavar="SCREEN", help="EXPLAIN ANALYZE the slowest query of SCREEN")
    return parser.parse_args(argv)


def staff_make() -> tuple[dict[str, list[int]], int]:
    """Eight workers in each council's team and two managers, made again on each generation."""
    from django.contrib.auth import get_user_model

    from crm.models import StaffMember, Team

    users = get_user_model()
    users.objects.filter(username__startswith="bench-").delete()
    workers: dict[str, list[int]] = {}
    for team in Team.objects.all():
        workers[team.council] = []
        for number in range(1, WORKERS_PER_TEAM + 1):
            user = users.objects.create(
                username=f"bench-{team.council}-{number}",
                first_name="Bench",
                last_name=f"{team.council} {number}",
            )
            workers[team.council].append(StaffMember.objects.create(user=user, team=team).pk)
    manager = None
    for number in (1, 2):
        user = users.objects.create(
            username=f"bench-manager-{number}", first_name="Bench", last_name="Manager"
        )
        manager = StaffMember.objects.create(user=user, role=StaffMember.Role.MANAGER)
    return workers, manager.user_id


def extend(seed: int) -> tuple[float, list[tuple[str, float, int]]]:
    """Fill out the attribution history with what the CRM's own screens read."""
    from django.db import connection
    from django.utils import timezone

    from crm.calendar import add_months, add_working_days
    from crm.models import STAGE_ORDER, Clock, Team

    started = time.perf_counter()
    rnd = random.Random(seed + 1)
    now = timezone.now()
    workers, _ = staff_make()
    teams = {team.council: team.pk for team in Team.objects.all()}
    # Timescales before stall rules, as ``crm.services.pipeline.clock_for`` looks for them.
    clocks = sorted(
        Clock.objects.all(), key=lambda clock: (clock.is_stall_rule, STAGE_ORDER[clock.starts_at_stage])
    )

    def value(item) -> str:
        if item is None:
            return "\\N"
        if isinstance(item, bool):
            return "t" if item else "f"
        if isinstance(item, dt.datetime):
            return item.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S+00")
        return str(item)

    closed, enquired_count = 0, 0
    with connection.cursor() as django_cursor:
        cursor = django_cursor.cursor
        cursor.execute(
            "CREATE TEMP TABLE bench_household (id bigint, team_id bigint, assigned_to_id bigint, "
            "first_contact_at timestamptz, fast_track boolean, early_permanence boolean, closed_at timestamptz, "
            "closure_reason text, clock_id bigint, due_on date, stage_entered_at timestamptz, stage_dates jsonb, "
            "last_enquiry_at timestamptz)"
        )
        cursor.execute("SELECT COALESCE(MAX(id), 0) FROM crm_household")
        (last_pk,) = cursor.fetchone()
        # A chunk of households at a time, so memory stays bounded at a million.
        for first in range(1, last_pk + 1, attribution.CHUNK):
            cursor.execute(
                "SELECT h.id, h.council, h.stage, h.first_enquiry_at, "
                "COALESCE(json_object_agg(s.to_stage, s.effective_at) FILTER (WHERE s.id IS NOT NULL), '{}') "
                "FROM crm_household h LEFT JOIN crm_stagechange s ON s.household_id = h.id AND s.kind = 'advance' "
                "WHERE h.id >= %s AND h.id < %s GROUP BY h.id ORDER BY h.id",
                [first, first + attribution.CHUNK],
            )
            households = cursor.fetchall()
            updates, closes, enquiries = [], [], []
            for pk, council, stage, enquired, moves in households:
                moves = {key: dt.datetime.fromisoformat(value) for key, value in moves.items()}
                last = max([enquired, *moves.values()])
                team = teams.get(council)
                assigned = rnd.choice(workers[council]) if team and rnd.random() < 0.92 else None
                contact = None
                if rnd.random() < 0.9:
                    contact = enquired + dt.timedelta(hours=rnd.uniform(2, 24 * rnd.choice([1, 2, 3, 5, 9])))
                    if "initial_conversation" in moves:
                        contact = min(contact, moves["initial_conversation"])
                    contact = min(contact, now)
                fast_track = "stage_one" not in moves and rnd.random() < 0.03
                early_permanence = "registration_of_interest" in moves and rnd.random() < 0.12
                closed_at = reason = None
                if stage != "approved":
                    closing = last + dt.timedelta(days=rnd.uniform(5, 150))
                    if closing < now and rnd.random() < 0.75:
                        closed_at = closing
                        reasons, weights = zip(*CLOSURES[stage], strict=True)
                        reason = rnd.choices(reasons, weights=weights)[0]
                        closes.append((pk, stage, reason, closing))
                clock_id = due_on = None
                if closed_at is None:
                    position = STAGE_ORDER[stage]
                    for clock in clocks:
                        stops = (
                            STAGE_ORDER[clock.stops_at_stage] if clock.stops_at_stage else len(STAGE_ORDER)
                        )
                        if STAGE_ORDER[clock.starts_at_stage] <= position < stops:
                            if clock.code == "first_contact" and contact:
                                continue
                            start = timezone.localdate(moves.get(clock.starts_at_stage, enquired))
                            due_on = (
                                add_working_days(start, clock.amount)
                                if clock.unit == "working_days"
                                else add_months(start, clock.amount)
                            )
                            clock_id = clock.pk
                            break
                stage_dates = (
                    "{"
                    + ", ".join(f'"{key}": "{timezone.localdate(value)}"' for key, value in moves.items())
                    + "}"
                )
                later = None
                if rnd.random() < 0.25:
                    later = enquired + dt.timedelta(days=rnd.uniform(1, 60))
                    enquiries.append((pk, council, rnd.choice(SOURCES), later))
                enquiries.append((pk, council, rnd.choice(SOURCES), enquired))
                updates.append(
                    (pk, team, assigned, contact, fast_track, early_permanence, closed_at, reason or "", clock_id, due_on,
                     last, stage_dates, later or enquired)
                )  # fmt: skip

            attribution.copy_rows(
                cursor,
                "bench_household",
                ["id", "team_id", "assigned_to_id", "first_contact_at", "fast_track", "early_permanence", "closed_at",
                 "closure_reason", "clock_id", "due_on", "stage_entered_at", "stage_dates", "last_enquiry_at"],
                ("\t".join(value(item) for item in row) + "\n" for row in updates),
            )  # fmt: skip
            attribution.copy_rows(
                cursor,
                "crm_stagechange",
                ["household_id", "kind", "from_stage", "to_stage", "closure_reason", "effective_at", "recorded_at", "note"],
                (f"{pk}\tclose\t{stage}\t{stage}\t{reason}\t{value(at)}\t{value(at)}\t\n" for pk, stage, reason, at in closes),
            )  # fmt: skip
            attribution.copy_rows(
                cursor,
                "crm_enquiry",
                ["household_id", "source", "status", "council", "received_at", "data", "message", "heard_about",
                 "heard_about_detail", "attribution", "spam_reasons"],
                (f"{pk}\t{source}\taccepted\t{council}\t{value(at)}\t{{}}\t\t\t\t{{}}\t[]\n" for pk, council, source, at in enquiries),
            )  # fmt: skip
            closed += len(closes)
            enquired_count += len(enquiries)
        cursor.execute(
            "UPDATE crm_household h SET team_id = b.team_id, assigned_to_id = b.assigned_to_id, "
            "assigned_at = CASE WHEN b.assigned_to_id IS NULL THEN NULL ELSE h.first_enquiry_at END, "
            "first_contact_at = b.first_contact_at, fast_track = b.fast_track, early_permanence = b.early_permanence, "
            "closed_at = b.closed_at, closure_reason = b.closure_reason, clock_id = b.clock_id, due_on = b.due_on, "
            "stage_entered_at = b.stage_entered_at, stage_dates = b.stage_dates, last_enquiry_at = b.last_enquiry_at "
            "FROM bench_household b WHERE b.id = h.id"
        )
        cursor.execute("DROP TABLE bench_household")
    # The journey dates, stopped clocks and stored credit the reports read, as the nightly jobs keep them.
    nightly = rebuilds()
    with connection.cursor() as cursor:
        for table in ("crm_household", "crm_stagechange", "crm_enquiry"):
            cursor.execute(f"VACUUM ANALYZE {table}")
    print(f"  added {closed:,} closures and {enquired_count:,} enquiries")
    return time.perf_counter() - started, nightly


def rebuilds() -> list[tuple[str, float, int]]:
    """Run the nightly rebuilds as Celery's beat starts them, each over the whole history, and time them:
    (task, seconds, rows it stored). The report tables are vacuumed and analysed afterwards, untimed."""
    from django.db import connection

    from campaigns.tasks import credits_rebuild_run
    from crm.tasks import journeys_rebuild_run

    timed = []
    for task, tables in (
        (journeys_rebuild_run, ("crm_journeydates", "crm_journeystep", "crm_clockoutcome")),
        (credits_rebuild_run, ("campaigns_credit",)),
    ):
        started = time.perf_counter()
        stored = task()
        seconds = time.perf_counter() - started
        print(f"  nightly {task.name}: {seconds:.1f} s, {stored:,} rows", flush=True)
        timed.append((task.name, seconds, stored))
        with connection.cursor() as cursor:
            for table in tables:
                cursor.execute(f"VACUUM ANALYZE {table}")
    return timed


def counts() -> dict[str, int]:
    from django.db import connection

    found = attribution.counts()
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM crm_enquiry")
        found["enquiries"] = cursor.fetchone()[0]
        cursor.execute("SELECT COUNT(*) FROM crm_household WHERE closed_at IS NOT NULL")
        found["closed"] = cursor.fetchone()[0]
    return found


def users_ensure() -> dict[str, object]:
    """The people the screens are timed for: a manager, a marketing editor and a Kent worker."""
    from django.contrib.auth import get_user_model

    from crm.models import StaffMember
    from website.roles import MANAGERS, MARKETING_EDITORS, RECRUITMENT_WORKERS, roles_sync

    groups = roles_sync()
    users = get_user_model()
    marketing, _ = users.objects.get_or_create(username="bench-marketing", defaults={"is_staff": True})
    marketing.groups.add(groups[MARKETING_EDITORS])
    manager = StaffMember.objects.filter(role=StaffMember.Role.MANAGER, user__username__startswith="bench-")
    worker = StaffMember.objects.filter(team__council="kent", user__username__startswith="bench-")
    people = {
        "manager": manager.order_by("pk").first().user,
        "marketing": marketing,
        "worker": worker.order_by("pk").first().user,
    }
    people["manager"].groups.add(groups[MANAGERS])
    people["worker"].groups.add(groups[RECRUITMENT_WORKERS])
    return people


def screens(quarter: str) -> list[tuple[str, str, str, bool]]:
    """(label, who, address, whether the dates apply) for every screen and the heaviest download."""
    return [
        ("Funnel by month", "manager", "funnel/?cohort=month", True),
        ("Funnel by quarter, split by council", "manager", "funnel/?cohort=quarter&split=council", True),
        ("Funnel split by source channel", "manager", "funnel/?split=channel", True),
        ("Funnel split by Kindred phase", "manager", "funnel/?split=phase", True),
        ("Funnel split by campaign", "manager", "funnel/?split=campaign", True),
        ("Funnel split by source channel (small counts hidden)", "marketing", "funnel/?split=channel", True),
        ("Funnel XLSX of the cohorts", "manager", "funnel/?download=xlsx&table=cohorts", True),
        ("Timeliness", "manager", "timeliness/", True),
        ("Timeliness (small counts hidden)", "marketing", "timeliness/", True),
        ("Timeliness for a Kent worker", "worker", "timeliness/", True),
        ("Overdue cases, first page", "manager", "timeliness/overdue/", False),
        ("Overdue cases CSV, every case", "manager", "timeliness/overdue/?download=csv&table=overdue", False),
        ("Overdue cases for a Kent worker", "worker", "timeliness/overdue/", False),
        ("Workload", "manager", "workload/", True),
        ("Workload (small counts hidden)", "marketing", "workload/", True),
        ("Workload for a Kent worker", "worker", "workload/", True),
        ("Channels and phases, linear, by channel", "manager", "channels/?model=linear&dimension=channel", True),
        ("Channels and phases, time decay, by phase", "marketing", "channels/?model=time_decay&dimension=phase", True),
        ("Quarterly return screen", "manager", f"quarterly-return/?quarter={quarter}", False),
        ("Quarterly return CSV", "manager", f"quarterly-return/?quarter={quarter}&download=csv&table=return", False),
    ]  # fmt: skip


def fetch(client, address: str) -> int:
    response = client.get(address)
    if response.status_code != 200:
        raise SystemExit(f"{address} answered {response.status_code}")
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return len(body)


def explain(client, address: str) -> None:
    """EXPLAIN ANALYZE the slowest query the screen at ``address`` makes."""
    from django.db import connection

    seen: list[tuple[float, str, object]] = []

    def record(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            seen.append((time.perf_counter() - started, sql, params))

    with connection.execute_wrapper(record):
        fetch(client, address)
    seconds, sql, params = max(seen, key=lambda item: item[0])
    print(f"{len(seen)} queries; the slowest took {seconds:.3f} s:\n{sql}\n")
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
        print("\n".join(line for (line,) in cursor.fetchall()))


def run(args, found, generation, nightly) -> None:
    """Time each screen as a person asks for it: the whole response, queries and template included."""
    from urllib.parse import urlencode

    from django.conf import settings
    from django.db import connection
    from django.test import Client

    from crm.quarterly_return import Quarter

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    people = users_ensure()
    clients = {}
    for who, user in people.items():
        clients[who] = Client()
        clients[who].force_login(user)
    quarter = Quarter.containing(YEAR["date_to"]).key
    ranges = [("2025", YEAR), ("whole history", WHOLE)]

    if args.explain:
        found_screen = [screen for screen in screens(quarter) if screen[0] == args.explain]
        if not found_screen:
            attribution.refuse(f"No screen is labelled {args.explain!r}.")
        _, who, address, _ = found_screen[0]
        query = urlencode({key: value.isoformat() for key, value in WHOLE.items()})
        explain(clients[who], f"/admin/insight/{address}{'&' if '?' in address else '?'}{query}")
        return

    table = []
    for label, who, address, dated in screens(quarter):
        line = []
        for range_label, dates in ranges if dated else ranges[:1]:
            query = urlencode({key: value.isoformat() for key, value in dates.items()})
            full = f"/admin/insight/{address}{'&' if '?' in address else '?'}{query}"
            seconds, size = attribution.timed(fetch, args.repeat, client=clients[who], address=full)
            line.append(seconds)
            print(f"  {label} ({who}), {range_label}: {seconds:.3f} s, {size:,} bytes")
        table.append((label, who, line if dated else [line[0], None]))

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        server = cursor.fetchone()[0]
    lines = [
        "# Insight benchmark",
        "",
        f"- Date: {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC; commit {attribution.git_describe()}",
        f"- Machine: {os.cpu_count()} CPUs, {platform.system()} {platform.machine()}, PostgreSQL {server}",
        f"- History: {found['households']:,} households, {found['touchpoints']:,} touchpoints, "
        f"{found['stage moves']:,} stage moves, {found['enquiries']:,} enquiries, {found['closed']:,} closed "
        f"cases (seed {args.seed}); "
        + (f"generated in {generation:.0f} s" if generation is not None else "reused from an earlier run"),
        f"- Median of {args.repeat} runs after a warm-up, in seconds: the whole response through Django's "
        "test client (session, queries, figures, charts and template, or the whole download).",
        f"- Screens without dates (overdue cases, the quarterly return for {quarter}) are timed once.",
        "",
        "| screen | who | 2025 | whole history |",
        "|---|---|---:|---:|",
        *(
            f"| {label} | {who} | "
            + " | ".join("–" if seconds is None else f"{seconds:.2f}" for seconds in line)
            + " |"
            for label, who, line in table
        ),
        "",
        *rebuild_lines(nightly),
    ]
    text = "\n".join(lines)
    print()
    print(text)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text)
    print(f"Written to {args.output}")


def rebuild_lines(nightly) -> list[str]:
    """The nightly rebuilds' table, against the time Celery gives each task before stopping it."""
    if nightly is None:
        return [
            "Nightly rebuilds: not timed in this run (they are when the history is generated, or with --rebuilds).",
            "",
        ]
    from celery import current_app

    lines = [
        "| nightly rebuild, the whole history | seconds | rows stored | Celery's time limit |",
        "|---|---:|---:|---|",
    ]
    for name, seconds, stored in nightly:
        task = current_app.tasks[name]
        limit = task.soft_time_limit or current_app.conf.task_soft_time_limit
        verdict = "none" if limit is None else f"{limit:,} s: " + ("met" if seconds < limit else "missed")
        lines.append(f"| {name} | {seconds:.1f} | {stored:,} | {verdict} |")
    return [*lines, ""]


def main(argv=None) -> None:
    args = options(argv)
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        attribution.refuse(
            "The reports benchmark runs on PostgreSQL only. Give it a database of its own, e.g.\n"
            f"  make bench-reports BENCH_REPORTS_DATABASE_URL={DEFAULT_URL}\n"
            f"  DATABASE_URL={DEFAULT_URL} .venv/bin/python bench/reports.py"
        )
    attribution.database_ensure(url)

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    settings.DEBUG = False
    call_command("migrate", verbosity=0)

    wanted = {"households": args.households, "touchpoints": args.touchpoints, "stage moves": args.stage_moves}
    found = counts()
    generation, nightly = None, None
    if {key: found[key] for key in wanted} != wanted or not found["enquiries"] or args.regenerate:
        if found["households"] and "bench" not in connection.settings_dict["NAME"]:
            attribution.refuse(
                f"{connection.settings_dict['NAME']} already holds households and its name does not contain "
                "'bench'. The benchmark empties the database it generates into: give it one of its own."
            )
        print(
            f"Generating {args.households:,} households, {args.touchpoints:,} touchpoints "
            f"and {args.stage_moves:,} stage moves (seed {args.seed})"
        )
        generation = attribution.generate(args)
        extended, nightly = extend(args.seed)
        generation += extended
        print(f"  generated in {generation:.1f} s")
        found = counts()
    else:
        print("Reusing the generated history (--regenerate to make it again)")
        if args.rebuilds:
            nightly = rebuilds()

    run(args, found, generation, nightly)


if __name__ == "__main__":
    main()
