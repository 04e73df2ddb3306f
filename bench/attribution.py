"""Benchmark: every attribution model's full report over a large generated history, on PostgreSQL.

    make bench-attribution [BENCH_DATABASE_URL=postgres://...] [BENCH_ARGS="--regenerate --repeat 7"]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/apse_bench .venv/bin/python bench/attribution.py [options]

``make bench-attribution`` uses ``BENCH_DATABASE_URL`` (default: the ``apse_bench`` database on the local
server), never your ``DATABASE_URL``, so it cannot empty your development database by accident.

The first run creates the database if it is missing, migrates it and generates a reproducible
history (100,000 households, 1,000,000 touchpoints, 300,000 stage moves by default) with COPY;
later runs reuse it unless ``--regenerate`` is given. Then it times the report by channel, as the Campaign results screen adds it up from the stored credit, for each
model and outcome over one year (2025) and over the whole history, ``--repeat`` times after one warm-up run, and prints the
median seconds. The table is also written to ``bench/results/attribution.md``.

Options:
  --households N, --touchpoints N, --stage-moves N   size of the history
  --seed N          the random seed (the same seed gives the same history)
  --regenerate      throw the history away and generate it again
  --repeat N        timed runs per report (default 5)
  --output PATH     where to write the Markdown table
  --explain MODEL   print PostgreSQL's EXPLAIN ANALYZE of that model's enquiry report and stop

The database is emptied before generating, so the script refuses to generate into a database
whose name does not contain "bench" once it holds households.
"""

# A seeded generator for test data (not security); SQL from constant table names; git from PATH.
# ruff: noqa: S311, S608, S607

import argparse
import datetime as dt
import io
import os
import platform
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "website.settings.dev")

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/apse_bench"
START = dt.datetime(2023, 1, 1, tzinfo=dt.UTC)
ENQUIRY_DAYS = 3 * 365
REPORT_RANGE = {"date_from": dt.date(2022, 1, 1), "date_to": dt.date(2027, 12, 31)}
# Each report is timed over one year (outcomes in 2025) and over the whole history.
RANGES = [
    ("2025", {"date_from": dt.date(2025, 1, 1), "date_to": dt.date(2025, 12, 31)}),
    ("whole", REPORT_RANGE),
]
DAY = 86400
# Households generated and written at a time: memory stays bounded at a million.
CHUNK = 50_000
# The tables the history fills; their secondary indexes are built again once after COPY (in the same transaction).
TABLES = [
    "campaigns_touchpoint",
    "crm_stagechange",
    "crm_household",
    "campaigns_campaignchannel",
    "campaigns_campaign",
]

# After the enquiry, in order: the share of households that reach each stage (so 100,000 households make
# 300,000 moves), and the days each move takes after the one before.
FUNNEL = [
    ("initial_conversation", 0.82, (1, 10)),
    ("information_event", 0.54, (7, 45)),
    ("registration_of_interest", 0.38, (3, 60)),
    ("roi_accepted", 0.33, (2, 7)),
    ("stage_one", 0.30, (1, 14)),
    ("stage_two", 0.24, (55, 75)),
    ("panel", 0.20, (100, 130)),
    ("approved", 0.19, (5, 21)),
]
STAGE_PHASE = {
    "initial_conversation": 2,
    "information_event": 2,
    "registration_of_interest": 4,
    "roi_accepted": 4,
    "stage_one": 5,
    "stage_two": 5,
    "panel": 5,
    "approved": 6,
}
COUNCILS = (["kent"] * 60) + (["medway"] * 17) + (["bexley"] * 17) + (["elsewhere"] * 6)
# Touches before the enquiry: how many (0 to 8) and, along the way, which channels.
BEFORE_COUNTS = [10, 15, 18, 17, 14, 10, 7, 5, 4]
EARLY = ["radio", "posters", "leaflets", "editorial", "friends-family", "council"]
RESEARCH = ["website", "search", "search", "website", "information-packs"]
SOCIAL = ["facebook", "facebook", "twitter", "youtube", "instagram", "forums"]
AFTER_ENQUIRY = ["newsletter", "newsletter", "return-visits", "information-events", "facebook", "website"]
AFTER_DECISION = ["newsletter", "return-visits", "peers", "peers"]
AFTER_APPROVAL = ["mentors", "networking", "newsletter"]
AFTER_KINDS = {
    "newsletter": "email_click",
    "information-events": "event_booking",
    "networking": "event_booking",
}
CAMPAIGN_CHANNELS = ["radio", "posters", "leaflets", "editorial", "facebook", "search", "youtube"]


