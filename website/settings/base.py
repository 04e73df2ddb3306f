"""Settings shared by every environment.

Everything that talks to another system switches itself on from the environment, so a newcomer
runs the whole site with no credentials: SQLite unless ``DATABASE_URL`` is set, eager Celery unless
``CELERY_BROKER_URL`` (or ``REDIS_URL``) is set, a local-memory cache unless ``REDIS_URL`` is set,
Mailchimp off unless its key is set.
"""

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def env_bool(name: str, default: bool = False) -> bool:
    value = env(name)
    if not value:
        return default
    return value.lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


# Application definition

INSTALLED_APPS = [
    "core",
    "website",
    "crm",
    "campaigns",
    "community",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "crispy_forms",
    "crispy_bootstrap5",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, so it sees a 404 first: vanity addresses (/radio/) answer only where nothing else did.
    "website.attribution.AttributionMiddleware",
]

ROOT_URLCONF = "website.urls"
WSGI_APPLICATION = "website.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "website.attribution.attribution_context",
            ],
        },
    },
]

# Database: SQLite by default, PostgreSQL (psycopg 3) when DATABASE_URL says so.
# https://github.com/jazzband/dj-database-url
DATABASE_URL = env("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL, conn_max_age=int(env("DB_CONN_MAX_AGE", "60")), conn_health_checks=True
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: Redis when REDIS_URL is set, otherwise process memory.
REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", "apse"),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Celery: a real broker when one is configured, otherwise tasks run in-process at once.
# https://docs.celeryq.dev/en/stable/userguide/configuration.html
CELERY_BROKER_URL = env("CELERY_BROKER_URL") or REDIS_URL
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
if CELERY_TASK_ALWAYS_EAGER:
    # Eager tasks never reach a broker; naming the in-memory one stops Celery looking for a default host.
    CELERY_BROKER_URL = "memory://"
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_TIMEZONE = "Europe/London"
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT, CELERY_TASK_TIME_LIMIT = 60, 90
# The nightly rebuilds go over every household, minutes for a million (README "A million people").
CELERY_NIGHTLY_SOFT_TIME_LIMIT, CELERY_NIGHTLY_TIME_LIMIT = 45 * 60, 50 * 60
# Time limits and retry delays stay well below the visibility timeout, so a task is never delivered
# twice. Publishing tries the broker once and gives up on a dead host after two seconds, so an outage
# never holds up a request (the sweep queues the row later); workers reconnect on their own schedule.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600, "max_retries": 0, "socket_connect_timeout": 2}
# What runs on a schedule, and when: website/settings/beat.py.
from website.settings.beat import CELERY_BEAT_SCHEDULE  # noqa: E402, F401 (a setting)

# Email: printed to the console unless a real backend is configured. In production, send through
# Mailgun with EMAIL_BACKEND=anymail.backends.mailgun.EmailBackend and MAILGUN_API_KEY (plus
# MAILGUN_API_URL=https://api.eu.mailgun.net/v3 for a domain in Mailgun's EU region).
# https://anymail.dev/en/stable/esps/mailgun/
EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "APSE <hello@adoptionpartnership.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# A stuck mail server must not hold a worker beyond the task's time limit.
EMAIL_TIMEOUT = int(env("EMAIL_TIMEOUT", "20"))
ANYMAIL = {
    "REQUESTS_TIMEOUT": float(env("ANYMAIL_REQUESTS_TIMEOUT", "20")),
    **{
        name: env(name)
        for name in ("MAILGUN_API_KEY", "MAILGUN_API_URL", "MAILGUN_SENDER_DOMAIN")
        if env(name)
    },
}
# The email door (a Mailgun route forwarding to /anymail/mailgun/inbound/) opens only when both its
# secrets are set: the basic auth "user:password" in the route's URL, and Mailgun's signing key.
if env("ANYMAIL_WEBHOOK_SECRET") and env("MAILGUN_WEBHOOK_SIGNING_KEY"):
    ANYMAIL["WEBHOOK_SECRET"] = env("ANYMAIL_WEBHOOK_SECRET")
    ANYMAIL["MAILGUN_WEBHOOK_SIGNING_KEY"] = env("MAILGUN_WEBHOOK_SIGNING_KEY")
# Mail from these domains is ours coming back, never an enquiry; by default, DEFAULT_FROM_EMAIL's domain.
CRM_INBOUND_OWN_DOMAINS = env_list(
    "CRM_INBOUND_OWN_DOMAINS", DEFAULT_FROM_EMAIL.rpartition("@")[2].rstrip(">").strip()
)
# Inbound mail scoring at least this (SpamAssassin's scale, as Mailgun reports it) waits in quarantine.
CRM_INBOUND_SPAM_SCORE = float(env("CRM_INBOUND_SPAM_SCORE", "5"))
# A failed email is retried after roughly this many seconds, doubling each time (tests make it tiny).
CRM_SIDE_EFFECT_BACKOFF_SECONDS = float(env("CRM_SIDE_EFFECT_BACKOFF_SECONDS", "30"))

# A consenting visitor landing again with the same campaign parameters within this many seconds
# (a reload, a back button) is the same landing, not a new one.
ATTRIBUTION_LANDING_WINDOW = int(env("ATTRIBUTION_LANDING_WINDOW", str(30 * 60)))

# Mailchimp is off until its key is present.
MAILCHIMP_API_KEY = env("MAILCHIMP_API_KEY")
MAILCHIMP_SERVER_PREFIX = env("MAILCHIMP_SERVER_PREFIX")
MAILCHIMP_AUDIENCE_ID = env("MAILCHIMP_AUDIENCE_ID")
MAILCHIMP_ENABLED = bool(MAILCHIMP_API_KEY and MAILCHIMP_AUDIENCE_ID)
# Mailchimp's webhook address ends in this secret (/newsletter/mailchimp/webhook/<secret>/); unset, it is a 404.
MAILCHIMP_WEBHOOK_SECRET = env("MAILCHIMP_WEBHOOK_SECRET")
# Mailchimp answers 429 beyond 10 simultaneous connections; every worker together keeps below this.
MAILCHIMP_MAX_IN_FLIGHT = int(env("MAILCHIMP_MAX_IN_FLIGHT", "10"))

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env("STATIC_ROOT", str(BASE_DIR / "collected-static")))
STATIC_URL = "/static/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "media")))
MEDIA_URL = "/media/"

