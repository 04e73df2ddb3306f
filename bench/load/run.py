"""Load test: visitors send the enquiry form at rising rates, then every send is reconciled with the database.

The site runs as in production: gunicorn serving ``website.wsgi`` with the production settings,
on a PostgreSQL database of its own and a redis-server of its own (cache and Celery broker), all on
loopback (see ``tests/trust/stack.py``). Locust (``bench/load/locustfile.py``) sends enquiries at
each rate in turn; afterwards each send that was thanked is looked for in the database.

Figures: sent, thanked, stored, lost (thanked but not stored: must be 0), and for each rate the
enquiries a second achieved, the median and 95th-percentile time to send the form, and failures.
The rate where it breaks is the first at which the 95th percentile passes two seconds, more than
one send in a hundred fails, or the site keeps up with less than four fifths of the rate asked.

    .venv/bin/python bench/load/run.py                      # 5,10,20,40,80 a second, 20 s each
    .venv/bin/python bench/load/run.py --stages 4,8 --stage-seconds 10 --json figures.json

PostgreSQL comes from ``TRUST_POSTGRES_URL`` or ``DATABASE_URL`` (default postgres@127.0.0.1:5432);
the run makes its own databases there and drops them at the end.
"""

import argparse
import json
import math
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.trust import stack  # noqa: E402

LOCUSTFILE = Path(__file__).with_name("locustfile.py")
BREAKING_P95_SECONDS = 2.0
BREAKING_FAILURE_SHARE = 0.01
BREAKING_SHORTFALL = 0.8


def percentile(values: list[float], share: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(share * len(ordered)) - 1))]


