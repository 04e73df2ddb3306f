"""The rehearsal's checks: each returns a ``Check`` with its figures and verdict (see ``__main__``).

Staff are managers signed in by ``bench.cluster.site`` (a session row on the primary); visitors are
``tests.trust.stack.Visitor``, each from an address of its own in 127.0.0.0/8, through HAProxy or
straight to one node.
"""

import csv
import io
import re
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field

from tests.trust import stack
from tests.trust.load_balancer import FromAddress

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
WORKLOAD_CSV = "/admin/insight/workload/?download=csv&table=workers"
MIN_FILL_SECONDS = 3.3


@dataclass
class Check:
    name: str
    passed: bool = False
    figures: list[str] = field(default_factory=list)

    def say(self, line: str) -> None:
        self.figures.append(line)
        print(f"    {line}", flush=True)


@dataclass
class Cluster:
    balancer: str
    nodes: dict  # name -> stack.Gunicorn
    postgres: object  # pieces.PostgresPair
    database: str
    site: dict
    redis_url: str = ""
    workers: list = field(default_factory=list)
    beat: object = None
    mail: object = None

    def staff(self, node: str, who: str = "manager", cookies: dict | None = None) -> stack.Visitor:
        """A manager's browser talking to one node (or "balancer"); ``cookies`` shares a browser's jar."""
        visitor = stack.Visitor(self.balancer if node == "balancer" else self.nodes[node].url)
        if cookies is not None:
            visitor.cookies = cookies
        else:
            visitor.cookies[self.site["session_cookie"]] = self.site[who]
        return visitor

    def primary(self, sql: str, params=()):
        return self.postgres.query(self.database, sql, params)

    def replica(self, sql: str, params=()):
        return self.postgres.query(self.database, sql, params, replica=True)


def csrf_token(visitor: stack.Visitor, path: str) -> str:
    page = visitor.request("GET", path)
    page.raise_for_status()
    return CSRF_INPUT.search(page.text).group(1)


def publish_seen_on_the_other_node(cluster: Cluster) -> Check:
    check = Check("A publish through node A is seen at once through node B")
    story, path = cluster.site["story"], cluster.site["story_url"]
    visitor_b = stack.Visitor(cluster.nodes["b"].url)
    # Until node B answers from the cache (work still finishing from the start may move its version once).
    kept = stack.wait_until(
        lambda: (answer := visitor_b.request("GET", path)).headers.get("X-Page-Cache") == "hit" and answer,
        timeout=30,
        what="node B to serve the page from the cache",
    )
    check.say(
        f"node B serves {path} from the shared page cache: X-Page-Cache {kept.headers.get('X-Page-Cache')}, "
        f"title {cluster.site['story_title']!r} {'shown' if cluster.site['story_title'] in kept.text else 'MISSING'}"
    )
    manager_a = cluster.staff("a")
    action = f"/admin/bulk/wagtailcore/page/publish/?id={story}&next=/admin/"
    token = csrf_token(manager_a, action)
    published = manager_a.request("POST", action, data={"csrfmiddlewaretoken": token})
    asked = time.monotonic()
    seen = visitor_b.request("GET", path)
    answered_in = time.monotonic() - asked
    new_title = cluster.site["draft_title"]
    check.say(f"a manager publishes the draft through node A: HTTP {published.status_code}")
    check.say(
        f"node B's very next answer (in {answered_in * 1000:.0f} ms): X-Page-Cache {seen.headers.get('X-Page-Cache')}, "
        f"new title {new_title!r} {'shown' if new_title in seen.text else 'NOT shown'}"
    )
    check.passed = (
        kept.headers.get("X-Page-Cache") == "hit" and published.status_code == 302 and new_title in seen.text
    )
    return check


def household_scans(cluster: Cluster, *, replica: bool) -> int:
    read = cluster.replica if replica else cluster.primary
    [(scans,)] = read(
        "SELECT coalesce(seq_scan, 0) + coalesce(idx_scan, 0) FROM pg_stat_user_tables WHERE relname = 'crm_household'"
    )
    return int(scans)