# Documents applicants upload (photo ID, proof of address, medical forms) are kept apart from the
# media the website shows: in a folder outside MEDIA_ROOT (so never under /media/), with no address
# of their own. Staff and the applicant download them through views that check who is asking.
PRIVATE_MEDIA_ROOT = Path(env("PRIVATE_MEDIA_ROOT", str(BASE_DIR / "private")))

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "private": {
        "BACKEND": "core.storage.PrivateFileSystemStorage",
        "OPTIONS": {
            "location": PRIVATE_MEDIA_ROOT,
            "file_permissions_mode": 0o600,
            "directory_permissions_mode": 0o700,
        },
    },
}

# An uploaded document may be this large at most. The applicant's upload page takes requests up to
# DOCUMENT_REQUEST_MAX_BYTES, so a file a little too large is refused by the form, which says how
# large it was, and only a far larger one meets the request limit's plain page (PUBLIC_REQUEST_LIMITS_BY_PATH).
DOCUMENT_MAX_BYTES = 10 * 1024 * 1024
DOCUMENT_REQUEST_MAX_BYTES = 50 * 1024 * 1024
# ClamAV's daemon, to check each upload for viruses: a unix socket path or tcp://127.0.0.1:3310.
# Empty: uploads are not scanned and are marked "not scanned". Set: a file is kept only once clamd
# says it is clean; if clamd cannot be reached the upload is refused (core/virus_scan.py).
CLAMD_SOCKET = env("CLAMD_SOCKET", "")
# A photo sent with a story ("Share your story"): a phone's photo is a few MB. The form's address takes
# requests up to STORY_REQUEST_MAX_BYTES, so a photo a little too large is refused by the form, in words.
STORY_PHOTO_MAX_BYTES = 10 * 1024 * 1024
STORY_REQUEST_MAX_BYTES = 25 * 1024 * 1024
CLAMD_TIMEOUT = float(env("CLAMD_TIMEOUT", "30"))

