"""The cluster, briefly: two web nodes behind HAProxy, a PostgreSQL primary and its streaming replica, Redis.

``make cluster`` (``bench/cluster``) runs every check, with Celery and the kill tests; this one runs two
of them on the least site, in under a minute: a publish through one node is seen at once through the
other, and a person who has just changed a household sees it on the Insight screens while the
replica's replay is paused, when a colleague does not.
"""

import shutil
import tempfile
from pathlib import Path

import pytest

from bench.cluster import __main__ as rehearsal
from bench.cluster import checks, pieces
from tests.conftest import REQUIRE_SERVICES, skip_or_fail
from tests.trust.figures import record

pytestmark = [pytest.mark.trust, pytest.mark.postgres, pytest.mark.redis]


@pytest.fixture
def cluster(trust_static, trust_template):
    if lacking := pieces.missing():
        skip_or_fail(
            f"needs {', '.join(lacking)} (apt-get install haproxy postgresql)", required=REQUIRE_SERVICES
        )
    folder = Path(tempfile.mkdtemp(prefix="apse-trust-cluster-"))
    started: list = [folder]
    try:
        yield rehearsal.start(folder, started, static=trust_static, template=trust_template.url, celery=False)
    finally:
        rehearsal.stop(started)
        shutil.rmtree(folder, ignore_errors=True)


def test_two_web_nodes_share_the_page_cache_and_a_writer_reads_their_own_writes_past_the_replica(cluster):
    published = checks.publish_seen_on_the_other_node(cluster)
    assert published.passed, published.figures

    own_writes = checks.read_your_own_writes(cluster)
    assert own_writes.passed, own_writes.figures

    record(
        "faults",
        fault="Two web nodes behind HAProxy, a streaming replica paused",
        publish_seen_on_the_other_node="at once",
        own_write_seen_past_the_replica="at once",
    )
