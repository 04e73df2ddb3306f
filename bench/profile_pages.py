"""Where an uncached page's time goes: each public page rendered afresh, in this process, under cProfile.

    make bench-profile [BENCH_PROFILE_ARGS="--renders 300 --top 30"]
    DATABASE_URL=postgres://... REDIS_URL=redis://... .venv/bin/python bench/profile_pages.py [options]

The database must hold the demo content (``python manage.py migrate && python manage.py load_demo_content``).
The site runs as ``make bench`` runs it: ``website.settings.production`` with ``BENCH_MODE=1``, Redis
as the cache when ``REDIS_URL`` is set, the static files collected into ``bench/results/profile-static``.
Each page is asked for through Django's test client with ``X-Bench-Bypass-Cache``, as the benchmark's
"cache bypassed" cases ask for it: the whole middleware stack, no whole-page cache, and everything
kept under the content's version (``website.cache.page_cache_version``) in use.

For each page it prints the milliseconds of wall and CPU time a render takes (the median of
``--rounds`` rounds of ``--renders`` renders, after a warm-up), the SQL queries a render runs, and,
unless ``--no-profile``, the functions that took the most time over another ``--renders`` renders
under cProfile (by their own time and by cumulative time). The profiles are written to
``bench/results/profile-<page>.pstats`` (not committed), for ``python -m pstats`` or a flame graph
viewer such as snakeviz. Timings on a busy machine are noisy: compare before and after in the same
minute, on the same machine.

Options:
  --renders N     renders per round and under the profiler (200)
  --rounds N      timed rounds per page; the median is printed (3)
  --pages NAMES   comma-separated, from home, story, event, FAQ, journey, pack (all)
  --top N         functions listed per page (20)
  --no-profile    time only
"""

import argparse
import cProfile
import io
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
RESULTS = ROOT / "bench" / "results"
PAGES = ("home", "story", "event", "FAQ", "journey", "pack")
BYPASS_HEADER = "HTTP_X_BENCH_BYPASS_CACHE"


def options(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--renders", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--pages", default=",".join(PAGES))
    parser.add_argument("--top", type=int, default=20)
    parser.add_argument("--no-profile", action="store_true")
    return parser.parse_args(argv)


def django_setup() -> None:
    """Production settings, as ``bench/run.py`` starts gunicorn with (its ``environment``), on this process."""
    from bench.run import django_setup as settings_load
    from bench.run import environment

    if not os.environ.get("DATABASE_URL"):
        sys.exit("Set DATABASE_URL to a database holding the demo content.")
    env = environment(
        os.environ["DATABASE_URL"],
        os.environ.get("REDIS_URL", ""),  # empty: the cache in this process's memory
        RESULTS / "profile-static",
        Path(os.environ.get("MEDIA_ROOT") or ROOT / "media"),  # where the demo content put its pictures
    )
    env["ALLOWED_HOSTS"] += ",testserver"  # Django's test client
    settings_load(env)
    from django.core.management import call_command

    call_command("collectstatic", verbosity=0, interactive=False)


def page_paths(names: list[str]) -> dict[str, str]:
    """The same pages ``make bench`` drives."""
    from website.models import EventPage, FAQPage, HomePage, InformationPackPage, StandardPage, StoryPage

    if not HomePage.objects.live().exists():
        sys.exit("No home page: load the demo content first (python manage.py load_demo_content).")
    found = {
        "home": lambda: "/",
        "story": lambda: StoryPage.objects.live().order_by("pk").first().url,
        "event": lambda: EventPage.objects.live().order_by("-start").first().url,
        "FAQ": lambda: FAQPage.objects.live().first().url,
        "journey": lambda: StandardPage.objects.live().get(slug="adoption-journey").url,
        "pack": lambda: InformationPackPage.objects.live().first().url,
    }
    return {name: found[name]() for name in names}


def render(client, path: str) -> int:
    """One render of the page; the number of SQL queries it ran."""
    response = client.get(path, **{BYPASS_HEADER: "1"})
    if response.status_code != 200:
        sys.exit(f"{path} answered {response.status_code}")
    return int(response["X-Query-Count"])


def timed(client, path: str, renders: int) -> tuple[float, float]:
    """Wall and CPU milliseconds per render over ``renders`` renders."""
    wall, cpu = time.perf_counter(), time.process_time()
    for _ in range(renders):
        render(client, path)
    return (
        (time.perf_counter() - wall) * 1000 / renders,
        (time.process_time() - cpu) * 1000 / renders,
    )


def profiled(client, path: str, renders: int, name: str, top: int) -> str:
    profile = cProfile.Profile()
    profile.enable()
    for _ in range(renders):
        render(client, path)
    profile.disable()
    RESULTS.mkdir(parents=True, exist_ok=True)
    profile.dump_stats(RESULTS / f"profile-{name}.pstats")
    out = io.StringIO()
    stats = pstats.Stats(profile, stream=out).strip_dirs()
    for order in ("tottime", "cumulative"):
        out.write(f"--- {name}: top {top} by {order} ({renders} renders) ---\n")
        stats.sort_stats(order).print_stats(top)
    return out.getvalue()


def main(argv=None) -> None:
    args = options(argv)
    django_setup()
    from django.test import Client

    client = Client(HTTP_HOST="localhost")
    paths = page_paths([name for name in args.pages.split(",") if name])
    rows = []
    for name, path in paths.items():
        for _ in range(20):  # renditions and other one-off work happen on the first views
            render(client, path)
        queries = render(client, path)
        rounds = [timed(client, path, args.renders) for _ in range(args.rounds)]
        wall = statistics.median(r[0] for r in rounds)
        cpu = statistics.median(r[1] for r in rounds)
        rows.append((name, path, wall, cpu, queries))
        print(f"{name:8} {wall:6.2f} ms wall {cpu:6.2f} ms CPU  {queries:2} queries  {path}", flush=True)
    if not args.no_profile:
        for name, path in paths.items():
            print(profiled(client, path, args.renders, name, args.top))
    print("| page | ms a render (wall) | ms a render (CPU) | SQL queries |")
    print("|---|---:|---:|---:|")
    for name, _path, wall, cpu, queries in rows:
        print(f"| {name} | {wall:.1f} | {cpu:.1f} | {queries} |")


if __name__ == "__main__":
    main()
