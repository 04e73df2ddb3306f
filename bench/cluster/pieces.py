"""The pieces of the rehearsal that ``tests/trust/stack.py`` does not already start: a PostgreSQL primary
with a streaming replica, HAProxy in front of the web nodes, and Celery beat.

Each is made in the rehearsal's own temporary folder, on free loopback ports, and stopped by it alone.
"""

import os
import shutil
import subprocess
from pathlib import Path

import psycopg

from tests.trust import stack

PG_BINARIES = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda path: int(path.parent.name))
HAPROXY = shutil.which("haproxy") or "/usr/sbin/haproxy"
DEBIAN_PACKAGES = "haproxy postgresql redis-server"


def pg_bin() -> Path | None:
    return PG_BINARIES[-1] if PG_BINARIES and (PG_BINARIES[-1] / "pg_basebackup").exists() else None


def missing() -> list[str]:
    """The programs the rehearsal needs that this machine lacks."""
    lacking = []
    if not Path(HAPROXY).exists():
        lacking.append("haproxy")
    if pg_bin() is None:
        lacking.append("PostgreSQL server binaries (initdb, pg_ctl, pg_basebackup)")
    if not shutil.which("redis-server"):
        lacking.append("redis-server")
    return lacking


def install_missing() -> None:
    """As root, install what is missing from Debian; otherwise say the one command that would."""
    if not missing():
        return
    if os.geteuid() != 0:
        raise SystemExit(
            f"Missing: {', '.join(missing())}. Install them with:\n"
            f"  sudo apt-get install -y {DEBIAN_PACKAGES}"
        )
    subprocess.run(["apt-get", "update", "-qq"], check=True)
    subprocess.run(["apt-get", "install", "-y", "-qq", *DEBIAN_PACKAGES.split()], check=True)
    global PG_BINARIES, HAPROXY
    PG_BINARIES = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda path: int(path.parent.name))
    HAPROXY = shutil.which("haproxy") or "/usr/sbin/haproxy"
    if missing():
        raise SystemExit(f"Still missing after apt-get: {', '.join(missing())}")


def as_postgres(args: list[str], **kwargs) -> subprocess.CompletedProcess:
    """PostgreSQL's programs refuse to run as root: as root, run them as the postgres user."""
    prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    return subprocess.run(prefix + args, check=True, capture_output=True, text=True, **kwargs)


class PostgresPair:
    """A primary (``wal_level=replica``) and a hot standby made from it with ``pg_basebackup -R``."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.primary_port = stack.free_port()
        self.replica_port = stack.free_port()
        self.started: list[Path] = []

    def _folder(self, name: str) -> Path:
        return self.folder / name

    def url(self, database: str, *, replica: bool = False) -> str:
        port = self.replica_port if replica else self.primary_port
        return f"postgres://postgres@127.0.0.1:{port}/{database}"

    def start(self) -> "PostgresPair":
        binaries = pg_bin()
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres", "postgres")
        primary = self._folder("primary")
        as_postgres(
            [str(binaries / "initdb"), "-D", str(primary), "-U", "postgres", "--auth=trust", "-E", "UTF8",
             "--locale=C.UTF-8", "--no-sync"]
        )  # fmt: skip
        with (primary / "postgresql.conf").open("a") as conf:
            conf.write(
                f"listen_addresses = '127.0.0.1'\nport = {self.primary_port}\n"
                f"unix_socket_directories = '{self.folder}'\nwal_level = replica\nmax_wal_senders = 4\n"
                # A rehearsal, not a keeper of data: nothing waits on the disk.
                "fsync = off\nmax_connections = 100\nshared_buffers = 64MB\n"
            )
        # initdb's pg_hba.conf already lets 127.0.0.1 connect for replication (with --auth=trust).
        self._pg_ctl(primary, "start")
        as_postgres(
            [str(binaries / "pg_basebackup"), "-h", "127.0.0.1", "-p", str(self.primary_port), "-U", "postgres",
             "-D", str(self._folder("replica")), "-R", "-X", "stream", "--no-sync"]
        )  # fmt: skip
        with (self._folder("replica") / "postgresql.auto.conf").open("a") as conf:
            conf.write(f"port = {self.replica_port}\nhot_standby = on\n")
        self._pg_ctl(self._folder("replica"), "start")
        return self

    def _pg_ctl(self, data: Path, action: str) -> None:
        args = [str(pg_bin() / "pg_ctl"), "-D", str(data), "-l", str(data.with_suffix(".log")), "-w"]
        if action == "stop":
            args += ["-m", "fast"]
        as_postgres([*args, action], timeout=120)
        if action == "start":
            self.started.append(data)

    def stop(self) -> None:
        for data in reversed(self.started):
            try:
                self._pg_ctl(data, "stop")
            except subprocess.SubprocessError as error:
                print(f"Could not stop PostgreSQL in {data}: {error}")
        self.started.clear()

    def create_database(self, name: str) -> None:
        with psycopg.connect(self.url("postgres"), autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')

    def copy_in(self, source_url: str, database: str) -> None:
        """Copy a database from another server into ``database`` on the primary (pg_dump piped to psql)."""
        dump = subprocess.Popen(
            [str(pg_bin() / "pg_dump"), "--no-owner", "--no-privileges", source_url], stdout=subprocess.PIPE
        )
        subprocess.run(
            [str(pg_bin() / "psql"), "-q", "-v", "ON_ERROR_STOP=1", "-o", "/dev/null", self.url(database)],
            stdin=dump.stdout, check=True, timeout=300,
        )  # fmt: skip
        dump.stdout.close()
        if dump.wait(timeout=60):
            raise RuntimeError(f"pg_dump of {source_url} failed")

    def query(self, database: str, sql: str, params=(), *, replica: bool = False):
        with psycopg.connect(self.url(database, replica=replica), autocommit=True, connect_timeout=5) as conn:
            cursor = conn.execute(sql, params)
            return cursor.fetchall() if cursor.description else []

    def lag_bytes(self, database: str) -> int:
        """How far the replica's replay is behind the primary's WAL, in bytes."""
        [(primary,)] = self.query(database, "SELECT pg_current_wal_lsn()::text")
        [(behind,)] = self.query(
            database, "SELECT pg_wal_lsn_diff(%s::pg_lsn, pg_last_wal_replay_lsn())", [primary], replica=True
        )
        return max(int(behind), 0)


HAPROXY_CONFIG = """\
global
    maxconn 512
