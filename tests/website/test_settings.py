"""The settings modules, run in a fresh interpreter as they would be on a server."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "SECRET_KEY": secrets.token_urlsafe(64),
    "ALLOWED_HOSTS": "www.adoptionpartnership.example",
    "DATABASE_URL": "sqlite:////tmp/apse-settings-test.sqlite3",
}


def manage(*args: str, settings: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    clean_env = {key: value for key, value in os.environ.items() if key not in PRODUCTION_ENV}
    for name in ("REDIS_URL", "CELERY_BROKER_URL", "DJANGO_ALLOW_ASYNC_UNSAFE", "DJANGO_SETTINGS_MODULE"):
        clean_env.pop(name, None)
    return subprocess.run(
        [sys.executable, "manage.py", *args, f"--settings=website.settings.{settings}"],
        cwd=ROOT,
        env={**clean_env, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("missing", sorted(PRODUCTION_ENV))
def test_production_refuses_to_start_without_each_secret(missing):
    env = {key: value for key, value in PRODUCTION_ENV.items() if key != missing}
    result = manage("check", settings="production", env=env)
    assert result.returncode != 0
    assert f"The {missing} environment variable is required in production." in result.stderr


def test_production_passes_the_deploy_checks_with_no_warnings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", settings="production", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_embedded_defaults_need_no_services():
    code = (
        "from django.conf import settings; "
        "print(settings.DATABASES['default']['ENGINE'], settings.CELERY_TASK_ALWAYS_EAGER, "
        "settings.EMAIL_BACKEND, settings.MAILCHIMP_ENABLED, settings.CACHES['default']['BACKEND'])"
    )
    result = manage("shell", "--no-imports", "-c", code, settings="dev", env={"DATABASE_URL": ""})
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.db.backends.sqlite3",
        "True",
        "django.core.mail.backends.console.EmailBackend",
        "False",
        "django.core.cache.backends.locmem.LocMemCache",
    ]


def test_environment_switches_to_postgres_and_redis():
    code = (
        "from django.conf import settings; "
        "print(settings.DATABASES['default']['ENGINE'], settings.CELERY_TASK_ALWAYS_EAGER, "
        "settings.CELERY_BROKER_URL, settings.CACHES['default']['BACKEND'])"
    )
    env = {"DATABASE_URL": "postgres://u@127.0.0.1:5432/x", "REDIS_URL": "redis://127.0.0.1:6379/3"}
    result = manage("shell", "--no-imports", "-c", code, settings="dev", env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.db.backends.postgresql",
        "False",
        "redis://127.0.0.1:6379/3",
        "website.redis_cache.OutageTolerantRedisCache",
    ]