def open_cases(visitor: stack.Visitor, worker_name: str) -> int:
    """The worker's open cases on the Workload screen (its CSV download), as this person is shown them."""
    answer = visitor.request("GET", WORKLOAD_CSV)
    answer.raise_for_status()
    rows = list(csv.reader(io.StringIO(answer.content.decode("utf-8-sig"))))
    header = next(row for row in rows if "Open cases" in row)
    row = next(row for row in rows if row and row[0] == worker_name)
    return int(row[header.index("Open cases")])


def reports_from_the_replica(cluster: Cluster, *, screens: int = 6) -> Check:
    check = Check("Insight reads go to the replica, writes to the primary")
    before = {side: household_scans(cluster, replica=side == "replica") for side in ("replica", "primary")}
    manager = cluster.staff("balancer")
    for _ in range(screens):
        manager.request("GET", "/admin/insight/workload/").raise_for_status()
    # Each server's backends report their counts within a few seconds of going idle.
    stack.wait_until(
        lambda: household_scans(cluster, replica=True) - before["replica"] >= screens,
        timeout=20,
        what="the replica's statistics to count the reads",
    )
    time.sleep(1)
    after = {side: household_scans(cluster, replica=side == "replica") for side in ("replica", "primary")}
    replica_scans = after["replica"] - before["replica"]
    primary_scans = after["primary"] - before["primary"]
    check.say(
        f"{screens} Workload screens through the balancer: crm_household scanned {replica_scans} times on the "
        f"replica, {primary_scans} on the primary (pg_stat_user_tables)"
    )
    check.passed = replica_scans >= screens and primary_scans == 0
    return check


def read_your_own_writes(cluster: Cluster) -> Check:
    check = Check("A worker who has just changed a household sees it at once, whatever the replica's lag")
    name, household = cluster.site["worker_name"], cluster.site["household"]
    colleague = cluster.staff("b", who="colleague")
    before = open_cases(colleague, name)
    cluster.replica("SELECT pg_wal_replay_pause()")
    stack.wait_until(
        lambda: cluster.replica("SELECT pg_get_wal_replay_pause_state()")[0][0] == "paused",
        timeout=10,
        what="the replica's replay to pause",
    )
    try:
        manager_a = cluster.staff("a")
        token = csrf_token(manager_a, f"/admin/crm/households/{household}/")
        assigned = manager_a.request(
            "POST",
            f"/admin/crm/households/{household}/assign/",
            data={"csrfmiddlewaretoken": token, "assign-assign_to": str(cluster.site["worker"])},
        )
        lag = cluster.postgres.lag_bytes(cluster.database)
        manager_b = cluster.staff("b", cookies=manager_a.cookies)
        own = open_cases(manager_b, name)
        theirs = open_cases(colleague, name)
    finally:
        cluster.replica("SELECT pg_wal_replay_resume()")
    stack.wait_until(
        lambda: cluster.postgres.lag_bytes(cluster.database) == 0, timeout=30, what="the replica to catch up"
    )
    caught_up = open_cases(colleague, name)
    check.say(f"replay paused on the replica; {name} has {before} open cases on the Workload screen")
    check.say(
        f"a manager assigns household {household} to {name} through node A (HTTP {assigned.status_code}); "
        f"the replica is {lag:,} bytes of WAL behind"
    )
    check.say(f"the manager, through node B, sees {own} open cases at once (read from the primary)")
    check.say(f"a colleague, through node B, sees {theirs} (the replica, still paused)")
    check.say(f"replay resumed: the colleague sees {caught_up}")
    check.passed = (
        assigned.status_code == 302 and lag > 0 and own == before + 1 == caught_up and theirs == before
    )
    return check


