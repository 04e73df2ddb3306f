"""Shared fixtures.

Tests that need PostgreSQL, Redis or a browser skip with a one-line reason when those are absent,
and fail instead when ``REQUIRE_SERVICES=1`` or ``REQUIRE_BROWSER=1`` is set (as CI does).
"""

import os
import re
import shutil
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import connection

from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Collection, Locale, Page, Site

import pytest

REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES") == "1"
REQUIRE_BROWSER = os.environ.get("REQUIRE_BROWSER") == "1"


def skip_or_fail(reason: str, *, required: bool) -> None:
    if required:
        pytest.fail(f"{reason} (required here, so this is a failure, not a skip)", pytrace=False)
    pytest.skip(reason)


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def media_folders_remove(*, folder: Path, prefix: str) -> list[Path]:
    """Remove this process's media folder and any a killed test process left (named by its pid).

    Folders of processes still running (another run, a worker of this one) are left alone.
    """
    removed = []
    own = re.compile(rf"^{re.escape(prefix)}(\d+)$")
    for candidate in folder.parent.glob(f"{prefix}*"):
        match = own.match(candidate.name)
        if not match or not candidate.is_dir():
            continue
        pid = int(match.group(1))
        if candidate == folder or (pid != os.getpid() and not _process_alive(pid)):
            shutil.rmtree(candidate, ignore_errors=True)
            removed.append(candidate)
    return removed


def pytest_sessionfinish(session, exitstatus):
    """The test settings put uploads (and applicants' documents) in folders named after this process: take them away."""
    if getattr(settings, "TEST_MEDIA_PREFIX", None):
        media_folders_remove(folder=Path(settings.MEDIA_ROOT), prefix=settings.TEST_MEDIA_PREFIX)
    if getattr(settings, "TEST_PRIVATE_MEDIA_PREFIX", None):
        media_folders_remove(
            folder=Path(settings.PRIVATE_MEDIA_ROOT), prefix=settings.TEST_PRIVATE_MEDIA_PREFIX
        )


@pytest.fixture(autouse=True)
def _clear_cache():
    # Before as well as after: a run stopped half-way must not leave pages for the next one.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def postgres(db):
    """Marks a test as needing PostgreSQL as the test database."""
    if connection.vendor != "postgresql":
        skip_or_fail("needs PostgreSQL: set DATABASE_URL to a PostgreSQL database", required=REQUIRE_SERVICES)
    return connection


@pytest.fixture
def redis_url():
    url = os.environ.get("REDIS_URL", "")
    if not url:
        skip_or_fail("needs Redis: set REDIS_URL", required=REQUIRE_SERVICES)
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.exceptions.ConnectionError as error:
        skip_or_fail(f"needs Redis at {url}: {error}", required=REQUIRE_SERVICES)
    return url


@pytest.fixture
def home_page(db):
    """A HomePage that is the root of the default site, as on the live site."""
    from website.models import HomePage

    # Transactional tests flush the rows Wagtail's migrations made; put them back if so.
    Locale.objects.get_or_create(language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE))
    if Collection.get_first_root_node() is None:
        # Every new image and document goes in a collection; the admin's image chooser needs the root.
        Collection.add_root(name="Root")
    root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root"))
    Page.objects.filter(depth=2).delete()
    home = HomePage(title="Home", slug="home", hero_heading="Could you give a child a home?")
    root.add_child(instance=home)
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "port": 80, "root_page": home}
    )
    return home


@pytest.fixture
def crm_reference(db):
    """The teams, clocks and postcode table the CRM's data migration ships, and the campaign channels.

    Normal tests already have them; transactional tests (browser, concurrency) flush the database,
    so this puts them back. It only creates what is missing.
    """
    import importlib

    from django.apps import apps

    importlib.import_module("crm.migrations.0002_reference_data").load(apps, None)
    # The stall rules for the stages no timescale covers.
    importlib.import_module("crm.migrations.0009_stall_clocks").load(apps, None)
    # The campaigns channels are reference data too: touches from CRM events need them.
    importlib.import_module("campaigns.migrations.0002_kindred_channels").load(apps, None)
    importlib.import_module("campaigns.migrations.0008_kindred_key_channels").load(apps, None)
    # The retention policy's rows ship in a data migration as well.
    importlib.import_module("crm.migrations.0004_retention_rules").load(apps, None)
    importlib.import_module("crm.migrations.0008_booking_access_needs").load(apps, None)
    # The other services' clocks, the first-contact flag and their cases' retention rule.
    importlib.import_module("crm.migrations.0019_services").load(apps, None)
    # The timescales after approval (family finding, link, match, placement, order).
    importlib.import_module("crm.migrations.0026_family_finding").load(apps, None)


@pytest.fixture
def mailchimp_stand_in(settings):
    """The Mailchimp stand-in server, with the settings pointing the real client at it."""
    from tests.stand_ins.mailchimp import MailchimpStandIn, mailchimp_settings

    with MailchimpStandIn() as server:
        mailchimp_settings(settings, server)
        yield server


@pytest.fixture
def old_token(monkeypatch):
    """An enquiry form token issued a minute ago, as if the visitor took their time."""
    import time

    from core.spam import form_token

    real = time.time
    monkeypatch.setattr(time, "time", lambda: real() - 60)
    token = form_token()
    monkeypatch.setattr(time, "time", real)
    return token