defaults
    mode http
    timeout connect 2s
    timeout client 60s
    timeout server 60s
    # Without it a check must be answered within "inter"; a node busy with a load run can take longer.
    timeout check 5s
    retries 3
    option redispatch
    option forwardfor
    option httpchk
    http-check send meth GET uri /enquire/ hdr Host 127.0.0.1 hdr X-Forwarded-Proto https
frontend site
    bind 127.0.0.1:{port}
    http-request set-header X-Forwarded-Proto https
    default_backend web
backend web
    balance roundrobin
{servers}
"""


class HAProxy(stack.Process):
    """HAProxy on a free loopback port, round robin over the web nodes, each checked every second; a node
    that fails two checks running is left out, and a request it refuses is tried on the other."""

    def __init__(self, *, folder: Path, nodes: dict[str, int]):
        self.port = stack.free_port()
        servers = "\n".join(
            f"    server {name} 127.0.0.1:{port} check inter 1s fall 2 rise 2" for name, port in nodes.items()
        )
        self.config = folder / "haproxy.cfg"
        self.config.write_text(HAPROXY_CONFIG.format(port=self.port, servers=servers))
        super().__init__([HAPROXY, "-db", "-f", str(self.config)], env=dict(os.environ), name="haproxy")

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> "HAProxy":
        super().start()
        stack.wait_until(lambda: self._answers(), timeout=30, what="HAProxy to pass requests on")
        return self

    def _answers(self) -> bool:
        if not self.running():
            raise RuntimeError(f"HAProxy stopped at start:\n{self.log()[-2000:]}")
        try:
            return stack.requests.get(f"{self.url}/enquire/", timeout=10).status_code == 200
        except stack.requests.RequestException:
            return False


class Beat(stack.Process):
    """``celery -A website beat``, with a pidfile and schedule file in the rehearsal's folder."""

    def __init__(self, *, env: dict[str, str], folder: Path):
        self.pidfile = folder / "beat.pid"
        super().__init__(
            [str(stack.BIN / "celery"), "-A", "website", "beat", "--loglevel", "INFO", "--pidfile",
             str(self.pidfile), "--schedule", str(folder / "beat-schedule"), "--max-interval", "2"],
            env={**env, "DJANGO_SETTINGS_MODULE": "bench.cluster.beat_settings"},
            name="beat",
        )  # fmt: skip

    def start(self) -> "Beat":
        super().start()
        stack.wait_until(lambda: self.pidfile.exists(), timeout=60, what="beat to write its pidfile")
        return self

    def second_refused(self) -> str:
        """Start another beat with the same pidfile: it must refuse. Returns what it said."""
        second = subprocess.run(
            [*self.args], cwd=stack.ROOT, env=self.env, capture_output=True, text=True, timeout=60
        )
        if second.returncode == 0:
            raise RuntimeError("A second beat started beside the first.")
        lines = [line for line in (second.stdout + second.stderr).splitlines() if "pid" in line.lower()]
        return (lines or ["(refused)"])[-1].strip()