# Wagtail's editor can post many fields; public forms set their own tighter limits.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Report screens (core.reports): the CRM decides whose figures a person may see, and records every
# download of figures in its audit trail.
REPORT_AUDIENCE_FUNCTION = "crm.selectors.report_audience"
REPORT_DOWNLOAD_AUDIT_FUNCTION = "crm.services.privacy.audit_export"

# Wagtail
WAGTAIL_SITE_NAME = "Adoption Partnership south east"
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAIL_I18N_ENABLED = False
WAGTAILSEARCH_BACKENDS = {
    # On PostgreSQL the database backend uses its full-text search, always with English stemming
    # ("renting" finds "rent"), never the server's default configuration, which may be "simple";
    # elsewhere a portable fallback (SQLite's full-text search, no stemming, so the synonyms carry it).
    # Synonyms (website.search) apply on both. After changing SEARCH_CONFIG run `manage.py wagtail_update_index`.
    # https://docs.wagtail.org/en/stable/topics/search/backends.html#database-backend-default
    "default": {"BACKEND": "wagtail.search.backends.database", "SEARCH_CONFIG": "english"},
}
WAGTAILEMBEDS_RESPONSIVE_HTML = True
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx"]
WAGTAILIMAGES_EXTENSIONS = ["avif", "gif", "jpg", "jpeg", "png", "webp"]
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_ALLOW_UNICODE_SLUGS = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        "django_tasks": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
        "celery.app.trace": {"level": "WARNING"},
    },
}
SERVE_MEDIA = False
TAGGIT_CASE_INSENSITIVE = True

# A broker outage must not hold up a request: publishing gives up quickly, and the row it was for
# stays pending until the sweep queues it again.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_PUBLISH_RETRY = False

# Resilience: the site keeps working while Redis is down. The cache then misses and drops
# writes (website/redis_cache.py) instead of failing the request, and a Redis that hangs rather than
# refusing is given up on after two seconds.
if REDIS_URL:
    CACHES["default"]["BACKEND"] = "website.redis_cache.OutageTolerantRedisCache"
    CACHES["default"]["OPTIONS"] = {
        **CACHES["default"].get("OPTIONS", {}),
        "socket_connect_timeout": float(env("REDIS_CACHE_TIMEOUT", "2")),
        "socket_timeout": float(env("REDIS_CACHE_TIMEOUT", "2")),
    }

# Performance: whole public pages cached for anonymous visitors, public forms checked by
# where they were posted from instead of a CSRF token, and the switches for running on several
# machines (a CDN purged by Wagtail, a read replica for the reports, media on S3-compatible storage).
INSTALLED_APPS.append("website.cache.PageCacheConfig")
INSTALLED_APPS.append("wagtail.contrib.frontend_cache")
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.csrf.CsrfViewMiddleware"),
    "website.forms_security.PublicFormMiddleware",
)
# How long a page is kept; 0 turns the page cache off.
PAGE_CACHE_SECONDS = int(env("PAGE_CACHE_SECONDS", "300"))
# How long after a change or expiry a page's old copy may be served while one process renders the new; 0: never.
PAGE_CACHE_STALE_SECONDS = int(env("PAGE_CACHE_STALE_SECONDS", "60"))
# With a CDN in front, how long it may keep a page (s-maxage); 0 leaves Cache-Control alone.
PAGE_CACHE_SHARED_MAX_AGE = int(env("PAGE_CACHE_SHARED_MAX_AGE", "0"))
PAGE_CACHE_BYPASS_HEADER = ""  # a request header that skips the page cache; only the benchmark sets one
# Parts of pages kept by each process under the page cache's version of the content (website/fragments.py):
# how long at most (0 turns them off), in the process's own memory, so a fragment costs no round trip.
FRAGMENT_CACHE_SECONDS = int(env("FRAGMENT_CACHE_SECONDS", "300"))
CACHES["fragments"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "page-fragments",
    "OPTIONS": {"MAX_ENTRIES": 5000},
}

