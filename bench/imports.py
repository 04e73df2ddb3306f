"""Benchmark: moving 10,000 old records in, dry run and import, on PostgreSQL.

    make bench-import [BENCH_IMPORT_DATABASE_URL=postgres://...] [BENCH_ARGS="--rows 20000"]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/apse_bench_imports .venv/bin/python bench/imports.py [options]

``make bench-import`` uses ``BENCH_IMPORT_DATABASE_URL`` (default: the ``apse_bench_imports`` database on
the local server), never your ``DATABASE_URL``. The database is created if missing and migrated; its
households, imports and touches are emptied first, so the script refuses a database whose name does not
contain "bench".

It writes a reproducible CSV file in ``crm.imports.COLUMNS``' layout: ``--rows`` rows across the three
councils, each with an enquiry date and the stage dates of a route through the journey (some closed with a
reason), 5% of them people the CRM already knows (joined by email or phone) and 1% with a date that does
not exist (refused). Then it times the dry run and the import of that file (the journeys worked out again
included, as the import does them; then, apart, the campaigns task the commit queues, which records the
touches of the history and works out the credit: eager here, on a Celery worker in production), and a second
import of the same file (which changes nothing). The goal is under 60 s for the import of 10,000 rows. The
table is written to ``bench/results/imports.md``.
"""

# A seeded generator for test data (not security); git from PATH.
# ruff: noqa: S311, S607

import argparse
import datetime as dt
import os
import platform
import random
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "website.settings.dev")

from bench.attribution import database_ensure, refuse  # noqa: E402 - needs the path above

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/apse_bench_imports"
COUNCILS = {"Kent": "ME14 1XX", "Medway": "ME4 4AA", "Bexley": "DA7 4AA"}
# The share of rows reaching each stage after the enquiry, and the days each move takes after the one before.
FUNNEL = [
    ("Initial conversation date", 0.80, (1, 10)),
    ("Information event date", 0.55, (7, 45)),
    ("Registration of interest date", 0.40, (3, 60)),
    ("ROI accepted date", 0.35, (2, 7)),
    ("Stage one start date", 0.32, (1, 14)),
    ("Stage two start date", 0.26, (55, 75)),
    ("Panel date", 0.22, (100, 130)),
    ("Approval date", 0.21, (0, 14)),
    ("Family finding start date", 0.15, (1, 30)),
]
REASONS = [
    "Withdrew: change in circumstances",
    "Lost contact",
    "Withdrew: finances",
    "Withdrew: chose fostering",
]


def options(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=10_000, help="rows in the file (10,000)")
    parser.add_argument("--seed", type=int, default=2026, help="random seed: the same seed, the same file")
    parser.add_argument(
        "--output",
        type=Path,
        default=ROOT / "bench" / "results" / "imports.md",
        help="where to write the Markdown table (bench/results/imports.md)",
    )
    return parser.parse_args(argv)


def file_make(rows: int, seed: int, known: list[tuple[str, str]]) -> bytes:
    """The old system's file: ``rows`` rows, some of them people already known, a few with a bad date."""
    from crm.imports import COLUMNS

    generator = random.Random(seed)
    headers = [column.header for column in COLUMNS]
    out = [",".join(f'"{header}"' for header in headers)]
    start = dt.date(2016, 1, 1)
    for number in range(rows):
        council = generator.choice(list(COUNCILS))
        row = dict.fromkeys(headers, "")
        enquiry = start + dt.timedelta(days=generator.randrange(6 * 365))
        row.update(
            {
                "Reference": f"{council[0]}-{number:06d}",
                "First name": generator.choice(["Sam", "Jo", "Alex", "Priya", "Chris", "Robin", "Amara"]),
                "Last name": f"Old{number}",
                "Email": f"old{number}@example.com",
                "Phone": f"07700 {number:06d}",
                "Postcode": COUNCILS[council],
                "Council": council,
                "Enquiry date": enquiry.strftime("%d/%m/%Y"),
            }
        )
        if generator.random() < 0.05 and known:
            row["Email"], row["Phone"] = generator.choice(known)
        day, reached = enquiry, generator.random()
        for header, share, (low, high) in FUNNEL:
            if reached > share:
                break
            if header == "Information event date" and generator.random() < 0.3:
                continue  # the event is optional on the way to a registration of interest
            day += dt.timedelta(days=generator.randint(low, high))
            row[header] = day.isoformat()
        if not row["Approval date"] and generator.random() < 0.6:
            row["Closure date"] = (day + dt.timedelta(days=generator.randint(5, 90))).isoformat()
            row["Closure reason"] = generator.choice(REASONS)
        if generator.random() < 0.01:
            row["Enquiry date"] = "31/02/2020"
        out.append(",".join(f'"{row[header]}"' for header in headers))
    return "\n".join(out).encode()


