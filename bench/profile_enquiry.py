"""What one enquiry POST costs, in-process: milliseconds, SQL statements and broker publishes.

    .venv/bin/python bench/profile_enquiry.py [--posts 200] [--list] [--profile]
    PROFILE_DATABASE_URL=postgres://... PROFILE_REDIS_URL=redis://... .venv/bin/python bench/profile_enquiry.py

It runs the production settings, as ``bench/run.py`` does, against a PostgreSQL database of its own
(``PROFILE_DATABASE_URL``, default ``apse_profile_enquiry``, created, migrated and given the demo content
on first use) with Redis (``PROFILE_REDIS_URL``, default database 7, emptied first) as cache and Celery
broker, and no Celery worker: what the POSTs publish stays in the broker's queue, where it is counted.
Each POST goes through Django's test client to the enquiry page as a new person would send it, and
commits for real. It prints the milliseconds per POST (median, 90th percentile, mean; and the CPU time
of this process alone, steadier on a busy machine), the SQL
statements per POST (Django's ``CaptureQueriesContext``; the commit is not a statement it sees), the
broker publishes per POST (Celery's ``before_task_publish``, checked against the queue's length) and,
with ``--list``, the statements of the last POST; with ``--profile``, where the time goes (cProfile).
Timings are wall-clock on a shared machine: compare runs made in the same minute.
"""

import argparse
import cProfile
import os
import pstats
import secrets
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/apse_profile_enquiry"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/7"


def options(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, default=200, help="how many enquiries to time (200)")
    parser.add_argument("--warm-up", type=int, default=10, help="enquiries sent first, not timed (10)")
    parser.add_argument("--list", action="store_true", help="list the SQL statements of the last POST")
    parser.add_argument("--profile", action="store_true", help="where the time goes, from cProfile")
    return parser.parse_args(argv)


def prepare() -> None:
    """Migrate and, on first use, load the demo content (its teams and workers route the enquiries)."""
    from django.core.management import call_command

    from website.models import EnquiryPage

    call_command("migrate", verbosity=0)
    if not EnquiryPage.objects.live().exists():
        print("Loading the demo content (first use only)")
        from website.demo.loader import load_demo_content

        load_demo_content()


def form_body(run: str, n: int) -> dict:
    """A new person's enquiry, as the form sends it, opened long enough ago to look like a person's."""
    import uuid

    from django.core import signing

    from core.spam import FORM_SALT

    return {
        "first_name": "Profile",
        "last_name": f"Visitor{n}",
        "household_type": "single",
        "email": f"visitor{n}.{run}@profile.example",
        "phone": "",
        "postcode": "ME14 1XX",
        "children_at_home": "none",
        "heard_about": "radio",
        "best_time_to_call": "evening",
        "contact_consent": "on",
        "form_token": signing.dumps(int(time.time()) - 60, salt=FORM_SALT),
        "submission_key": str(uuid.uuid4()),
    }


class Publishes:
    """Every message Celery sends to the broker, by task name."""

    def __init__(self):
        self.names: list[str] = []

    def __call__(self, sender=None, **kwargs):
        self.names.append(sender)


def main(argv=None) -> None:
    args = options(argv)
    database_url = os.environ.get("PROFILE_DATABASE_URL") or DEFAULT_DATABASE_URL
    redis_url = os.environ.get("PROFILE_REDIS_URL") or DEFAULT_REDIS_URL
    from bench.attribution import database_ensure
    from bench.run import django_setup, environment

    database_ensure(database_url)
    work = Path(tempfile.mkdtemp(prefix="apse-profile-"))
    env = environment(database_url, redis_url, work / "static", work / "media")
    env["ALLOWED_HOSTS"] = "testserver,127.0.0.1,localhost"
    django_setup(env)
    prepare()

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    import redis
    from celery.signals import before_task_publish

    from crm.models import Enquiry
    from website.models import EnquiryPage

    broker = redis.Redis.from_url(redis_url)
    broker.flushdb()
    path = EnquiryPage.objects.live().first().url
    client = Client(headers={"Origin": "http://testserver", "Sec-Fetch-Site": "same-origin"})
    run = secrets.token_hex(4)
    publishes = Publishes()
    before_task_publish.connect(publishes, weak=False)

    def post(n: int):
        # Every POST comes from its own address, as wrk's do, so none trips the per-address spam limit.
        response = client.post(
            path, form_body(run, n), REMOTE_ADDR=f"10.{n // 65536 % 256}.{n // 256 % 256}.{n % 256}"
        )
        if response.status_code != 302:
            raise SystemExit(f"POST {n} answered {response.status_code}, not the redirect to the thank-you")
        return response

    for n in range(args.warm_up):
        post(n)
    queued_before = broker.llen("celery")
    publishes.names.clear()
    first = Enquiry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    timings, cpu, statements, last = [], [], [], None
    profiler = cProfile.Profile() if args.profile else None
    for n in range(args.warm_up, args.warm_up + args.posts):
        with CaptureQueriesContext(connection) as queries:
            if profiler:
                profiler.enable()
            started, started_cpu = time.perf_counter(), time.process_time()
            post(n)
            timings.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
            if profiler:
                profiler.disable()
        statements.append(len(queries.captured_queries))
        last = queries.captured_queries
    queued = broker.llen("celery") - queued_before
    made = Enquiry.objects.filter(pk__gt=first)
    accepted = made.filter(status=Enquiry.Status.ACCEPTED, household__isnull=False).count()

    timings.sort()
    print(f"{args.posts} enquiry POSTs, production settings, {database_url.rsplit('/', 1)[-1]}, {redis_url}")
    print(
        f"  ms/POST: median {statistics.median(timings):.1f}, 90th percentile "
        f"{timings[int(len(timings) * 0.9) - 1]:.1f}, mean {statistics.fmean(timings):.1f}"
    )
    print(f"  CPU ms/POST in this process (PostgreSQL not counted): median {statistics.median(cpu):.1f}")
    print(
        f"  SQL statements/POST: {statistics.fmean(statements):.2f} (fewest {min(statements)}, most {max(statements)})"
    )
    print(
        f"  broker publishes/POST: {len(publishes.names) / args.posts:.2f} "
        f"({len(publishes.names)} publishes, the queue grew by {queued})"
    )
    for name, count in sorted(Counter(publishes.names).items()):
        print(f"    {name}: {count}")
    print(f"  enquiries stored: {made.count()}, accepted with a household: {accepted}")
    if args.list and last:
        print("\nThe last POST's statements:")
        for number, query in enumerate(last, 1):
            sql = " ".join(query["sql"].split())
            print(f"  {number:2}. {sql[:220]}{'...' if len(sql) > 220 else ''}")
    if profiler:
        print()
        # The project's own code, by the time spent in it and what it calls.
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(str(ROOT), 40)


if __name__ == "__main__":
    main()
