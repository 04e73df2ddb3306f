"""Visitors sending the enquiry form, at rising rates (``stages``), for ``bench/load/run.py``.

Each visitor opens the form (as a browser would, keeping whatever hidden fields and cookies it
carries), then sends it with an address of its own, through a pretend load balancer: the request
says ``X-Forwarded-Proto: https`` and names the visitor's own address in ``X-Forwarded-For``, and
carries the same-origin ``Origin`` and ``Referer`` a browser sends. Every send is written to the
file named by ``LOAD_LOG`` (one JSON object a line): when it started, how long it took, what came
back and the address used, so the run can be reconciled with the database afterwards.

Settings, from the environment: ``LOAD_STAGES`` (visitors a second, comma-separated, e.g. "5,10,20"),
``LOAD_STAGE_SECONDS`` (how long each stage lasts), ``LOAD_RUN_ID`` (marks this run's addresses).
"""

import json
import os
import re
import threading
import time
import uuid
from urllib.parse import urlsplit

from locust import HttpUser, LoadTestShape, constant_throughput, task

STAGES = [int(rate) for rate in os.environ.get("LOAD_STAGES", "5,10,20").split(",")]
STAGE_SECONDS = float(os.environ.get("LOAD_STAGE_SECONDS", "15"))
RUN_ID = os.environ.get("LOAD_RUN_ID", uuid.uuid4().hex[:8])
LOG_PATH = os.environ.get("LOAD_LOG", "load.jsonl")
HIDDEN_INPUT = re.compile(r'<input type="hidden" name="(?P<name>[\w-]+)" value="(?P<value>[^"]*)"')
ANSWERS = {
    "first_name": "Alex",
    "last_name": "Morgan",
    "household_type": "single",
    "phone": "",
    "best_time_to_call": "any",
    "postcode": "ME14 1XX",
    "council": "",
    "message": "We would like to know more about adopting.",
    "contact_consent": "on",
}
_log_lock = threading.Lock()
_log = open(LOG_PATH, "a", encoding="utf-8")  # noqa: SIM115 - open for the whole run
_visitors = iter(range(1, 10**9))


def stage_at(seconds: float) -> int:
    return min(int(seconds // STAGE_SECONDS), len(STAGES) - 1)


class EnquiryVisitor(HttpUser):
    # Each visitor sends one enquiry a second; the shape below sets how many there are.
    wait_time = constant_throughput(1)

    def on_start(self):
        number = next(_visitors)
        self.address = f"10.{number // 65536 % 256}.{number // 256 % 256}.{number % 256}"
        self.origin = "https://" + urlsplit(self.host).netloc

    def _headers(self, cookies: dict[str, str]) -> dict[str, str]:
        headers = {
            "X-Forwarded-Proto": "https",
            "X-Forwarded-For": self.address,
            "Origin": self.origin,
            "Referer": f"{self.origin}/enquire/",
        }
        if cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in cookies.items())
        return headers

    @task
    def send_an_enquiry(self):
        # Cookies are kept by hand: the site marks them Secure, and plain HTTP on loopback would drop them.
        page = self.client.get("/enquire/", headers=self._headers({}), name="open the form")
        if not page.ok:
            return
        form = {match["name"]: match["value"] for match in HIDDEN_INPUT.finditer(page.text)}
        email = f"load-{RUN_ID}-{uuid.uuid4().hex[:12]}@example.com"
        started = time.time()
        outcome, status = "error", 0
        with self.client.post(
            "/enquire/",
            data={**form, **ANSWERS, "email": email},
            headers=self._headers(page.cookies.get_dict()),
            allow_redirects=False,
            name="send the form",
            catch_response=True,
        ) as response:
            status = response.status_code
            location = response.headers.get("Location", "")
            if status in (302, 303) and "/thank-you/" in location:
                outcome = "thanked"
                response.success()
            else:
                response.failure(f"no thank-you: HTTP {status}")
        seconds = time.time() - started
        line = json.dumps(
            {
                "at": started,
                "seconds": round(seconds, 4),
                "status": status,
                "outcome": outcome,
                "email": email,
                "stage": stage_at(self.environment.shape_class.get_run_time() - seconds),
            }
        )
        with _log_lock:
            _log.write(line + "\n")
            _log.flush()


class RisingRates(LoadTestShape):
    """``STAGES[i]`` visitors (so about as many enquiries a second) for ``STAGE_SECONDS`` each, then stop."""

    def tick(self):
        seconds = self.get_run_time()
        if seconds >= STAGE_SECONDS * len(STAGES):
            return None
        rate = STAGES[stage_at(seconds)]
        return rate, max(rate, 1)
