"""Settings for the test suite: fast hashing, mail kept in memory, media in a scratch folder.

The media folder is named after the process and made only when something is saved there, so
importing these settings (every test process, every worker a test starts) leaves nothing behind;
``tests/conftest.py`` removes the folder when the run ends, and any left by a run that was killed.
"""

import os
import tempfile
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit


def _redis_for_worker(url: str, worker: str) -> str:
    """With the suite split across processes (pytest-xdist), each gets Redis databases of its own.

    The tests clear the cache around each test, so two processes sharing a database would clear
    each other's. Worker ``gwN`` moves down 3 databases per N: the cache and the two the Celery
    tests use (``tests.conftest.redis_sibling``).
    """
    parts = urlsplit(url)
    database = int(parts.path.strip("/") or 0)
    index = int(worker.removeprefix("gw") or 0)
    return urlunsplit((parts.scheme, parts.netloc, f"/{(database - 3 * index) % 16}", parts.query, ""))


TEST_MEDIA_PREFIX = "apse-test-media-"

if os.environ.get("REDIS_URL") and os.environ.get("PYTEST_XDIST_WORKER"):
    os.environ["REDIS_URL"] = _redis_for_worker(os.environ["REDIS_URL"], os.environ["PYTEST_XDIST_WORKER"])

from .base import *  # noqa: E402, F403

DEBUG = False
SECRET_KEY = "test-only-apse-secret-key-that-is-long-enough-for-checks"  # noqa: S105
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = Path(tempfile.gettempdir()) / f"{TEST_MEDIA_PREFIX}{os.getpid()}"
# Applicants' documents likewise, in a folder of their own beside it (never inside the media folder).
TEST_PRIVATE_MEDIA_PREFIX = "apse-test-private-"
PRIVATE_MEDIA_ROOT = Path(tempfile.gettempdir()) / f"{TEST_PRIVATE_MEDIA_PREFIX}{os.getpid()}"
STORAGES = {**STORAGES, "private": {**STORAGES["private"]}}  # noqa: F405
STORAGES["private"]["OPTIONS"] = {**STORAGES["private"]["OPTIONS"], "location": PRIVATE_MEDIA_ROOT}
# Scanning is switched on by the tests that start their own clamd (tests/conftest_clamd.py).
CLAMD_SOCKET = ""
WAGTAILADMIN_BASE_URL = "http://testserver"
SERVE_MEDIA = True

# Tasks run in-process unless a test starts a real worker (see tests/conftest.py).
CELERY_TASK_ALWAYS_EAGER = True

# Security: most tests sign in with force_login and no authenticator app. Two-step sign-in
# is on everywhere else, and tests/security turns it on to prove it is enforced.
OTP_REQUIRED = False
