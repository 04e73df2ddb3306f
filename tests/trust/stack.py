"""The real stack on this machine, started and stopped by the trust checks: PostgreSQL, Redis, gunicorn, Celery.

Every piece belongs to the check that starts it, so stopping one never disturbs anyone else:

- PostgreSQL: databases of our own, named ``apse_trust_<pid>_<label>``, on the server that
  ``TRUST_POSTGRES_URL`` (or ``DATABASE_URL``) names. "PostgreSQL is down" is made by refusing new
  connections to our database and ending the ones it has (``ALLOW_CONNECTIONS false`` stops even a
  superuser), which is what the application sees when the server stops.
- Redis: a ``redis-server`` of our own on a free port, stopped and started again at will.
- gunicorn serving ``website.wsgi`` with the production settings, unchanged, behind a pretend load
  balancer: each request says ``X-Forwarded-Proto: https`` and carries an ``Origin``, as a browser's
  does, so the secure cookies, CSRF checks and HTTPS redirect all behave as they do live.
- Celery workers (``celery -A website worker``, prefork) in their own process groups, so a test can
  SIGKILL one without touching any other process.
"""

import contextlib
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
import requests
from psycopg import sql

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
PREFIX = "apse_trust"
PRODUCTION_SETTINGS = "website.settings.production"
HTTPS_PROXY_HEADERS = {"X-Forwarded-Proto": "https"}
# Environment variables a developer may have set that would point the server somewhere else.
INHERITED_NOT = {
    "DATABASE_URL",
    "REDIS_URL",
    "CELERY_BROKER_URL",
    "EMAIL_BACKEND",
    "DJANGO_SETTINGS_MODULE",
    "MAILCHIMP_API_KEY",
    "MAILCHIMP_AUDIENCE_ID",
    "MAILCHIMP_SERVER_PREFIX",
    "MAILGUN_API_KEY",
    "MAILGUN_API_URL",
    "STATIC_ROOT",
}
MAILGUN_API_KEY = "key-trust-stand-in"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(condition, *, timeout: float, interval: float = 0.1, what: str = "condition"):
    """Poll ``condition`` until it returns something true; fail loudly, naming ``what``, if it never does."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise TimeoutError(f"Gave up after {timeout:.0f} s waiting for {what}.")
        time.sleep(interval)


# PostgreSQL


def postgres_server_url() -> str:
    """The PostgreSQL server to make our databases on, without a database name."""
    url = os.environ.get("TRUST_POSTGRES_URL") or os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        url = "postgres://postgres@127.0.0.1:5432"
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "", "", ""))


def postgres_problem() -> str:
    """Why PostgreSQL cannot be used here, or '' if it can."""
    try:
        with psycopg.connect(f"{postgres_server_url()}/postgres", connect_timeout=3):
            return ""
    except psycopg.Error as error:
        return f"needs PostgreSQL at {postgres_server_url()}: {error}".strip()


class Database:
    """One database of our own on the shared server; dropped when the check is done."""

    def __init__(self, label: str):
        self.name = f"{PREFIX}_{os.getpid()}_{label}"
        self.server = postgres_server_url()

    @property
    def url(self) -> str:
        return f"{self.server}/{self.name}"

    def _admin(self):
        return psycopg.connect(f"{self.server}/postgres", autocommit=True, connect_timeout=5)

    def create(self, *, template: "Database | None" = None) -> "Database":
        self.drop()
        with self._admin() as admin:
            if template is None:
                admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(self.name)))
            else:
                template.end_connections()
                admin.execute(
                    sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
                        sql.Identifier(self.name), sql.Identifier(template.name)
                    )
                )
        return self

    def end_connections(self) -> None:
        with self._admin() as admin:
            admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
                [self.name],
            )

    def drop(self) -> None:
        with self._admin() as admin:
            admin.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(self.name))
            )

    def stop(self) -> None:
        """Refuse every new connection and end the open ones, as a stopped server would."""
        with self._admin() as admin:
            admin.execute(
                sql.SQL("ALTER DATABASE {} WITH ALLOW_CONNECTIONS false").format(sql.Identifier(self.name))
            )
        self.end_connections()

    def start(self) -> None:
        with self._admin() as admin:
            admin.execute(
                sql.SQL("ALTER DATABASE {} WITH ALLOW_CONNECTIONS true").format(sql.Identifier(self.name))
            )

    def rows(self, query: str, params: list | tuple = ()) -> list[tuple]:
        with psycopg.connect(self.url, connect_timeout=5) as connection:
            return connection.execute(query, params).fetchall()

    def value(self, query: str, params: list | tuple = ()):
        return self.rows(query, params)[0][0]

    def execute(self, query: str, params: list | tuple = ()) -> None:
        with psycopg.connect(self.url, autocommit=True, connect_timeout=5) as connection:
            connection.execute(query, params)


# The application's environment


def app_environment(
    *,
    database_url: str,
    static_root: Path,
    redis_url: str = "",
    mailgun_api_url: str = "",
    email_backend: str = "",
    mailchimp=None,
    **extra: str,
) -> dict[str, str]:
    """Environment for ``website.settings.production`` serving our database, Redis and mail stand-in.

    Given a Mailchimp stand-in, the settings are ``tests.trust.stack_settings``: production's, with
    Mailchimp's address and retry delays pointed at the stand-in.
    """
    env = {name: value for name, value in os.environ.items() if name not in INHERITED_NOT}
    env.update(
        DJANGO_SETTINGS_MODULE=PRODUCTION_SETTINGS,
        SECRET_KEY=SECRET_KEY,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=database_url,
        REDIS_URL=redis_url,
        CACHE_KEY_PREFIX=f"trust{os.getpid()}",
        STATIC_ROOT=str(static_root),
        LOG_LEVEL="WARNING",
        CRM_SIDE_EFFECT_BACKOFF_SECONDS="0.2",
        PYTHONPATH=str(ROOT),
        PYTHONUNBUFFERED="1",
    )
    if mailgun_api_url:
        env.update(
            EMAIL_BACKEND="anymail.backends.mailgun.EmailBackend",
            MAILGUN_API_KEY=MAILGUN_API_KEY,
            MAILGUN_API_URL=mailgun_api_url,
        )
    elif email_backend:
        env["EMAIL_BACKEND"] = email_backend
    if mailchimp is not None:
        env.update(
            DJANGO_SETTINGS_MODULE="tests.trust.stack_settings",
            TRUST_MAILCHIMP_API_URL=mailchimp.api_url,
            TRUST_MAILCHIMP_API_KEY=mailchimp.api_key,
            TRUST_MAILCHIMP_AUDIENCE_ID=mailchimp.list_id,
        )
    env.update(extra)
    return env


SECRET_KEY = secrets.token_urlsafe(50)


def manage(env: dict[str, str], *args: str, timeout: float = 300) -> None:
    subprocess.run(
        [str(BIN / "python"), "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=timeout,
        stdout=subprocess.DEVNULL,
    )


def static_files() -> Path:
    """Collected, hashed static files, as production serves them through WhiteNoise."""
    root = Path(tempfile.mkdtemp(prefix="apse-trust-static-"))
    env = app_environment(
        database_url="sqlite:///unused",
        static_root=root,
        DJANGO_SETTINGS_MODULE="tests.trust.stack_settings",
        TRUST_STATIC_UNCOMPRESSED="1",
    )
    manage(env, "collectstatic", "--noinput", "-v0")
    return root


def prepare() -> tuple[Path, "Database"]:
    """Static files and the template database, made side by side (each is mostly waiting on one core)."""
    with ThreadPoolExecutor(max_workers=2) as pool:
        static = pool.submit(static_files)
        template = pool.submit(template_database, Path(tempfile.gettempdir()))
        return static.result(), template.result()


def template_database(static_root: Path) -> Database:
    """A migrated database holding the least site (see ``site_content``), to copy for each check."""
    template = Database("template").create()
    env = app_environment(database_url=template.url, static_root=static_root)
    manage(env, "migrate", "--noinput", "-v0")
    subprocess.run(
        [str(BIN / "python"), "-m", "tests.trust.site_content"], cwd=ROOT, env=env, check=True, timeout=120
    )
    template.end_connections()
    return template


# Processes


class Process:
    """A program in a process group of its own, logging to a file, stopped by its own group id only."""

    def __init__(self, args: list[str], *, env: dict[str, str], name: str):
        self.args = args
        self.env = env
        self.log_path = Path(tempfile.mkstemp(prefix=f"apse-trust-{name}-", suffix=".log")[1])
        self.process: subprocess.Popen | None = None

    def start(self):
        log = self.log_path.open("ab")
        self.process = subprocess.Popen(
            self.args, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        log.close()
        return self

    @property
    def pid(self) -> int:
        return self.process.pid

    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def signal_group(self, signum: int) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signum)

    def stop(self, *, timeout: float = 15) -> None:
        """Ask the program to stop (it stops its own children), then make sure nothing of it is left."""
        if self.process is None:
            return
        group = self.process.pid
        if self.running():
            self.process.terminate()
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.signal_group(signal.SIGKILL)
                self.process.wait(timeout=10)
        if group_members(group):
            with contextlib.suppress(ProcessLookupError):
                os.killpg(group, signal.SIGKILL)
        self.process = None

    def kill(self) -> None:
        """SIGKILL the whole group at once: no goodbye, no acknowledgements, as a crashed machine.

        Returns once every process of the group has ended (so their sockets are closed), not only
        the one we started: a pool process can outlive its parent by a moment.
        """
        group = self.process.pid
        self.signal_group(signal.SIGKILL)
        self.process.wait(timeout=10)
        self.process = None
        wait_until(
            lambda: not group_members(group), timeout=10, interval=0.02, what="the killed processes to end"
        )

    def children(self) -> list[int]:
        path = Path(f"/proc/{self.pid}/task/{self.pid}/children")
        try:
            return [int(pid) for pid in path.read_text().split()]
        except FileNotFoundError:
            return []


def group_members(group: int) -> list[int]:
    """Processes still running (not ended, nor ended and waiting to be reaped) in process group ``group``."""
    members = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (FileNotFoundError, ProcessLookupError, IndexError):
            continue
        state, pgrp = fields[0], int(fields[2])
        if pgrp == group and state not in ("Z", "X"):
            members.append(int(stat.parent.name))
    return members


class Gunicorn(Process):
    """gunicorn serving the site with the production settings on a free loopback port."""

    def __init__(self, *, env: dict[str, str], workers: int = 2, threads: int = 1, timeout: int = 30):
        self.port = free_port()
        self.workers = workers
        super().__init__(
            [
                str(BIN / "gunicorn"),
                "website.wsgi:application",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(workers),
                "--threads",
                str(threads),
                "--timeout",
                str(timeout),
                "--graceful-timeout",
                "5",
                "--backlog",
                "512",
                # Each server of ours is one of several on the machine: no shared control socket.
                "--no-control-socket",
                "--preload",
            ],
            env=env,
            name="gunicorn",
        )

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self):
        super().start()

        def answers() -> bool:
            if not self.running():
                raise RuntimeError(f"gunicorn stopped at start:\n{self.log()[-3000:]}")
            try:
                return requests.get(f"{self.url}/enquire/", headers=HTTPS_PROXY_HEADERS, timeout=20).ok
            except requests.RequestException:
                return False

        wait_until(answers, timeout=90, what="gunicorn to serve the enquiry page")
        # Each worker loads templates and URLs on its first request: warm them all before the check.
        for _ in range(self.workers * 2):
            requests.get(f"{self.url}/enquire/", headers=HTTPS_PROXY_HEADERS, timeout=30)
        return self


class CeleryWorker(Process):
    """``celery -A website worker`` with the prefork pool, as production runs it."""

    def __init__(self, *, env: dict[str, str], concurrency: int = 1, name: str = "trust"):
        self.node = f"{name}{os.getpid()}-{uuid.uuid4().hex[:6]}@localhost"
        super().__init__(
            [
                str(BIN / "celery"),
                "-A",
                "website",
                "worker",
                "--pool",
                "prefork",
                "--concurrency",
                str(concurrency),
                "--hostname",
                self.node,
                "--loglevel",
                "INFO",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
            ],
            env=env,
            name="celery",
        )

    def start(self):
        super().start()

        def ready() -> bool:
            if not self.running():
                raise RuntimeError(f"The Celery worker stopped at start:\n{self.log()[-3000:]}")
            return " ready." in self.log()

        wait_until(ready, timeout=60, what="the Celery worker to be ready")
        return self


# A visitor with a browser


VALID_ANSWERS = {
    "first_name": "Alex",
    "last_name": "Morgan",
    "household_type": "single",
    "phone": "",
    "best_time_to_call": "any",
    "postcode": "ME14 1XX",
    "council": "",
    "contact_consent": "on",
}
HIDDEN_INPUT = re.compile(r'<input type="hidden" name="(?P<name>[\w-]+)" value="(?P<value>[^"]*)"')


def hidden_fields(html: str) -> dict[str, str]:
    return {match["name"]: match["value"] for match in HIDDEN_INPUT.finditer(html)}


class Visitor:
    """One person with a browser: opens the enquiry form, takes their time, sends it.

    Cookies are kept by hand: the site marks them Secure (it is HTTPS behind the load balancer),
    and a client speaking plain HTTP on loopback would otherwise never send them back.
    """

    def __init__(self, base_url: str, *, timeout: float = 30):
        self.base_url = base_url
        self.timeout = timeout
        self.cookies: dict[str, str] = {}
        self.session = requests.Session()
        self.session.trust_env = False

    def _headers(self) -> dict[str, str]:
        headers = {**HTTPS_PROXY_HEADERS, "Origin": self._origin()}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        return headers

    def _origin(self) -> str:
        return "https://" + urlsplit(self.base_url).netloc

    def request(self, method: str, path: str, **kwargs) -> requests.Response:
        headers = {**self._headers(), "Referer": f"{self._origin()}{path}", **kwargs.pop("headers", {})}
        response = self.session.request(
            method,
            f"{self.base_url}{path}",
            headers=headers,
            timeout=self.timeout,
            allow_redirects=False,
            **kwargs,
        )
        self.cookies.update(response.cookies.get_dict())
        self.session.cookies.clear()
        return response

    def open_form(self, path: str = "/enquire/") -> dict[str, str]:
        response = self.request("GET", path)
        response.raise_for_status()
        return hidden_fields(response.text)

    def send(self, form: dict[str, str], *, path: str = "/enquire/", **answers: str) -> requests.Response:
        return self.request("POST", path, data={**form, **VALID_ANSWERS, **answers})


def thanks_path(response: requests.Response) -> str:
    """Where a sent enquiry was redirected, if it was to the thank-you page; '' otherwise."""
    location = response.headers.get("Location", "") if response.status_code in (302, 303) else ""
    return location if "/thank-you/" in location else ""


def celery_send(broker_url: str, task_name: str, *args) -> None:
    """Publish one task by name to the broker, as beat does, without loading Django here."""
    from celery import Celery

    app = Celery("trust-client", broker=broker_url)
    app.conf.update(broker_connection_retry=False, task_serializer="json")
    try:
        app.send_task(task_name, args=args)
    finally:
        app.close()
