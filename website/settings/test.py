"""Settings for the test suite: fast hashing, mail kept in memory, media in a scratch folder."""

import tempfile
from pathlib import Path

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-apse-secret-key-that-is-long-enough-for-checks"  # noqa: S105
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="apse-test-media-"))
WAGTAILADMIN_BASE_URL = "http://testserver"
SERVE_MEDIA = True

# Tasks run in-process unless a test starts a real worker (see tests/conftest.py).
CELERY_TASK_ALWAYS_EAGER = True

# Security: most tests sign in with force_login and no authenticator app. Two-step sign-in
# is on everywhere else, and tests/security turns it on to prove it is enforced.
OTP_REQUIRED = False