class EnquiryLoad:
    """Visitors sending the enquiry form through the balancer, each from an address of its own, until stopped."""

    def __init__(self, base_url: str, *, visitors: int, label: str):
        self.base_url = base_url
        self.run = f"{label}-{uuid.uuid4().hex[:6]}"
        self.visitors = visitors
        self.stopping = threading.Event()
        self.lock = threading.Lock()
        self.thanked: list[tuple[float, str]] = []
        self.failed: list[tuple[float, str, str]] = []
        self.sent: list[tuple[float, str]] = []
        self.in_flight = 0  # forms sent and not yet answered
        self.threads = [
            threading.Thread(target=self._visitor, args=(n,), daemon=True) for n in range(visitors)
        ]

    def pattern(self) -> str:
        return f"cluster-{self.run}-%"

    def start(self) -> "EnquiryLoad":
        for thread in self.threads:
            thread.start()
        return self

    def stop(self) -> None:
        self.stopping.set()
        for thread in self.threads:
            thread.join(timeout=90)

    def _visitor(self, number: int) -> None:
        sent = 0
        address = f"127.0.{1 + number // 250}.{1 + number % 250}"
        while not self.stopping.is_set():
            visitor = stack.Visitor(self.base_url)
            visitor.session.mount("http://", FromAddress(address))
            email = f"cluster-{self.run}-{number}-{sent}@example.com"
            sent += 1
            phase = "opening the form"
            try:
                form = visitor.open_form()
                time.sleep(MIN_FILL_SECONDS)
                with self.lock:
                    self.sent.append((time.monotonic(), email))
                    self.in_flight += 1
                phase = "sending it"
                try:
                    answer = visitor.send(form, email=email)
                finally:
                    with self.lock:
                        self.in_flight -= 1
            except Exception as error:  # noqa: BLE001 (every failure is a figure)
                status = getattr(getattr(error, "response", None), "status_code", None)
                with self.lock:
                    self.failed.append(
                        (time.monotonic(), email, f"{phase}: {status or type(error).__name__}")
                    )
                time.sleep(0.5)  # as a person would, before trying again
                continue
            with self.lock:
                if stack.thanks_path(answer):
                    self.thanked.append((time.monotonic(), email))
                else:
                    self.failed.append((time.monotonic(), email, f"sending it: HTTP {answer.status_code}"))


def stored_counts(cluster: Cluster, pattern: str) -> dict[str, int]:
    return dict(
        cluster.primary(
            "SELECT data->>'email', count(*) FROM crm_enquiry WHERE data->>'email' LIKE %s GROUP BY 1",
            [pattern],
        )
    )


def web_node_killed(cluster: Cluster, *, visitors: int = 10, before: float = 10, after: float = 14) -> Check:
    check = Check("A web node killed during a load run: every thanked enquiry stored once, none twice")
    load = EnquiryLoad(cluster.balancer, visitors=visitors, label="kill").start()
    time.sleep(before)
    # Killed while forms are on their way, so some are in the middle of being answered.
    stack.wait_until(lambda: load.in_flight >= 2, timeout=10, interval=0.002, what="forms in flight")
    in_flight = load.in_flight
    killed_at = time.monotonic()
    cluster.nodes["a"].kill()
    time.sleep(after)
    load.stop()
    stored = stored_counts(cluster, load.pattern())
    thanked = [email for _, email in load.thanked]
    lost = [email for email in thanked if stored.get(email, 0) == 0]
    twice = [email for email, number in stored.items() if number > 1]
    unthanked = [email for email in stored if email not in set(thanked)]
    after_kill = [email for at, email in load.thanked if at > killed_at + 2]
    check.say(
        f"{visitors} visitors through HAProxy; node A SIGKILLed (its whole process group) after {before:.0f} s "
        f"with {in_flight} forms in flight through the balancer; load ran {after:.0f} s more"
    )
    reasons = Counter(
        f"{reason}, {'before' if at < killed_at else f'{at - killed_at:.0f} s after'} the kill"
        for at, _, reason in load.failed
    )
    check.say(
        f"{len(load.sent)} enquiries sent, {len(thanked)} thanked; requests answered with an error: "
        f"{', '.join(f'{number} {reason}' for reason, number in sorted(reasons.items())) or 'none'}"
    )
    check.say(
        f"stored: {sum(stored.values())} rows for {len(stored)} addresses; thanked but not stored {len(lost)}; "
        f"stored twice {len(twice)}; stored without a thank-you (answer lost with the node) {len(unthanked)}"
    )
    check.say(f"thanked after the kill (all by node B): {len(after_kill)}")
    check.passed = bool(thanked) and not lost and not twice and bool(after_kill)
    return check


