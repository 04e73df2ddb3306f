"""The switches for running on several machines: a read replica for reports, media on S3, a CDN purged by Wagtail."""

import json

from django.test import RequestFactory

import pytest

from crm.models import Household
from tests.website.test_settings import PRODUCTION_ENV, manage
from website import db_router
from website.db_router import ReplicaRouter, ReportsFromReplicaMiddleware, reports_from_replica

SHOW = (
    "import json; from django.conf import settings; "
    "print(json.dumps({'databases': sorted(settings.DATABASES), 'routers': settings.DATABASE_ROUTERS, "
    "'replica_middleware': 'website.db_router.ReportsFromReplicaMiddleware' in settings.MIDDLEWARE, "
    "'storage': settings.STORAGES['default'], 'frontend': sorted(settings.WAGTAILFRONTENDCACHE)}))"
)


def production_settings(**env) -> dict:
    result = manage("shell", "--no-imports", "-c", SHOW, settings="production", env={**PRODUCTION_ENV, **env})
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_one_machine_needs_none_of_them():
    shown = production_settings()
    assert shown["databases"] == ["default"]
    assert shown["routers"] == []
    assert not shown["replica_middleware"]
    assert shown["storage"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    assert shown["frontend"] == []


def test_each_switch_turns_on_from_the_environment():
    shown = production_settings(
        DATABASE_REPLICA_URL="postgres://reader@replica.internal:5432/apse",
        AWS_STORAGE_BUCKET_NAME="apse-media",
        AWS_S3_ENDPOINT_URL="https://s3.example",
        FRONTEND_CACHE_PURGE_URL="http://varnish.internal:6081",
    )
    assert shown["databases"] == ["default", "replica"]
    assert shown["routers"] == ["website.db_router.ReplicaRouter"]
    assert shown["replica_middleware"]
    assert shown["storage"]["BACKEND"] == "storages.backends.s3.S3Storage"
    assert shown["storage"]["OPTIONS"]["bucket_name"] == "apse-media"
    assert shown["storage"]["OPTIONS"]["endpoint_url"] == "https://s3.example"
    assert shown["frontend"] == ["http"]


def test_the_s3_storage_the_switch_names_is_installed():
    from storages.backends.s3 import S3Storage

    storage = S3Storage(bucket_name="apse-media", endpoint_url="https://s3.example")
    assert storage.bucket_name == "apse-media"


def test_reads_for_reports_go_to_the_replica_and_nothing_else_does(monkeypatch):
    from django.contrib.sessions.models import Session

    router = ReplicaRouter()
    monkeypatch.setattr(db_router, "replica_configured", lambda: True)
    assert router.db_for_read(Household) is None
    with reports_from_replica():
        assert router.db_for_read(Household) == "replica"
        assert router.db_for_read(Session) is None  # who is signed in comes from the primary
        assert router.db_for_write(Household) == "default"
    assert router.db_for_read(Household) is None
    assert router.allow_migrate("replica", "crm") is False


def test_without_a_replica_reports_read_the_primary():
    with reports_from_replica():
        assert ReplicaRouter().db_for_read(Household) is None


@pytest.mark.parametrize(
    ("method", "path", "replica"),
    [
        ("GET", "/admin/insight/funnel/", True),
        ("GET", "/admin/campaigns/results/", True),
        ("POST", "/admin/insight/funnel/", False),
        ("GET", "/admin/crm/households/", False),
        ("GET", "/", False),
    ],
)
def test_only_report_screens_are_answered_from_the_replica(monkeypatch, method, path, replica):
    monkeypatch.setattr(db_router, "replica_configured", lambda: True)
    seen = []

    def view(request):
        seen.append(ReplicaRouter().db_for_read(Household))
        return "response"

    request = RequestFactory().generic(method, path)
    assert ReportsFromReplicaMiddleware(view)(request) == "response"
    assert seen == ["replica" if replica else None]
