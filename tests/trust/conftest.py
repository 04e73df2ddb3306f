"""Fixtures for the trust checks: the real stack (see ``stack``), Hypothesis profiles, and the figures file.

Tests marked ``trust`` start servers and stop them, so they take minutes, not seconds: they run from
``make trust`` (``pytest -m trust``) and are left out of a plain ``pytest`` run. The fuzz tests
are not marked: they run everywhere, with few examples unless ``HYPOTHESIS_PROFILE=trust``.
"""

import os
import shutil

import pytest
from hypothesis import HealthCheck, settings

from tests.conftest import REQUIRE_SERVICES, skip_or_fail
from tests.stand_ins.mailgun import MailgunStandIn
from tests.trust import stack

# One example is one hostile request; "ci" keeps `make test` quick, "trust" digs deeper.
# Examples are not saved between runs (no .hypothesis folder in the working tree).
COMMON = {
    "deadline": None,
    "database": None,
    "suppress_health_check": [HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    "print_blob": True,
}
settings.register_profile("ci", max_examples=int(os.environ.get("TRUST_FUZZ_EXAMPLES", "15")), **COMMON)
settings.register_profile("trust", max_examples=int(os.environ.get("TRUST_FUZZ_EXAMPLES", "75")), **COMMON)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


def pytest_collection_modifyitems(config, items):
    """Leave the slow ``trust`` tests out unless they were asked for with ``-m`` naming them."""
    if "trust" in (config.getoption("markexpr") or ""):
        return
    slow = [item for item in items if item.get_closest_marker("trust")]
    if slow:
        config.hook.pytest_deselected(items=slow)
        items[:] = [item for item in items if not item.get_closest_marker("trust")]


@pytest.fixture(scope="session")
def trust_prepared():
    """Collected static files (with the manifest production's WhiteNoise storage needs) and a
    migrated template database, made side by side once for the whole run."""
    if problem := stack.postgres_problem():
        skip_or_fail(problem, required=REQUIRE_SERVICES)
    static, template = stack.prepare()
    yield static, template
    template.drop()
    shutil.rmtree(static, ignore_errors=True)


@pytest.fixture(scope="session")
def trust_static(trust_prepared):
    return trust_prepared[0]


@pytest.fixture(scope="session")
def trust_template(trust_prepared):
    return trust_prepared[1]


@pytest.fixture
def trust_database(request, trust_template):
    """A fresh copy of the template database, for one test, dropped afterwards."""
    database = stack.Database(request.node.name[:20].lower().replace("[", "_").replace("]", "")).create(
        template=trust_template
    )
    yield database
    database.drop()


@pytest.fixture
def own_redis():
    """A redis-server of our own, which the test may stop and start."""
    from tests.crm.conftest import ThrowawayRedis

    server = ThrowawayRedis()
    try:
        server.start()
    except FileNotFoundError:
        skip_or_fail("needs redis-server on the PATH", required=REQUIRE_SERVICES)
    yield server
    server.stop()


@pytest.fixture
def mailgun_stand_in():
    with MailgunStandIn(api_key=stack.MAILGUN_API_KEY) as server:
        yield server


@pytest.fixture
def processes(request):
    """Every process the test starts, stopped at the end whatever happened; their logs are kept
    (their paths in /tmp are printed) only if the test failed."""
    failed_before = request.session.testsfailed
    started: list[stack.Process] = []
    yield started
    for process in reversed(started):
        process.stop()
    if request.session.testsfailed > failed_before:
        print("Logs:", *(process.log_path for process in started))
    else:
        for process in started:
            process.log_path.unlink(missing_ok=True)
