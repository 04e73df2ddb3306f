"""The publish case of ``make bench`` (``--only publish``): a story published in the middle of a spike.

Every publish retires every cached page at once. wrk keeps 8 connections on the home page, the stories
page and the FAQ page in turn; first for the case's length with nothing published (the reference,
cached throughout), then again with a new story published through Wagtail (a revision published with
the ORM in this process, which retires the pages through the usual signals) half a second in. Meanwhile
this process asks for the stories page until the new story's title is on it.

wrk corrects its percentiles for coordinated omission: one stall of a second (a connection's SYN sent again,
a pause) stands for every request that would have been sent meanwhile, so one such stall can lift a whole
run's 99th percentile to a second. The target is therefore taken from the steadier of the reference and the
single-page cached cases of the same run (their worst 99th percentile), whichever is lower.

Targets: the 99th percentile within twice that, measured over the run that holds the
publish (wrk's whole run: the half second before it and the rest after it), no errors, and the story on the stories
page within ``PAGE_CACHE_STALE_SECONDS`` of the publish being committed.
"""

import math
import secrets
import time

PUBLISH_AFTER = 0.5  # seconds into the run
WINDOW = 10  # seconds of load after the publish
P99_RATIO = 2
POLL = 0.05


def rotation() -> list[str]:
    from website.models import FAQPage, StoryIndexPage

    return ["/", StoryIndexPage.objects.live().first().url, FAQPage.objects.live().first().url]


def story_publish(title: str):
    """A new story, saved as a draft and then published as an editor would (one revision)."""
    from django.db import connection

    from website.models import StoryIndexPage, StoryPage

    index = StoryIndexPage.objects.live().first()
    page = StoryPage(
        title=title,
        slug=title.lower().replace(" ", "-"),
        author="Bench",
        summary="A story published in the middle of a spike.",
        body=[("paragraph", "<p>Published while the site was busy.</p>")],
        live=False,
    )
    index.add_child(instance=page)
    page.save_revision().publish()
    connection.close()
    return page


def run(server, drive, fetch, *, cached_p99: float | None = None) -> list[dict]:
    """The reference row and the publish row. ``drive(seconds=, paths=, during=)`` runs wrk."""
    from django.conf import settings

    paths = rotation()
    stories = server.url(paths[1])
    seconds = math.ceil(PUBLISH_AFTER + WINDOW)  # wrk takes whole seconds
    drive(seconds=2, paths=paths)  # warm-up
    reference = drive(seconds=seconds, paths=paths)
    reference.update(label="home, stories and FAQ in turn, cached", role="reference")
    title = f"Bench story {secrets.token_hex(4)}"
    seen: dict = {}

    def publish_and_watch() -> None:
        time.sleep(PUBLISH_AFTER)
        started = time.monotonic()
        seen["page"] = story_publish(title)
        committed = time.monotonic()
        seen["publish_s"] = committed - started
        deadline = committed + settings.PAGE_CACHE_STALE_SECONDS + WINDOW
        while time.monotonic() < deadline:
            status, _, body = fetch(stories)
            if status == 200 and title in body.decode():
                seen["appeared_s"] = time.monotonic() - committed
                return
            time.sleep(POLL)

    published = drive(seconds=seconds, paths=paths, during=publish_and_watch)
    published.update(
        label="the same, a story published 0.5 s in",
        role="publish",
        reference_p99=min(reference["p99"], cached_p99 or reference["p99"]),
        stale_bound=settings.PAGE_CACHE_STALE_SECONDS,
        publish_s=seen.get("publish_s"),
        appeared_s=seen.get("appeared_s"),
    )
    if "page" in seen:
        seen["page"].delete()  # the next run publishes its own
    return [reference, published]


def verdict(row: dict) -> str:
    if row.get("role") != "publish":
        return ""
    problems = []
    if row["p99"] > P99_RATIO * row["reference_p99"]:
        problems.append(f"p99 {row['p99'] / row['reference_p99']:.1f} × the reference")
    if errors := row["errors"] + row["socket_errors"]:
        problems.append(f"{errors} errors")
    if row["appeared_s"] is None:
        problems.append("the story never appeared")
    elif row["appeared_s"] > row["stale_bound"]:
        problems.append(f"story shown after {row['appeared_s']:.1f} s > {row['stale_bound']} s")
    return "met" if not problems else "missed: " + ", ".join(problems)


def summary(row: dict) -> str:
    appeared = "never" if row["appeared_s"] is None else f"{row['appeared_s']:.2f} s after it was committed"
    return (
        f"- Publish in a spike: the story was published {PUBLISH_AFTER} s into the run (the publish took "
        f"{row['publish_s'] or 0:.2f} s) and was on the stories page {appeared} (bound "
        f"{row['stale_bound']} s); of {row['requests']:,} requests, {row['missed']} rendered a page and "
        f"{row['stale']:,} were served a previous copy. Target: p99 ≤ {P99_RATIO} × the same rotation's "
        f"with nothing published or the cached cases', whichever is lower ({row['reference_p99']:.1f} ms)."
    )