def refuse(message: str) -> None:
    print(message, file=sys.stderr)
    raise SystemExit(2)


def options(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--households", type=int, default=100_000, help="households to generate (100,000)")
    parser.add_argument(
        "--touchpoints", type=int, default=1_000_000, help="touchpoints to generate (1,000,000)"
    )
    parser.add_argument("--stage-moves", type=int, default=300_000, help="stage moves to generate (300,000)")
    parser.add_argument("--seed", type=int, default=2026, help="random seed: the same seed, the same history")
    parser.add_argument("--regenerate", action="store_true", help="empty the database and generate again")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per report, after a warm-up (5)")
    parser.add_argument(
        "--output",
        type=Path,
        default=ROOT / "bench" / "results" / "attribution.md",
        help="where to write the Markdown table (bench/results/attribution.md)",
    )
    parser.add_argument(
        "--explain",
        metavar="MODEL",
        help="print EXPLAIN ANALYZE of MODEL's enquiry report by channel and stop",
    )
    return parser.parse_args(argv)


def database_ensure(url: str) -> None:
    """Create the benchmark database on first use."""
    import dj_database_url
    import psycopg

    config = dj_database_url.parse(url)
    server = {
        "host": config["HOST"] or None,
        "port": config["PORT"] or None,
        "user": config["USER"] or None,
        "password": config["PASSWORD"] or None,
    }
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]]).fetchone()
        if not exists:
            print(f"Creating database {config['NAME']}")
            admin.execute(f'CREATE DATABASE "{config["NAME"]}"')


