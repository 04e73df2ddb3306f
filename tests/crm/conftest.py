"""Fixtures for the email door, outbound mail through the Mailgun stand-in, and real Celery workers."""

import contextlib
import socket
import subprocess
import time
from urllib.parse import urlsplit, urlunsplit

from django.db import connection, connections

import pytest
import redis
from celery.contrib.testing.worker import start_worker
from celery.signals import task_postrun

from tests.stand_ins.mailgun import MailgunStandIn
from website.celery import app as celery_app

MAILGUN_API_KEY = "key-stand-in"
# The Celery worker tests' broker: two databases below the test cache's (see redis_db_url).
WORKER_REDIS_DB = 2


@pytest.fixture
def mailgun(settings):
    """Anymail's real Mailgun backend, sending to a stand-in on 127.0.0.1."""
    with MailgunStandIn(api_key=MAILGUN_API_KEY) as stand_in:
        settings.EMAIL_BACKEND = "anymail.backends.mailgun.EmailBackend"
        settings.ANYMAIL = {
            **settings.ANYMAIL,
            "MAILGUN_API_KEY": MAILGUN_API_KEY,
            "MAILGUN_API_URL": stand_in.api_url,
            "REQUESTS_TIMEOUT": 5,
        }
        yield stand_in


@pytest.fixture
def quick_retries(settings):
    """Retries after a few hundredths of a second rather than half a minute."""
    settings.CRM_SIDE_EFFECT_BACKOFF_SECONDS = 0.02


def redis_db_url(url: str, below: int) -> str:
    """The same Redis server as ``url``, the database ``below`` places below its own.

    Relative, so each process of a split test run (which has its own cache database, see
    ``website.settings.test``) has its own brokers too.
    """
    parts = urlsplit(url)
    database = int(parts.path.strip("/") or 0)
    return urlunsplit((parts.scheme, parts.netloc, f"/{(database - below) % 16}", "", ""))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _forget_broker_connections() -> None:
    """Celery caches its connection and producer pools; drop both so the next publish reads broker_url."""
    celery_app.close()
    celery_app.amqp._producer_pool = None


@contextlib.contextmanager
def celery_using(broker_url: str):
    """Point the project's Celery app at ``broker_url`` with eager mode off, and put it back afterwards."""
    names = ("broker_url", "task_always_eager", "worker_hijack_root_logger", "broker_connection_retry")
    before = {name: celery_app.conf[name] for name in names}
    _forget_broker_connections()
    celery_app.conf.update(
        broker_url=broker_url,
        task_always_eager=False,
        worker_hijack_root_logger=False,
        broker_connection_retry=True,
    )
    try:
        yield celery_app
    finally:
        _forget_broker_connections()
        celery_app.conf.update(before)


@pytest.fixture
def celery_broker(redis_url):
    """The Celery app publishing to a Redis database of its own, emptied first."""
    url = redis_db_url(redis_url, WORKER_REDIS_DB)
    redis.Redis.from_url(url).flushdb()
    with celery_using(url):
        yield url


def _close_worker_connections(**kwargs):
    # The worker thread opens its own database connections; close them so the test database can go.
    connections.close_all()


@contextlib.contextmanager
def _reads_never_block_the_worker():
    """On SQLite, let this thread read without table locks, so its polling never fails a worker's write.

    Django's in-memory test database is SQLite's shared cache, where a reader's table lock makes a
    writer fail at once instead of waiting. https://www.sqlite.org/sharedcache.html#dirtyreads
    """
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA read_uncommitted = 1")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA read_uncommitted = 0")


@contextlib.contextmanager
def running_worker(*, pool: str = "solo", concurrency: int = 1):
    """A real Celery worker in a thread, consuming from whatever broker the app points at."""
    task_postrun.connect(_close_worker_connections, weak=False)
    try:
        with (
            start_worker(
                celery_app,
                pool=pool,
                concurrency=concurrency,
                perform_ping_check=False,
                shutdown_timeout=30,
            ) as worker,
            _reads_never_block_the_worker(),
        ):
            yield worker
    finally:
        task_postrun.disconnect(_close_worker_connections)


@pytest.fixture
def celery_worker(celery_broker, transactional_db):
    with running_worker() as worker:
        yield worker


class ThrowawayRedis:
    """A redis-server of our own on a free port, which a test can stop and start again."""

    def __init__(self):
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--save",
                "",
                "--appendonly",
                "no",
                "--daemonize",
                "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        client = redis.Redis(port=self.port, socket_connect_timeout=0.2)
        deadline = time.monotonic() + 10
        while True:
            try:
                client.ping()
                return
            except redis.exceptions.ConnectionError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None


@pytest.fixture
def throwaway_redis(redis_url):
    server = ThrowawayRedis()
    server.start()
    try:
        yield server
    finally:
        server.stop()


def wait_for(condition, *, timeout: float = 15.0, interval: float = 0.05):
    """Poll ``condition`` until it is true; return its last value either way."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(interval)
