"""A short load test: enquiries at rising rates through gunicorn, PostgreSQL and Redis, none lost.

The full run (``bench/load/run.py``, figures in the README) goes higher and longer; this one is
short enough for ``make trust`` and still reconciles every send with the database.
"""

import os

import pytest

from bench.load.run import load_run
from tests.trust.figures import record

pytestmark = [pytest.mark.trust, pytest.mark.postgres, pytest.mark.redis]

STAGES = [int(rate) for rate in os.environ.get("TRUST_LOAD_STAGES", "4,8,16").split(",")]
STAGE_SECONDS = float(os.environ.get("TRUST_LOAD_STAGE_SECONDS", "8"))


def test_enquiries_sent_at_rising_rates_are_all_stored(trust_database, trust_static, own_redis):
    figures = load_run(
        database=trust_database,
        static_root=trust_static,
        redis_url=own_redis.url,
        stages=STAGES,
        stage_seconds=STAGE_SECONDS,
        workers=3,
    )
    record("load", **figures)

    # Every send that was thanked is in the database, and nothing else from this run is.
    assert figures["sent"] > 0
    assert figures["thanked"] > 0
    assert figures["lost"] == 0
    assert figures["stored"] == figures["thanked"] + figures["stored_without_a_thank_you"]
    # At the lowest rate the site keeps up.
    assert figures["per_rate"][0]["kept_up"], figures["per_rate"][0]