# A CDN or Varnish in front of several web servers: Wagtail purges a page there when it is published,
# and website/cache.py purges every page for a change every page shows. Each switches itself on
# only when its settings are present. https://docs.wagtail.org/en/stable/reference/contrib/frontendcache.html
WAGTAILFRONTENDCACHE = {}
if env("FRONTEND_CACHE_PURGE_URL"):
    WAGTAILFRONTENDCACHE["http"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
        "LOCATION": env("FRONTEND_CACHE_PURGE_URL"),
    }
if env("CLOUDFLARE_ZONE_ID") and env("CLOUDFLARE_BEARER_TOKEN"):
    WAGTAILFRONTENDCACHE["cloudflare"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
        "ZONEID": env("CLOUDFLARE_ZONE_ID"),
        "BEARER_TOKEN": env("CLOUDFLARE_BEARER_TOKEN"),
    }
if env("CLOUDFRONT_DISTRIBUTION_ID"):
    WAGTAILFRONTENDCACHE["cloudfront"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudfrontBackend",
        "DISTRIBUTION_ID": env("CLOUDFRONT_DISTRIBUTION_ID"),
    }

# Uploaded images and documents on S3-compatible storage (AWS S3, MinIO, DigitalOcean Spaces...)
# once a bucket is named; credentials come from AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.
# https://django-storages.readthedocs.io/en/latest/backends/amazon-S3.html
if env("AWS_STORAGE_BUCKET_NAME"):
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env("AWS_STORAGE_BUCKET_NAME"),
            "endpoint_url": env("AWS_S3_ENDPOINT_URL") or None,
            "region_name": env("AWS_S3_REGION_NAME") or None,
            "custom_domain": env("AWS_S3_CUSTOM_DOMAIN") or None,
            "default_acl": None,
            "querystring_auth": env_bool("AWS_QUERYSTRING_AUTH", False),
            "file_overwrite": False,
        },
    }
    # Applicants' documents: a bucket of their own (AWS_PRIVATE_STORAGE_BUCKET_NAME; without it, the
    # "private/" prefix of the same bucket, which its bucket policy must not make public), private
    # objects, no CDN domain, and no address handed out (core/storage_s3.py).
    STORAGES["private"] = {
        "BACKEND": "core.storage_s3.PrivateS3Storage",
        "OPTIONS": {
            "bucket_name": env("AWS_PRIVATE_STORAGE_BUCKET_NAME") or env("AWS_STORAGE_BUCKET_NAME"),
            "location": env(
                "AWS_PRIVATE_LOCATION", "" if env("AWS_PRIVATE_STORAGE_BUCKET_NAME") else "private"
            ),
            "endpoint_url": env("AWS_S3_ENDPOINT_URL") or None,
            "region_name": env("AWS_S3_REGION_NAME") or None,
            "custom_domain": None,
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }

# A PostgreSQL read replica for the report screens (website/db_router.py): the Insight screens and the
# campaign results read from it; every write and every other screen use the primary.
if env("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        env("DATABASE_REPLICA_URL"), conn_max_age=int(env("DB_CONN_MAX_AGE", "60")), conn_health_checks=True
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["website.db_router.ReplicaRouter"]
    MIDDLEWARE.append("website.db_router.ReportsFromReplicaMiddleware")

# The benchmark (make bench) only: a fixed baseline view, media served by Django, X-Query-Count on
# every response, and a client address the load generator chooses. Never set it anywhere real.
if env_bool("BENCH_MODE"):
    ROOT_URLCONF = "bench.site.urls"
    MIDDLEWARE.insert(0, "bench.site.middleware.BenchMiddleware")
    PAGE_CACHE_BYPASS_HEADER = "X-Bench-Bypass-Cache"

# Privacy (UK GDPR): the audit trail learns who is acting and from where for each request, and the
# retention policy is applied each night (crm.tasks_privacy, loaded through CELERY_IMPORTS).
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1,
    "crm.middleware.AuditContextMiddleware",
)
CELERY_IMPORTS = [*globals().get("CELERY_IMPORTS", ()), "crm.tasks_privacy"]

# Security: two-step sign-in for the admin, lockout after repeated failed sign-ins,
# staff sessions that end, the security headers, tight limits on public requests. The rules live
# in website/security/ (an installed app); README "Security" explains each setting.
import datetime as dt  # noqa: E402

INSTALLED_APPS.append("website.security.apps.SecurityConfig")
INSTALLED_APPS.append("django_otp")
INSTALLED_APPS.append("django_otp.plugins.otp_totp")
INSTALLED_APPS.append("axes")
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
    "website.security.middleware.SecurityHeadersMiddleware",
)
MIDDLEWARE.insert(
    MIDDLEWARE.index("website.security.middleware.SecurityHeadersMiddleware") + 1,
    "website.security.middleware.CsvFormulaMiddleware",
)
# Straight after the security headers: a cached page skips the layers that have nothing to do for
# an anonymous visitor (see website/cache.py).
MIDDLEWARE.insert(
    MIDDLEWARE.index("website.security.middleware.CsvFormulaMiddleware") + 1,
    "website.cache.PageCacheMiddleware",
)
for _position, _name in enumerate(
    [
        "website.security.middleware.StaffSessionMiddleware",
        "django_otp.middleware.OTPMiddleware",
        "website.security.middleware.StaffTwoFactorMiddleware",
        "website.security.middleware.RequestLimitsMiddleware",
        "axes.middleware.AxesMiddleware",
    ],
    start=MIDDLEWARE.index("django.contrib.messages.middleware.MessageMiddleware") + 1,
):
    MIDDLEWARE.insert(_position, _name)