class History:
    """A reproducible history, built in memory as rows ready for COPY."""

    def __init__(self, *, households: int, touchpoints: int, stage_moves: int, seed: int, channels: dict):
        self.random = random.Random(seed)
        self.households = households
        self.touchpoints = touchpoints
        self.stage_moves = stage_moves
        self.channels = channels  # slug -> (id, phase)

    def reach_counts(self) -> list[int]:
        """How many households reach each stage, adding up to exactly ``stage_moves``."""
        scale = self.stage_moves / (sum(share for _, share, _ in FUNNEL) * self.households)
        counts = [min(self.households, round(share * scale * self.households)) for _, share, _ in FUNNEL]
        counts[0] += self.stage_moves - sum(counts)
        if not self.households >= counts[0] >= counts[-1] >= 0:
            refuse("Those sizes do not make a sensible funnel: use at most 8 stage moves per household.")
        return counts

    def campaigns(self) -> list[tuple[int, str, str, dt.date, dt.date, list[tuple[str, int]]]]:
        """One campaign a quarter, eight to ten weeks long, on three or four channels with spend."""
        made = []
        for number in range(12):
            year, quarter = 2023 + number // 4, number % 4
            starts = dt.date(year, 1 + 3 * quarter, 1) + dt.timedelta(days=self.random.randint(0, 20))
            ends = starts + dt.timedelta(weeks=self.random.randint(8, 10))
            channels = self.random.sample(CAMPAIGN_CHANNELS, self.random.randint(3, 4))
            spend = [(slug, self.random.randrange(1000, 15000, 50)) for slug in channels]
            made.append(
                (number + 1, f"Bench campaign {number + 1}", f"BENCH{number + 1:02d}", starts, ends, spend)
            )
        return made

    def plan(self) -> None:
        """What must be known of everyone before the first chunk: how far each household gets, how many
        touches it has before its enquiry (and whether it says where it heard), and so how many come after."""
        rnd = self.random
        self.campaign_rows = self.campaigns()
        reach = self.reach_counts()
        order = list(range(1, self.households + 1))
        rnd.shuffle(order)
        self.depth = bytearray(self.households + 1)
        for rank, pk in enumerate(order):
            self.depth[pk] = sum(1 for count in reach if rank < count)
        del order
        self.before = bytearray(self.households + 1)
        self.said = bytearray(self.households + 1)
        counts = rnd.choices(range(len(BEFORE_COUNTS)), weights=BEFORE_COUNTS, k=self.households)
        for pk, count in enumerate(counts, start=1):
            self.before[pk] = count
            self.said[pk] = bool(count) and rnd.random() < 0.6
        del counts
        base = self.stage_moves + self.households + sum(self.before) + sum(self.said)
        self.after = self.touchpoints - base
        if self.after < 0:
            refuse("Too few touchpoints for that many households and stage moves: raise --touchpoints.")
        self.weight_total = self.households + self.stage_moves  # each household weighs 1 + its depth

    def chunks(self, size: int = CHUNK):
        """The history a chunk of households at a time: (campaigns, households, moves, touches) rows for
        each, so memory stays bounded however many households there are."""
        self.plan()
        rnd = self.random
        campaigns = self.campaign_rows
        # For each day since START: the campaigns running, and their channels.
        running: dict[int, list[tuple[int, set[str]]]] = {}
        for pk, _, _, starts, ends, spend in campaigns:
            slugs = {slug for slug, _ in spend}
            for day in range((starts - START.date()).days, (ends - START.date()).days + 1):
                running.setdefault(day, []).append((pk, slugs))
        start_epoch = int(START.timestamp())
        weight_before, after_before = 0, 0
        for first in range(1, self.households + 1, size):
            last_pk = min(first + size, self.households + 1)
            households, moves, touches = [], [], []
            timelines = {}
            for pk in range(first, last_pk):
                enquired = start_epoch + rnd.randrange(ENQUIRY_DAYS * DAY)
                at = enquired
                stages = []
                for stage, _, (low, high) in FUNNEL[: self.depth[pk]]:
                    at += rnd.randint(low, high) * DAY + rnd.randrange(-4 * 3600, 4 * 3600)
                    stages.append((stage, at))
                timelines[pk] = (enquired, stages)
                households.append(
                    (pk, rnd.choice(COUNCILS), stages[-1][0] if stages else "enquiry", enquired)
                )
                for stage, when in stages:
                    moves.append((pk, stage, when))
                    touches.append(
                        (pk, "stage", self.channels["front-door"][0], STAGE_PHASE[stage], None, when)
                    )
                source = rnd.random()
                channel = (
                    "website" if source < 0.7 else "front-door" if source < 0.95 else "information-events"
                )
                touches.append((pk, "enquiry", self.channels[channel][0], 2, None, enquired))

                count = self.before[pk]
                moments = sorted(enquired - rnd.randrange(60, 120 * DAY) for _ in range(count))
                for index, when in enumerate(moments):
                    position = index / count
                    slug = rnd.choices(
                        [rnd.choice(EARLY), rnd.choice(RESEARCH), rnd.choice(SOCIAL)],
                        weights=[1.2 - position, 0.3 + position, 0.6],
                    )[0]
                    campaign = None
                    for campaign_pk, slugs in running.get((when - start_epoch) // DAY, []):
                        if slug in slugs and rnd.random() < 0.7:
                            campaign = campaign_pk
                            break
                    channel_pk, phase = self.channels[slug]
                    touches.append((pk, "landing", channel_pk, phase, campaign, when))
                if self.said[pk]:
                    channel_pk, phase = self.channels[rnd.choice(EARLY + RESEARCH + SOCIAL)]
                    touches.append((pk, "self_reported", channel_pk, phase, None, enquired - 1))

            # Touches after the enquiry, shared out in proportion to how far each household got: this
            # chunk's share of them all, rounded so that the chunks add up to exactly ``after``.
            pks = range(first, last_pk)
            weights = [1 + self.depth[pk] for pk in pks]
            weight_before += sum(weights)
            after_until = round(self.after * weight_before / self.weight_total)
            chunk_after, after_before = after_until - after_before, after_until
            for pk in rnd.choices(pks, weights=weights, k=chunk_after):
                enquired, stages = timelines[pk]
                last = stages[-1][1] if stages else enquired
                when = rnd.randint(enquired + 60, last + 60 * DAY)
                reached = [stage for stage, moved in stages if moved <= when]
                pool = (
                    AFTER_APPROVAL
                    if "approved" in reached
                    else AFTER_DECISION
                    if "registration_of_interest" in reached
                    else AFTER_ENQUIRY
                )
                slug = rnd.choice(pool)
                channel_pk, phase = self.channels[slug]
                touches.append((pk, AFTER_KINDS.get(slug, "landing"), channel_pk, phase, None, when))
            yield {"households": households, "moves": moves, "touches": touches}


def stamp(epoch: int) -> str:
    return dt.datetime.fromtimestamp(epoch, dt.UTC).strftime("%Y-%m-%d %H:%M:%S+00")


def copy_rows(cursor, table: str, columns: list[str], lines) -> None:
    """COPY tab-separated lines into ``table``, a megabyte at a time."""
    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        buffer = io.StringIO()
        for line in lines:
            buffer.write(line)
            if buffer.tell() > 1 << 20:
                copy.write(buffer.getvalue())
                buffer = io.StringIO()
        copy.write(buffer.getvalue())


def secondary_indexes(cursor, tables: list[str]) -> list[tuple[str, str]]:
    """(name, definition) of the indexes on ``tables`` that no constraint owns, as the migrations made them."""
    cursor.execute(
        "SELECT i.relname, pg_get_indexdef(i.oid) FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid "
        "JOIN pg_class t ON t.oid = x.indrelid WHERE t.relname = ANY(%s) "
        "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid) ORDER BY i.relname",
        [tables],
    )
    return cursor.fetchall()


def generate(args) -> float:
    """Empty the history's tables and COPY a new history in, a chunk of households at a time.

    One transaction: the secondary indexes are dropped, the rows copied, and the indexes made again from
    their own definitions before it commits, which is several times quicker than keeping them up to date
    row by row; if anything fails the transaction rolls back, indexes and all.
    """
    from django.db import connection, transaction

    from campaigns.models import Channel

    started = time.perf_counter()
    channels = {channel.slug: (channel.pk, channel.phase) for channel in Channel.objects.all()}
    history = History(
        households=args.households,
        touchpoints=args.touchpoints,
        stage_moves=args.stage_moves,
        seed=args.seed,
        channels=channels,
    )
    household_columns = [
        "id", "first_name", "last_name", "partner_first_name", "partner_last_name", "email", "phone",
        "postcode", "council", "household_type", "children_at_home", "interests", "best_time_to_call",
        "stage", "stage_entered_at", "stage_dates", "fast_track", "early_permanence", "closure_reason",
        "first_enquiry_at", "last_enquiry_at", "created_at", "updated_at",
    ]  # fmt: skip
    move_columns = [
        "household_id", "kind", "from_stage", "to_stage", "closure_reason", "effective_at", "recorded_at", "note",
    ]  # fmt: skip
    touch_columns = ["household_id", "kind", "channel_id", "phase", "campaign_id", "occurred_at", "detail"]
    with transaction.atomic(), connection.cursor() as django_cursor:
        cursor = django_cursor.cursor  # psycopg's own cursor, for COPY
        cursor.execute(f"TRUNCATE {', '.join(TABLES)} RESTART IDENTITY CASCADE")
        indexes = secondary_indexes(cursor, TABLES)
        for name, _ in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
        # Foreign keys are checked by triggers, one row at a time; every key here is made to match.
        cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
        written = 0
        for rows in history.chunks():
            if not written:
                copy_rows(
                    cursor,
                    "campaigns_campaign",
                    ["id", "name", "code", "landing_path", "starts_on", "ends_on", "councils", "created_at"],
                    (
                        f"{pk}\t{name}\t{code}\t/\t{starts}\t{ends}\t[]\t{starts} 00:00:00+00\n"
                        for pk, name, code, starts, ends, _ in history.campaign_rows
                    ),
                )
                copy_rows(
                    cursor,
                    "campaigns_campaignchannel",
                    ["campaign_id", "channel_id", "spend"],
                    (
                        f"{pk}\t{channels[slug][0]}\t{spend}\n"
                        for pk, _, _, _, _, spends in history.campaign_rows
                        for slug, spend in spends
                    ),
                )
            copy_rows(
                cursor,
                "crm_household",
                household_columns,
                (
                    f"{pk}\tBench\t{pk}\t\t\t\t\t\t{council}\t\t\t[]\t\t{stage}\t{stamp(at)}\t{{}}\tf\tf\t\t"
                    f"{stamp(at)}\t{stamp(at)}\t{stamp(at)}\t{stamp(at)}\n"
                    for pk, council, stage, at in rows["households"]
                ),
            )
            previous = {}
            move_lines = []
            for pk, stage, when in rows["moves"]:
                move_lines.append(
                    f"{pk}\tadvance\t{previous.get(pk, 'enquiry')}\t{stage}\t\t{stamp(when)}\t{stamp(when)}\t\n"
                )
                previous[pk] = stage
            copy_rows(cursor, "crm_stagechange", move_columns, move_lines)
            copy_rows(
                cursor,
                "campaigns_touchpoint",
                touch_columns,
                (
                    f"{pk}\t{kind}\t{channel}\t{phase}\t{campaign if campaign else chr(92) + 'N'}\t{stamp(when)}\t{{}}\n"
                    for pk, kind, channel, phase, campaign, when in rows["touches"]
                ),
            )
            written += len(rows["households"])
            print(f"  {written:,} households written ({time.perf_counter() - started:.0f} s)", flush=True)
        copied = time.perf_counter()
        for _, definition in indexes:
            cursor.execute(definition)
        print(f"  {len(indexes)} indexes made again in {time.perf_counter() - copied:.0f} s", flush=True)
        for table in TABLES:
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), COALESCE((SELECT MAX(id) FROM {table}), 1))"
            )
    with connection.cursor() as cursor:
        for table in TABLES:
            cursor.execute(f"VACUUM ANALYZE {table}")
    return time.perf_counter() - started


