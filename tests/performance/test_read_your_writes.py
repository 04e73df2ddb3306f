"""Read your own writes with a replica: after a signed-in person writes, their report screens read from the
primary until the replica has replayed that far (``website.db_router``).

The "replica" here is a second connection to the test database itself, so the decisions can be checked
without a second server: it replays nothing and is always as far on as the primary. A replica that is
really behind (replay paused) is shown by ``make cluster``.
"""

from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.models import Session
from django.db import connections
from django.http import HttpResponse
from django.test import RequestFactory

import pytest

from crm.models import Household, Team
from tests.factories import UserFactory
from website import db_router
from website.db_router import (
    WRITTEN_COOKIE,
    WRITTEN_SALT,
    ReplicaRouter,
    ReportsFromReplicaMiddleware,
    writes_watched,
)

pytestmark = pytest.mark.postgres
FAR_AHEAD = "FFFFFFFF/FFFFFFFF"


@pytest.fixture
def replica(monkeypatch, settings, postgres):
    """A "replica" alias on the test database and the router, for as long as the test runs."""
    monkeypatch.setattr(db_router, "replica_configured", lambda: True)
    settings.DATABASE_ROUTERS = ["website.db_router.ReplicaRouter"]
    connections.settings[db_router.REPLICA] = {**connections.settings["default"]}
    # Connected here, as a server's own connection would be: the test's guard only stops new ones.
    connections[db_router.REPLICA].connect()
    try:
        yield connections[db_router.REPLICA]
    finally:
        connections[db_router.REPLICA].close()
        del connections[db_router.REPLICA]
        del connections.settings[db_router.REPLICA]


def answered(middleware_request, *, write: bool = False):
    """Run a request through the middleware; the view notes where a household read would go, and may write."""
    seen = []

    def view(request):
        seen.append(ReplicaRouter().db_for_read(Household))
        if write:
            Team.objects.update_or_create(
                kind=Team.Kind.CENTRAL, defaults={"name": "Written by this request"}
            )
        return HttpResponse("answered")

    response = ReportsFromReplicaMiddleware(view)(middleware_request)
    return response, seen[0]


def request_for(method: str, path: str, *, user=None, written: str | None = None):
    request = RequestFactory().generic(method, path)
    request.user = user or AnonymousUser()
    if written is not None:
        probe = HttpResponse()
        probe.set_signed_cookie(WRITTEN_COOKIE, written, salt=WRITTEN_SALT)
        request.COOKIES[WRITTEN_COOKIE] = probe.cookies[WRITTEN_COOKIE].value
    return request


def test_only_writes_of_report_rows_inside_a_watched_request_are_noted():
    router = ReplicaRouter()
    assert router.db_for_write(Household) == "default"  # outside a request: nothing to note, no error
    with writes_watched() as wrote:
        router.db_for_write(Session)
        assert wrote == [False]  # who is signed in is never read from the replica
        router.db_for_write(Household)
        assert wrote == [True]


def test_a_signed_in_persons_write_leaves_the_primarys_position_behind(replica):
    user = UserFactory(username="writer")
    response, _ = answered(request_for("POST", "/admin/crm/households/1/assign/", user=user), write=True)
    position = response.cookies[WRITTEN_COOKIE]
    assert position["httponly"] and position["max-age"] == db_router.WRITTEN_MAX_AGE
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT %s::pg_lsn <= pg_current_wal_lsn()", [_unsigned(position.value)])
        assert cursor.fetchone()[0]


def _unsigned(value: str) -> str:
    request = RequestFactory().get("/")
    request.COOKIES[WRITTEN_COOKIE] = value
    return request.get_signed_cookie(WRITTEN_COOKIE, salt=WRITTEN_SALT)


def test_requests_that_write_nothing_or_by_no_one_signed_in_leave_nothing(replica, django_assert_num_queries):
    user = UserFactory(username="reader")
    with django_assert_num_queries(0):
        response, _ = answered(request_for("GET", "/admin/crm/households/", user=user))
    assert WRITTEN_COOKIE not in response.cookies
    response, _ = answered(request_for("POST", "/enquire/"), write=True)
    assert WRITTEN_COOKIE not in response.cookies
    # A screen that only shows things may note that it was seen (the audit trail): not a change to read back
    response, _ = answered(request_for("GET", "/admin/insight/workload/", user=user), write=True)
    assert WRITTEN_COOKIE not in response.cookies


def test_a_report_reads_the_replica_once_it_has_replayed_the_persons_write(replica):
    user = UserFactory(username="writer")
    written, _ = answered(request_for("POST", "/admin/crm/households/1/assign/", user=user), write=True)

    response, used = answered(
        request_for(
            "GET",
            "/admin/insight/workload/",
            user=user,
            written=_unsigned(written.cookies[WRITTEN_COOKIE].value),
        )
    )

    assert used == "replica"
    assert response.cookies[WRITTEN_COOKIE].value == ""  # caught up: the cookie goes


def test_a_report_reads_the_primary_while_the_replica_is_behind_the_persons_write(replica):
    user = UserFactory(username="writer")

    response, used = answered(request_for("GET", "/admin/insight/workload/", user=user, written=FAR_AHEAD))

    assert used is None
    assert WRITTEN_COOKIE not in response.cookies  # kept until the replica catches up


def test_a_tampered_position_is_ignored(replica):
    request = request_for("GET", "/admin/insight/workload/", user=UserFactory(username="writer"))
    request.COOKIES[WRITTEN_COOKIE] = f"{FAR_AHEAD}:forged"
    _, used = answered(request)
    assert used == "replica"


def test_other_screens_never_ask_the_replica_where_it_is(replica, django_assert_num_queries):
    request = request_for(
        "GET", "/admin/crm/households/", user=UserFactory(username="writer"), written=FAR_AHEAD
    )
    with django_assert_num_queries(0, using=db_router.REPLICA):
        _, used = answered(request)
    assert used is None