AUTHENTICATION_BACKENDS = [
    # First, so a locked-out client is refused before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Two-step sign-in: every admin page needs a code from an authenticator app (django-otp TOTP).
# Only development turns it off, so the demo users sign in with a password alone.
OTP_REQUIRED = env_bool("OTP_REQUIRED", True)
OTP_TOTP_ISSUER = "APSE admin"

# Lockout (django-axes): 10 failed sign-ins within 5 minutes, from one client address or for one
# username, pause signing in there for 5 minutes (each further try restarts the wait). The client
# address believes only TRUSTED_PROXY_COUNT proxies (core/network.py), so a forged
# X-Forwarded-For changes nothing. https://django-axes.readthedocs.io/en/latest/4_configuration.html
AXES_FAILURE_LIMIT = 10
AXES_COOLOFF_TIME = dt.timedelta(minutes=5)
AXES_LOCKOUT_PARAMETERS = ["ip_address", "username"]
AXES_CLIENT_IP_CALLABLE = "core.network.client_ip"
TRUSTED_PROXY_COUNT = int(env("TRUSTED_PROXY_COUNT", "0"))
AXES_LOCKOUT_TEMPLATE = "website/security/locked_out.html"
AXES_RESET_ON_SUCCESS = False
AXES_ENABLE_ADMIN = False
AXES_VERBOSE = False

# Staff sessions end after 30 minutes without a request and 10 hours after signing in.
STAFF_SESSION_IDLE_TIMEOUT = int(env("STAFF_SESSION_IDLE_MINUTES", "30")) * 60
STAFF_SESSION_MAX_AGE = int(env("STAFF_SESSION_MAX_HOURS", "10")) * 60 * 60
SESSION_COOKIE_AGE = STAFF_SESSION_MAX_AGE
SESSION_COOKIE_HTTPONLY = True

# Headers. Django's SecurityMiddleware sends the referrer policy, nosniff and the opener policy;
# HSTS and secure cookies are switched on in production.py.
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
VIDEO_PLAYER_ORIGINS = ["https://www.youtube-nocookie.com", "https://player.vimeo.com"]
# Where uploaded images may come from besides this site: S3 or a CDN, when media lives there.
CSP_MEDIA_ORIGINS = env_list("CSP_MEDIA_ORIGINS")
for _media_host in (env("AWS_S3_CUSTOM_DOMAIN"), env("AWS_S3_ENDPOINT_URL")):
    if _media_host:
        CSP_MEDIA_ORIGINS.append(_media_host if "://" in _media_host else f"https://{_media_host}")
# The public site: no inline script or style at all, and no nonce (pages are cached whole).
CSP_PUBLIC = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:", *CSP_MEDIA_ORIGINS],
    "media-src": ["'self'", *CSP_MEDIA_ORIGINS],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "frame-src": VIDEO_PLAYER_ORIGINS,
    "frame-ancestors": ["'none'"],
    "form-action": ["'self'"],
    "base-uri": ["'none'"],
    "object-src": ["'none'"],
}
# Wagtail's admin sets styles inline and previews pages in frames of its own.
CSP_ADMIN = {
    "default-src": ["'self'"],
    # No 'unsafe-inline' for scripts: Wagtail's few inline scripts carry a nonce added to this
    # list for each response (website.security.csp). Inline styles stay: Wagtail sets them in places.
    "script-src": ["'self'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:", *CSP_MEDIA_ORIGINS],
    "media-src": ["'self'", "blob:", *CSP_MEDIA_ORIGINS],
    "font-src": ["'self'", "data:"],
    "connect-src": ["'self'"],
    "frame-src": ["'self'", *VIDEO_PLAYER_ORIGINS],
    "frame-ancestors": ["'self'"],
    "form-action": ["'self'"],
    "base-uri": ["'self'"],
    "object-src": ["'none'"],
}
# Staff avatars come from this site only: no address of theirs goes to Gravatar.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
if env("CSP_REPORT_URI"):
    CSP_PUBLIC["report-uri"] = CSP_ADMIN["report-uri"] = [env("CSP_REPORT_URI")]