def counts() -> dict[str, int]:
    """The generated history's size. Only its own households (ids 1 to N, all called Bench) and their rows
    count: the demo content bench/run.py loads afterwards does not make the next run generate it again."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*), COALESCE(MAX(id), 0) FROM crm_household WHERE first_name = 'Bench'")
        households, last = cursor.fetchone()
        found = {"households": households}
        cursor.execute("SELECT COUNT(*) FROM campaigns_touchpoint WHERE household_id <= %s", [last])
        found["touchpoints"] = cursor.fetchone()[0]
        # Moves on only: bench/reports.py adds closures to the same history, which it can then share.
        cursor.execute(
            "SELECT COUNT(*) FROM crm_stagechange WHERE kind = 'advance' AND household_id <= %s", [last]
        )
        found["stage moves"] = cursor.fetchone()[0]
    return found


def timed(function, repeat: int, **kwargs) -> tuple[float, object]:
    function(**kwargs)  # warm-up, not counted
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = function(**kwargs)
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def explain(model: str) -> None:
    from django.db import connection

    from campaigns.attribution import credit_query
    from campaigns.selectors import day_bounds

    start, end = day_bounds(REPORT_RANGE["date_from"], REPORT_RANGE["date_to"])
    sql, params = credit_query(outcome="enquiry", models=[model], dimension="channel", start=start, end=end)
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
        print("\n".join(line for (line,) in cursor.fetchall()))


def git_describe() -> str:
    try:
        return subprocess.run(
            ["git", "describe", "--always", "--dirty"], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def main(argv=None) -> None:
    args = options(argv)
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        refuse(
            "The attribution benchmark runs on PostgreSQL only. Give it a database of its own, e.g.\n"
            f"  make bench-attribution BENCH_DATABASE_URL={DEFAULT_URL}\n"
            f"  DATABASE_URL={DEFAULT_URL} .venv/bin/python bench/attribution.py"
        )
    database_ensure(url)

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    settings.DEBUG = False  # no query log in memory while timing
    call_command("migrate", verbosity=0)

    if args.explain:
        explain(args.explain)
        return

    wanted = {"households": args.households, "touchpoints": args.touchpoints, "stage moves": args.stage_moves}
    found = counts()
    generation = None
    if found != wanted or args.regenerate:
        if found["households"] and "bench" not in connection.settings_dict["NAME"]:
            refuse(
                f"{connection.settings_dict['NAME']} already holds households and its name does not contain "
                "'bench'. The benchmark empties the database it generates into: give it one of its own."
            )
        print(
            f"Generating {args.households:,} households, {args.touchpoints:,} touchpoints "
            f"and {args.stage_moves:,} stage moves (seed {args.seed})"
        )
        generation = generate(args)
        print(f"  generated in {generation:.1f} s")
        found = counts()
    else:
        print("Reusing the generated history (--regenerate to make it again)")
    from campaigns.models import CreditDay

    if generation is not None or not CreditDay.objects.exists():
        # The screens add up the stored credit, which the nightly rebuild keeps: work it out as that does.
        from campaigns.credits import credits_rebuild

        started = time.perf_counter()
        stored = credits_rebuild()
        print(f"  stored credit worked out in {time.perf_counter() - started:.1f} s, {stored:,} rows")

    from campaigns.selectors import (
        AttributionModel,
        Outcome,
        attribution_report,
        campaign_results,
        campaigns_for_results,
        heard_about_vs_tracked,
        phase_movement,
    )

    outcomes = {}
    table = []
    for model in AttributionModel:
        line = []
        for outcome in Outcome:
            for range_label, dates in RANGES:
                seconds, report = timed(
                    attribution_report,
                    args.repeat,
                    outcome=outcome,
                    model=model,
                    dimension="channel",
                    stored=True,
                    **dates,
                )
                outcomes[outcome] = report.outcomes
                line.append(seconds)
                print(f"  {model.label}, {outcome.label.lower()}, {range_label}: {seconds:.3f} s", flush=True)
        table.append((model.label, line))
    others = []
    for label, function, kwargs in [
        ("By campaign (linear, enquiries)", attribution_report, {"outcome": "enquiry", "model": "linear", "dimension": "campaign", "stored": True}),
        ("By phase (time decay, approvals)", attribution_report, {"outcome": "approved", "model": "time_decay", "dimension": "phase", "stored": True}),
        ("Linear by channel, enquiries, shared out live from the touches", attribution_report, {"outcome": "enquiry", "model": "linear", "dimension": "channel"}),
        ("By month (enquiries)", attribution_report, {"outcome": "enquiry", "model": "linear", "dimension": "month", "stored": True}),
        ("Phase movement before registration", phase_movement, {}),
        ("Said against tracked", heard_about_vs_tracked, {}),
        ("One campaign, all five models and outcomes", campaign_results, {"campaign": campaigns_for_results().first()}),
    ]:  # fmt: skip
        line = [timed(function, args.repeat, **kwargs, **dates)[0] for _, dates in RANGES]
        others.append((label, line))
        print(f"  {label}: {line[0]:.3f} s for 2025, {line[1]:.3f} s for the whole history", flush=True)

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        server = cursor.fetchone()[0]
    lines = [
        "# Attribution benchmark",
        "",
        f"- Date: {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC; commit {git_describe()}",
        f"- Machine: {os.cpu_count()} CPUs, {platform.system()} {platform.machine()}, PostgreSQL {server}",
        f"- History: {found['households']:,} households, {found['touchpoints']:,} touchpoints, "
        f"{found['stage moves']:,} stage moves (seed {args.seed}); "
        + (f"generated in {generation:.0f} s" if generation is not None else "reused from an earlier run"),
        f"- Outcomes: {', '.join(f'{outcomes[o]:,} {o.label.lower()}' for o in Outcome)}",
        f"- Median of {args.repeat} runs after a warm-up, in seconds: the whole report by channel as the "
        "Campaign results screen reads it (added up from the stored credit's day sums), labels and cost per "
        "outcome included; outcomes in 2025, then over the whole history (the outcome counts above).",
        "",
        "| model | " + " | ".join(f"{o.label.lower()}, {r}" for o in Outcome for r, _ in RANGES) + " |",
        "|---|" + "---:|" * len(Outcome) * len(RANGES),
        *(f"| {label} | " + " | ".join(f"{seconds:.2f}" for seconds in line) + " |" for label, line in table),
        "",
        "| other tables | 2025 | whole history |",
        "|---|---:|---:|",
        *(f"| {label} | {line[0]:.2f} | {line[1]:.2f} |" for label, line in others),
        "",
    ]
    text = "\n".join(lines)
    print()
    print(text)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text)
    print(f"Written to {args.output}")


if __name__ == "__main__":
    main()
