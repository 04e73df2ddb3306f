"""Report screens read from a PostgreSQL read replica, when one is configured (``DATABASE_REPLICA_URL``).

The Insight screens and the campaign results add up years of history; on a replica they never slow
the primary that takes enquiries and serves the CRM. Only reads made while a report screen is being
answered go there (``ReportsFromReplicaMiddleware`` marks them by address); everything else, and
every write, stays on the primary. A replica runs a moment behind: figures that were a second old
are fine for a report, and a screen that changes anything writes to the primary as usual.

Except for the person who has just changed something: they read their own writes. When a request by
a signed-in user that changes things (a POST; a GET's own audit row is not a change they look for)
writes CRM, campaign or site rows, the middleware remembers the primary's WAL
position after it (``pg_current_wal_lsn()``) in a signed cookie. Their next report screen asks the
replica, in one query, whether it has replayed that far (``pg_last_wal_replay_lsn()``): if it has, the
screen reads from the replica and the cookie goes; if not, that screen reads from the primary. With
no replica configured none of this is installed, so nothing is asked and no cookie is set.
https://docs.djangoproject.com/en/5.2/topics/db/multi-db/#automatic-database-routing
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.core import signing
from django.db import connections

REPLICA = "replica"
# Only the figures come from the replica: who is signed in (sessions, users, two-step devices, lockouts)
# is always read from the primary, so signing in never waits for the replica to catch up.
REPORT_APPS = frozenset({"crm", "campaigns", "website", "wagtailcore"})
# Addresses whose reads may come from the replica: the Insight screens and the campaign results.
REPORT_PATH_PREFIXES = ("/admin/insight/", "/admin/campaigns/results/")
# The primary's WAL position after this browser's last write, until the replica has replayed it.
WRITTEN_COOKIE = "apse_written"
WRITTEN_SALT = "website.db_router.written"
# Long enough for any replica that is working at all; a cookie older than this is ignored.
WRITTEN_MAX_AGE = 3600
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
_reading_reports: ContextVar[bool] = ContextVar("reading_reports", default=False)
# Within a request the middleware watches, a one-item list set to True once a report row is written.
_request_wrote: ContextVar[list | None] = ContextVar("request_wrote", default=None)


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


@contextmanager
def reports_from_replica():
    """Within this block, reads go to the replica (if there is one)."""
    token = _reading_reports.set(True)
    try:
        yield
    finally:
        _reading_reports.reset(token)


@contextmanager
def writes_watched():
    """Within this block, a write of a report row is noted; yields a list whose one item says whether one was."""
    wrote = [False]
    token = _request_wrote.set(wrote)
    try:
        yield wrote
    finally:
        _request_wrote.reset(token)


def primary_position() -> str:
    """Where the primary's write-ahead log is now: every write committed so far is before it."""
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_lsn()::text")
        return cursor.fetchone()[0]


def replica_has_replayed(position: str) -> bool:
    """Whether the replica holds everything the primary had written at ``position``.

    A server that is not replaying (a promoted replica, or one pointed at the primary itself) is
    up to date with itself, so it is asked its own position instead.
    """
    with connections[REPLICA].cursor() as cursor:
        cursor.execute(
            "SELECT coalesce(pg_last_wal_replay_lsn(), pg_current_wal_lsn()) >= %s::pg_lsn", [position]
        )
        return bool(cursor.fetchone()[0])


class ReplicaRouter:
    """Reads inside ``reports_from_replica()`` go to the replica; writes and all else to the primary."""

    def db_for_read(self, model, **hints):
        if _reading_reports.get() and model._meta.app_label in REPORT_APPS and replica_configured():
            return REPLICA
        return None

    def db_for_write(self, model, **hints):
        wrote = _request_wrote.get()
        if wrote is not None and model._meta.app_label in REPORT_APPS:
            wrote[0] = True
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        # The replica holds the same rows as the primary.
        return True

    def allow_migrate(self, db, app_label, **hints):
        return db == "default"


class ReportsFromReplicaMiddleware:
    """Answers GET requests to the report screens from the replica, unless this browser has written
    something the replica has not replayed yet (then from the primary)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        written = self.written_position(request)
        forget = False
        with writes_watched() as wrote:
            if request.method in ("GET", "HEAD") and request.path.startswith(REPORT_PATH_PREFIXES):
                if written is None or replica_has_replayed(written):
                    forget = written is not None
                    with reports_from_replica():
                        response = self.get_response(request)
                else:
                    response = self.get_response(request)
            else:
                response = self.get_response(request)
        user = getattr(request, "user", None)
        if wrote[0] and request.method not in SAFE_METHODS and user is not None and user.is_authenticated:
            response.set_signed_cookie(
                WRITTEN_COOKIE,
                primary_position(),
                salt=WRITTEN_SALT,
                max_age=WRITTEN_MAX_AGE,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        elif forget:
            response.delete_cookie(WRITTEN_COOKIE, samesite="Lax")
        return response

    @staticmethod
    def written_position(request) -> str | None:
        if WRITTEN_COOKIE not in request.COOKIES:
            return None
        try:
            return request.get_signed_cookie(WRITTEN_COOKIE, salt=WRITTEN_SALT, max_age=WRITTEN_MAX_AGE)
        except (KeyError, signing.BadSignature):
            return None