def database_empty() -> list[tuple[str, str]]:
    """No households, imports or touches; then 500 people already known (the ones 5% of rows join)."""
    from django.utils import timezone

    from campaigns.models import Credit, Touchpoint
    from crm.models import AuditEvent, Household, ImportedRecord, ImportRun

    Credit.objects.all().delete()
    Touchpoint.objects.all().delete()
    ImportedRecord.objects.all().delete()
    ImportRun.objects.all().delete()
    Household.objects.all().delete()
    AuditEvent.objects.all().delete()
    now = timezone.now()
    known = [(f"known{number}@example.com", f"07800{number:06d}") for number in range(500)]
    Household.objects.bulk_create(
        Household(
            first_name="Known",
            last_name=str(number),
            email=email,
            phone=phone,
            council="kent",
            first_enquiry_at=now,
            last_enquiry_at=now,
            stage_entered_at=now,
            stage_dates={"enquiry": now.date().isoformat()},
        )
        for number, (email, phone) in enumerate(known)
    )
    return known


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
            "The import benchmark runs on PostgreSQL only. Give it a database of its own, e.g.\n"
            f"  make bench-import BENCH_IMPORT_DATABASE_URL={DEFAULT_URL}"
        )
    database_ensure(url)

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection, transaction

    settings.DEBUG = False  # no query log in memory while timing
    call_command("migrate", verbosity=0)
    if "bench" not in connection.settings_dict["NAME"]:
        refuse(f"{connection.settings_dict['NAME']} is not a benchmark database (its name lacks 'bench').")

    from crm.services.imports import dataset_read, records_import

    known = database_empty()
    content = file_make(args.rows, args.seed, known)
    print(f"A file of {args.rows:,} rows ({len(content) / 1e6:.1f} MB), seed {args.seed}")
    timings = []
    for label, commit in (("Dry run", False), ("Import", True), ("Import again (changes nothing)", True)):
        # Inside a transaction of the benchmark's own, so the work queued for after the commit (the campaigns
        # task: touches and credit, eager here, on a Celery worker in production) is timed on its own.
        started = time.perf_counter()
        with transaction.atomic():
            dataset = dataset_read(content=content, file_name="bench.csv")
            report = records_import(dataset=dataset, file_name="bench.csv", by=None, commit=commit)
            written = time.perf_counter()
        done = time.perf_counter()
        counts = ", ".join(f"{name} {count:,}" for name, count in report.counts.items() if count)
        timings.append((label, written - started, done - written, counts))
        print(
            f"  {label}: {written - started:.1f} s, then {done - written:.1f} s for touches and credit ({counts})"
        )

    table = [
        f"# Import benchmark: {args.rows:,} rows",
        "",
        f"{dt.date.today():%d %B %Y}, commit {git_describe()}, Python {platform.python_version()}, "
        f"PostgreSQL {connection.pg_version // 10000}, {os.cpu_count()} cores, load average "
        f"{os.getloadavg()[0]:.1f} at the end (other work on the machine slows every figure).",
        "",
        "| Run | Rows and journeys (s) | Then touches and credit (s) | Rows |",
        "| --- | ---: | ---: | --- |",
        *(
            f"| {label} | {seconds:.1f} | {after:.1f} | {counts} |"
            for label, seconds, after, counts in timings
        ),
        "",
    ]
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text("\n".join(table))
    print(f"Written to {args.output}")


if __name__ == "__main__":
    main()
