"""Report screens read from a PostgreSQL read replica, when one is configured (``DATABASE_REPLICA_URL``).

The Insight screens and the campaign results add up years of history; on a replica they never slow
the primary that takes enquiries and serves the CRM. Only reads made while a report screen is being
answered go there (``ReportsFromReplicaMiddleware`` marks them by address); everything else, and
every write, stays on the primary. A replica runs a moment behind: figures that were a second old
are fine for a report, and a screen that changes anything writes to the primary as usual.
https://docs.djangoproject.com/en/5.2/topics/db/multi-db/#automatic-database-routing
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings

REPLICA = "replica"
# Only the figures come from the replica: who is signed in (sessions, users, two-step devices, lockouts)
# is always read from the primary, so signing in never waits for the replica to catch up.
REPORT_APPS = frozenset({"crm", "campaigns", "website", "wagtailcore"})
# Addresses whose reads may come from the replica: the Insight screens and the campaign results.
REPORT_PATH_PREFIXES = ("/admin/insight/", "/admin/campaigns/results/")
_reading_reports: ContextVar[bool] = ContextVar("reading_reports", default=False)


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


class ReplicaRouter:
    """Reads inside ``reports_from_replica()`` go to the replica; writes and all else to the primary."""

    def db_for_read(self, model, **hints):
        if _reading_reports.get() and model._meta.app_label in REPORT_APPS and replica_configured():
            return REPLICA
        return None

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        # The replica holds the same rows as the primary.
        return True

    def allow_migrate(self, db, app_label, **hints):
        return db == "default"


class ReportsFromReplicaMiddleware:
    """Answers GET requests to the report screens from the replica."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in ("GET", "HEAD") and request.path.startswith(REPORT_PATH_PREFIXES):
            with reports_from_replica():
                return self.get_response(request)
        return self.get_response(request)