def load_run(
    *,
    database: "stack.Database",
    static_root: Path,
    redis_url: str,
    stages: list[int],
    stage_seconds: float,
    workers: int = 4,
) -> dict:
    """Serve the site, send enquiries at each rate in ``stages``, and reconcile; returns the figures."""
    env = stack.app_environment(
        database_url=database.url,
        static_root=static_root,
        redis_url=redis_url,
        email_backend="django.core.mail.backends.locmem.EmailBackend",
    )
    web = stack.Gunicorn(env=env, workers=workers)
    run_id = uuid.uuid4().hex[:8]
    log_path = Path(tempfile.mkstemp(prefix="apse-load-", suffix=".jsonl")[1])
    try:
        web.start()
        warm_up(web, count=workers * 2)
        locust_env = {
            **{name: value for name, value in os.environ.items() if name not in stack.INHERITED_NOT},
            "LOAD_STAGES": ",".join(str(rate) for rate in stages),
            "LOAD_STAGE_SECONDS": str(stage_seconds),
            "LOAD_RUN_ID": run_id,
            "LOAD_LOG": str(log_path),
        }
        subprocess.run(  # noqa: S603 - our own locust, with arguments built here
            [
                str(stack.BIN / "locust"),
                "-f",
                str(LOCUSTFILE),
                "--headless",
                "--host",
                web.url,
                "--only-summary",
                "--loglevel",
                "ERROR",
                "--stop-timeout",
                "30",
            ],
            cwd=ROOT,
            env=locust_env,
            check=False,
            timeout=stage_seconds * len(stages) + 120,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        sends = [json.loads(line) for line in log_path.read_text().splitlines() if line.strip()]
        stored_emails = {
            email
            for (email,) in database.rows(
                "SELECT data->>'email' FROM crm_enquiry WHERE data->>'email' LIKE %s", [f"load-{run_id}-%"]
            )
        }
    finally:
        web.stop()
        log_path.unlink(missing_ok=True)
        web.log_path.unlink(missing_ok=True)
    return reconcile(sends, stored_emails, stages=stages, stage_seconds=stage_seconds)


def warm_up(web: "stack.Gunicorn", *, count: int) -> None:
    """A few enquiries first, not counted, so each worker has its database connection and code loaded."""
    for n in range(count):
        visitor = stack.Visitor(web.url)
        visitor.send(visitor.open_form(), email=f"warm-up-{n}@example.com")


def reconcile(sends: list[dict], stored_emails: set[str], *, stages: list[int], stage_seconds: float) -> dict:
    thanked = {send["email"] for send in sends if send["outcome"] == "thanked"}
    per_rate = []
    breaks_at = None
    for index, rate in enumerate(stages):
        stage = [send for send in sends if send["stage"] == index]
        seconds = [send["seconds"] for send in stage]
        failed = sum(send["outcome"] != "thanked" for send in stage)
        figures = {
            "rate_asked": rate,
            "sent": len(stage),
            "achieved_per_second": round(len(stage) / stage_seconds, 1),
            "median_seconds": round(statistics.median(seconds), 3) if seconds else None,
            "p95_seconds": round(percentile(seconds, 0.95), 3),
            "failed": failed,
        }
        broken = (
            not stage
            or figures["p95_seconds"] > BREAKING_P95_SECONDS
            or failed > BREAKING_FAILURE_SHARE * len(stage)
            or figures["achieved_per_second"] < BREAKING_SHORTFALL * rate
        )
        figures["kept_up"] = not broken
        if broken and breaks_at is None:
            breaks_at = rate
        per_rate.append(figures)
    all_seconds = [send["seconds"] for send in sends]
    return {
        "sent": len(sends),
        "thanked": len(thanked),
        "stored": len(stored_emails),
        "lost": len(thanked - stored_emails),
        "stored_without_a_thank_you": len(stored_emails - thanked),
        "failed": sum(send["outcome"] != "thanked" for send in sends),
        "p95_seconds": round(percentile(all_seconds, 0.95), 3),
        "per_rate": per_rate,
        "breaks_at_per_second": breaks_at,
    }


def print_figures(figures: dict) -> None:
    print(
        f"Enquiries sent {figures['sent']}, thanked {figures['thanked']}, stored {figures['stored']}, "
        f"lost {figures['lost']} (stored without a thank-you: {figures['stored_without_a_thank_you']}); "
        f"p95 {figures['p95_seconds']} s."
    )
    print(f"{'asked/s':>8} {'sent':>6} {'done/s':>7} {'median s':>9} {'p95 s':>7} {'failed':>7}  kept up")
    for row in figures["per_rate"]:
        print(
            f"{row['rate_asked']:>8} {row['sent']:>6} {row['achieved_per_second']:>7} "
            f"{row['median_seconds']!s:>9} {row['p95_seconds']:>7} {row['failed']:>7}  "
            f"{'yes' if row['kept_up'] else 'no'}"
        )
    breaks = figures["breaks_at_per_second"]
    print(f"Breaks at: {breaks} enquiries a second." if breaks else "Kept up at every rate tried.")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--stages", default="5,10,20,40,80", help="enquiries a second, comma-separated")
    parser.add_argument("--stage-seconds", type=float, default=20)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args()
    # Stopped from outside, still stop the servers and drop the databases (the finally blocks below).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    if problem := stack.postgres_problem():
        print(problem, file=sys.stderr)
        return 2

    from tests.crm.conftest import ThrowawayRedis

    static_root, template = stack.prepare()
    database = stack.Database("load").create(template=template)
    redis_server = ThrowawayRedis()
    redis_server.start()
    try:
        figures = load_run(
            database=database,
            static_root=static_root,
            redis_url=redis_server.url,
            stages=[int(rate) for rate in args.stages.split(",")],
            stage_seconds=args.stage_seconds,
            workers=args.workers,
        )
    finally:
        redis_server.stop()
        database.drop()
        template.drop()
        shutil.rmtree(static_root, ignore_errors=True)
    print_figures(figures)
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2) + "\n")
    return 1 if figures["lost"] else 0


if __name__ == "__main__":
    sys.exit(main())