PERMISSIONS_POLICY = {
    **{feature: [] for feature in ("accelerometer", "camera", "geolocation", "gyroscope", "microphone")},
    **{feature: [] for feature in ("magnetometer", "payment", "usb", "display-capture", "midi")},
    # The video players loaded when a visitor presses "Watch".
    **{feature: ["self", *VIDEO_PLAYER_ORIGINS] for feature in ("autoplay", "encrypted-media", "fullscreen")},
    "picture-in-picture": ["self", *VIDEO_PLAYER_ORIGINS],
}

# Public requests (everything but a signed-in person in the admin): at most 64 KB and 100 fields.
# The largest public form, the enquiry form, has about 30 fields. The email door takes whole emails.
PUBLIC_REQUEST_MAX_BYTES = 64 * 1024
PUBLIC_REQUEST_MAX_FIELDS = 100
PUBLIC_REQUEST_LIMITS_BY_PATH = {
    # A story, with a photo of up to STORY_PHOTO_MAX_BYTES (website.views_stories).
    "/your-story/send/": {
        "max_bytes": STORY_REQUEST_MAX_BYTES,
        "max_fields": 30,
        "too_long": (
            "That photo is too large to send",
            f"A photo can be {STORY_PHOTO_MAX_BYTES // (1024 * 1024)} MB at most. Go back and choose a smaller "
            "photo, or send your story without one.",
        ),
    },
    "/anymail/": {"max_bytes": 25 * 1024 * 1024, "max_fields": 200},
    # An applicant sends a document of up to DOCUMENT_MAX_BYTES; the form says so for anything up to this.
    "/your-adoption/documents/": {
        "max_bytes": DOCUMENT_REQUEST_MAX_BYTES,
        "max_fields": 20,
        "too_long": (
            "That file is too large to send",
            f"Each file can be {DOCUMENT_MAX_BYTES // (1024 * 1024)} MB at most. Try a smaller scan or photo, "
            "or send the pages as separate files.",
        ),
    },
}

# The moderated forum (community): how many of a member's first posts a moderator sees before they go up,
# how many members' reports hide a post until a moderator looks, and how many posts a member may write.
FORUM_FIRST_POSTS_HELD = int(env("FORUM_FIRST_POSTS_HELD", "3"))
FORUM_REPORTS_TO_HIDE = int(env("FORUM_REPORTS_TO_HIDE", "2"))
FORUM_POSTS_PER_HOUR = int(env("FORUM_POSTS_PER_HOUR", "10"))
FORUM_POSTS_PER_DAY = int(env("FORUM_POSTS_PER_DAY", "30"))
