"""The cluster rehearsal: ``make cluster`` (``.venv/bin/python -m bench.cluster``).

On this machine, all on loopback: two web nodes (gunicorn, ``website.settings.production``) behind
HAProxy (round robin, health-checked, a request refused by a dead node retried on the other), a
PostgreSQL primary and a streaming replica made from it with ``pg_basebackup -R`` (a cluster of its
own on free ports, in a temporary folder), Redis, two Celery workers and one beat, and a stand-in
for Mailgun that anymail's real backend sends to. It migrates, loads the demo content, runs the
checks in ``bench/cluster/checks.py``, prints each with its figures and verdict, writes
``bench/results/cluster.md``, and stops everything it started, and only that, however it ends.

Run as root, it installs what is missing from Debian (haproxy, postgresql, redis-server); otherwise
it prints the one command that would.
"""

import datetime as dt
import json
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from bench.cluster import checks, pieces
from tests.crm.conftest import ThrowawayRedis
from tests.trust import stack
from tests.trust.held_mailgun import HeldMailgun

DATABASE = "apse_cluster_rehearsal"
RESULTS = stack.ROOT / "bench" / "results" / "cluster.md"


def stop_on_signals() -> None:
    """SIGTERM and SIGHUP end the run as Ctrl-C does, through every ``finally`` that stops a piece."""

    def interrupted(signum, frame):
        raise KeyboardInterrupt(f"signal {signum}")

    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, interrupted)


def step(message: str) -> float:
    print(message, flush=True)
    return time.monotonic()