def send_enquiries(base_url: str, count: int, label: str) -> tuple[str, list[str]]:
    """``count`` visitors open the form together and send it; returns the run's address pattern and who was thanked."""
    load = EnquiryLoad(base_url, visitors=count, label=label)
    visitors = []
    for number in range(count):
        visitor = stack.Visitor(base_url)
        visitor.session.mount("http://", FromAddress(f"127.0.9.{1 + number}"))
        visitors.append((visitor, visitor.open_form()))
    time.sleep(MIN_FILL_SECONDS)
    thanked = []
    for number, (visitor, form) in enumerate(visitors):
        email = f"cluster-{load.run}-{number}-0@example.com"
        if stack.thanks_path(visitor.send(form, email=email)):
            thanked.append(email)
    return load.pattern(), thanked


def side_effects(cluster: Cluster, pattern: str) -> dict[str, int]:
    return dict(
        cluster.primary(
            """
            SELECT s.status, count(*) FROM crm_sideeffect s
            JOIN crm_enquiry e ON e.household_id = s.household_id
            WHERE e.data->>'email' LIKE %s GROUP BY s.status
            """,
            [pattern],
        )
    )


def nothing_pending(cluster: Cluster) -> bool:
    return not cluster.primary("SELECT count(*) FROM crm_sideeffect WHERE status = 'pending'")[0][0]


TASK_LINE = r"Task crm\.tasks\.side_effects_sweep\[(?P<id>[\w-]+)\] received"


def sweep_runs(cluster: Cluster) -> tuple[int, list[str]]:
    """Sweeps beat sent, and the task ids the workers were handed (from their logs)."""
    sent = cluster.beat.log().count("Sending due task side-effects-sweep")
    received = []
    for worker in cluster.workers:
        received += re.findall(TASK_LINE, worker.log())
    return sent, received


def celery_worker_killed(cluster: Cluster, *, enquiries: int = 8) -> Check:
    check = Check("A Celery worker killed mid-task: every email still goes exactly once; beat runs once")
    stack.wait_until(lambda: nothing_pending(cluster), timeout=120, what="earlier emails to be sent")
    mail, second = cluster.mail, cluster.workers[1]
    mail.to_hold = 2  # both workers' next emails wait on a slow mail service
    sent_before = len(mail.messages)
    pattern, thanked = send_enquiries(cluster.balancer, enquiries, "celery")
    stack.wait_until(lambda: mail.to_hold == 0, timeout=60, what="both workers to be sending an email")
    second.kill()
    mail.release()
    # The killed worker's message waits in Redis for its visibility timeout (an hour); its row waits
    # for the sweep, which leaves rows alone for two minutes: move them back rather than wait.
    cluster.primary(
        "UPDATE crm_sideeffect SET created_at = created_at - interval '3 minutes' WHERE status = 'pending'"
    )
    stack.wait_until(lambda: nothing_pending(cluster), timeout=90, what="every email after the kill")
    effects = side_effects(cluster, pattern)
    new = mail.messages[sent_before:]
    per_address = {email: sum(email in message.to for message in new) for email in thanked}
    check.say(
        f"{enquiries} enquiries through the balancer ({len(thanked)} thanked); both workers' first emails held by a "
        f"slow mail service; worker 2 SIGKILLed (whole process group) while its send was held"
    )
    check.say(
        f"emails for them: {effects}; the mail service accepted {len(new)} messages, abandoned {mail.abandoned} "
        f"(the killed worker's); each enquirer's confirmation received "
        f"{sorted(set(per_address.values()))} time(s)"
    )
    time.sleep(12)  # at least one more sweep from beat, worked by the surviving worker
    beat_sent, received = sweep_runs(cluster)
    refused = cluster.beat.second_refused()
    check.say(
        f"beat (one, pid {cluster.beat.pidfile.read_text().strip()}) sent the sweep {beat_sent} times; the workers "
        f"were handed {len(received)} sweeps, {len(set(received))} distinct: each run worked by one worker"
    )
    check.say(f"a second beat with the same pidfile refused to start: {refused[:120]}")
    check.passed = (
        len(thanked) == enquiries
        and effects.get("done", 0) == sum(effects.values()) == len(new)
        and set(per_address.values()) == {1}
        and beat_sent >= 1
        and len(received) == len(set(received))
    )
    return check
