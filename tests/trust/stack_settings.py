"""Production settings, with the few changes the trust checks need to run on one machine.

- Given ``TRUST_MAILCHIMP_API_URL``, Mailchimp is the stand-in, with retries in fractions of a
  second: production reads neither Mailchimp's address nor its retry delays from the environment.
- ``collectstatic`` keeps the manifest of hashed names that production serves from, without
  writing a compressed copy of every file, which only saves bytes on the wire.

Everything else is ``website.settings.production`` as it is.
"""

import os

from website.settings.production import *  # noqa: F403
from website.settings.production import STORAGES

if os.environ.get("TRUST_MAILCHIMP_API_URL"):
    MAILCHIMP_API_URL = os.environ["TRUST_MAILCHIMP_API_URL"]
    MAILCHIMP_API_KEY = os.environ["TRUST_MAILCHIMP_API_KEY"]
    MAILCHIMP_SERVER_PREFIX = "us1"
    MAILCHIMP_AUDIENCE_ID = os.environ["TRUST_MAILCHIMP_AUDIENCE_ID"]
    MAILCHIMP_ENABLED = True
    MAILCHIMP_TIMEOUT_SECONDS = 5
    MAILCHIMP_BACKOFF_SECONDS = 0.2
    MAILCHIMP_BUSY_RETRY_SECONDS = 0.2
    MAILCHIMP_MAX_ATTEMPTS = 8

if os.environ.get("TRUST_STATIC_UNCOMPRESSED"):
    STORAGES = {
        **STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