def start(
    folder: Path, started: list, *, static: Path | None = None, template: str = "", celery: bool = True
):
    """Every piece, in order; each is added to ``started`` as soon as it runs, so it is stopped whatever happens.

    ``static`` (collected files) and ``template`` (the address of a migrated database with the least
    site, ``tests.trust.site_content``, copied in with pg_dump) let the trust check skip the slow
    parts; ``celery=False`` starts no workers or beat.
    """
    began = step("PostgreSQL primary and streaming replica (pg_basebackup -R) ...")
    postgres = pieces.PostgresPair(folder)
    started.append(postgres)
    postgres.start()
    postgres.create_database(DATABASE)
    redis_server = ThrowawayRedis()
    started.append(redis_server)
    redis_server.start()
    mail = HeldMailgun(hold=0, api_key=stack.MAILGUN_API_KEY).start()
    started.append(mail)
    collecting = None
    if static is None:
        step("Static files, migrations and the demo content (on the primary; the replica follows) ...")
        collecting = ThreadPoolExecutor(max_workers=1).submit(stack.static_files)
        started.append(Collected(collecting))
        static = folder / "static"
    env = stack.app_environment(
        database_url=postgres.url(DATABASE),
        static_root=static,
        redis_url=redis_server.url,
        mailgun_api_url=mail.api_url,
        DATABASE_REPLICA_URL=postgres.url(DATABASE, replica=True),
        MEDIA_ROOT=str(folder / "media"),
        CACHE_KEY_PREFIX="apse-cluster",
        TRUSTED_PROXY_COUNT="1",
        # Staff are signed in by a session made for them (bench.cluster.site), without a second step.
        OTP_REQUIRED="0",
    )
    if template:
        postgres.copy_in(template, DATABASE)
    else:
        stack.manage(env, "migrate", "--noinput", "-v0", timeout=600)
    made = subprocess.run(
        [str(stack.BIN / "python"), "-m", "bench.cluster.site", *(["--least"] if template else [])],
        cwd=stack.ROOT, env=env, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    if made.returncode:
        raise RuntimeError(f"bench.cluster.site failed:\n{made.stderr[-3000:]}")
    site = json.loads(made.stdout.strip().splitlines()[-1])
    if collecting is not None:
        env["STATIC_ROOT"] = str(collecting.result())
    step("Two web nodes, HAProxy" + (", two Celery workers and beat ..." if celery else " ..."))
    nodes = {name: stack.Gunicorn(env=env, workers=2) for name in ("a", "b")}
    started.extend(nodes.values())
    with ThreadPoolExecutor(max_workers=2) as pool:
        list(pool.map(lambda node: node.start(), nodes.values()))
    balancer = pieces.HAProxy(folder=folder, nodes={name: node.port for name, node in nodes.items()})
    started.append(balancer)
    balancer.start()
    workers, beat = [], None
    for name in ("cluster-1-", "cluster-2-") if celery else ():
        worker = stack.CeleryWorker(env=env, name=name)
        started.append(worker)
        workers.append(worker.start())
    if celery:
        beat = pieces.Beat(env=env, folder=folder)
        started.append(beat)
        beat.start()
    print(f"  started in {time.monotonic() - began:.0f} s: balancer {balancer.url}, nodes "
          f"{', '.join(node.url for node in nodes.values())}, primary :{postgres.primary_port}, "
          f"replica :{postgres.replica_port}, redis {redis_server.url}", flush=True)  # fmt: skip
    return checks.Cluster(
        balancer=balancer.url, nodes=nodes, postgres=postgres, database=DATABASE, site=site,
        redis_url=redis_server.url, workers=workers, beat=beat, mail=mail,
    )  # fmt: skip


class Collected:
    """The static files being collected beside the migrations: removed once collected, however the run ends."""

    def __init__(self, future):
        self.future = future

    def stop(self) -> None:
        shutil.rmtree(self.future.result(), ignore_errors=True)


def stop(started: list) -> None:
    """Stop what was started, last first; one that will not stop does not keep the others running."""
    for piece in reversed(started):
        try:
            if isinstance(piece, Path):
                shutil.rmtree(piece, ignore_errors=True)
            else:
                piece.stop()
        except Exception as error:  # noqa: BLE001 (report it and go on stopping the rest)
            print(f"Could not stop {piece!r}: {error}", file=sys.stderr)


def run_checks(cluster: checks.Cluster) -> list[checks.Check]:
    results = []
    for run in (
        checks.publish_seen_on_the_other_node,
        checks.reports_from_the_replica,
        checks.read_your_own_writes,
        checks.web_node_killed,
        checks.celery_worker_killed,
    ):
        print(f"\n{run.__name__.replace('_', ' ').capitalize()}", flush=True)
        try:
            result = run(cluster)
        except Exception as error:  # noqa: BLE001 (a check that breaks fails; the others still run)
            result = checks.Check(run.__name__)
            result.say(f"did not finish: {type(error).__name__}: {error}")
        print(f"  {'PASS' if result.passed else 'FAIL'}: {result.name}", flush=True)
        results.append(result)
    return results


def report(results: list[checks.Check], seconds: float) -> None:
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=stack.ROOT, capture_output=True, text=True
    ).stdout.strip()
    lines = [
        "# Cluster rehearsal",
        "",
        f"- {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC, commit {commit or 'unknown'}, "
        f"{shutil.os.cpu_count()} CPUs, {seconds:.0f} s in all.",
        "",
    ]
    for result in results:
        lines += [f"## {'PASS' if result.passed else 'FAIL'}: {result.name}", ""]
        lines += [f"- {figure}" for figure in result.figures] + [""]
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text("\n".join(lines))
    print(f"\n{sum(r.passed for r in results)} of {len(results)} checks passed; written to {RESULTS}.")


def main() -> int:
    pieces.install_missing()
    stop_on_signals()
    began = time.monotonic()
    folder = Path(tempfile.mkdtemp(prefix="apse-cluster-"))
    started: list = [folder]
    try:
        cluster = start(folder, started)
        results = run_checks(cluster)
    except KeyboardInterrupt as stopped:
        print(f"\nInterrupted ({stopped or 'Ctrl-C'}).", flush=True)
        return 130
    finally:
        step("\nStopping everything the rehearsal started ...")
        stop(started)
    report(results, time.monotonic() - began)
    return 0 if all(result.passed for result in results) else 1


if __name__ == "__main__":
    sys.exit(main())
