"""Faults on the real stack: Redis stopped, PostgreSQL gone, a Celery worker killed in the middle of a task,
Mailchimp refusing calls.

The site is gunicorn serving ``website.wsgi`` with the production settings, against a PostgreSQL
database and a redis-server of the test's own (see ``stack``); email goes through anymail's real
Mailgun backend to a stand-in on 127.0.0.1, and Mailchimp is the stand-in in ``tests/stand_ins``.
These take a while, so they run from ``make trust``.
"""

import re
import time

import pytest
import redis

from tests.stand_ins.mailchimp import MailchimpStandIn
from tests.trust import stack
from tests.trust.figures import record
from tests.trust.held_mailgun import HeldMailgun

pytestmark = [pytest.mark.trust, pytest.mark.postgres, pytest.mark.redis]

SORRY = "Sorry, there is a problem with the service"
MIN_FILL_SECONDS = 3.2


def open_forms(base_url: str, count: int) -> list[tuple[stack.Visitor, dict]]:
    """``count`` visitors with the form open, long enough ago to be taken for people, not bots."""
    visitors = [stack.Visitor(base_url) for _ in range(count)]
    forms = [(visitor, visitor.open_form()) for visitor in visitors]
    time.sleep(MIN_FILL_SECONDS)
    return forms


def side_effects(database: stack.Database, pattern: str) -> dict[str, int]:
    """Status counts of the emails for enquiries whose address matches ``pattern``."""
    rows = database.rows(
        """
        SELECT s.status, count(*) FROM crm_sideeffect s
        JOIN crm_enquiry e ON e.household_id = s.household_id
        WHERE e.data->>'email' LIKE %s GROUP BY s.status
        """,
        [pattern],
    )
    return dict(rows)


def stored(database: stack.Database, pattern: str) -> int:
    return database.value("SELECT count(*) FROM crm_enquiry WHERE data->>'email' LIKE %s", [pattern])


def all_done(database: stack.Database) -> bool:
    return not database.value("SELECT count(*) FROM crm_sideeffect WHERE status = 'pending'")


def as_if_minutes_passed(database: stack.Database, minutes: int = 3) -> None:
    """The sweep leaves rows alone for their first two minutes; move them back rather than wait."""
    database.execute(
        "UPDATE crm_sideeffect SET created_at = created_at - make_interval(mins => %s)", [int(minutes)]
    )


def test_with_redis_stopped_every_enquiry_is_stored_and_emailed_once_it_is_back(
    trust_database, trust_static, own_redis, mailgun_stand_in, processes
):
    # Given the site on gunicorn, and five visitors with the form open when Redis stops
    env = stack.app_environment(
        database_url=trust_database.url,
        static_root=trust_static,
        redis_url=own_redis.url,
        mailgun_api_url=mailgun_stand_in.api_url,
    )
    web = stack.Gunicorn(env=env, workers=2)
    processes.append(web)
    web.start()
    forms = open_forms(web.url, 5)
    own_redis.stop()

    # When each sends their enquiry
    slowest = 0.0
    for n, (visitor, form) in enumerate(forms):
        started = time.monotonic()
        response = visitor.send(form, email=f"redis-down-{n}@example.com")
        slowest = max(slowest, time.monotonic() - started)

        # Then each is thanked, honestly: the enquiry is in the database
        assert stack.thanks_path(response), (response.status_code, response.text[:500])
        thanks = visitor.request("GET", stack.thanks_path(response))
        assert thanks.status_code == 200
        assert "Thank you, Alex." in thanks.text
    assert slowest < 5
    assert stored(trust_database, "redis-down-%") == 5
    assert side_effects(trust_database, "redis-down-%") == {"pending": 10}
    assert mailgun_stand_in.requests == 0

    # When Redis is back, a worker runs, and the sweep comes round
    own_redis.start()
    worker = stack.CeleryWorker(env=env)
    processes.append(worker)
    worker.start()
    as_if_minutes_passed(trust_database)
    stack.celery_send(own_redis.url, "crm.tasks.side_effects_sweep")
    stack.wait_until(lambda: all_done(trust_database), timeout=60, what="every email to be sent")

    # Then every email went, once: a confirmation to each enquirer and a notice to the Kent worker
    assert side_effects(trust_database, "redis-down-%") == {"done": 10}
    recipients = sorted(address for message in mailgun_stand_in.messages for address in message.to)
    assert recipients == sorted(
        [f"redis-down-{n}@example.com" for n in range(5)] + ["kent.worker@adoptionpartnership.example"] * 5
    )

    # And the next enquiry is emailed at once, without waiting for the sweep
    [(visitor, form)] = open_forms(web.url, 1)
    assert stack.thanks_path(visitor.send(form, email="redis-back@example.com"))
    assert stack.wait_until(
        lambda: mailgun_stand_in.sent_to("redis-back@example.com"), timeout=30, what="the next confirmation"
    )
    record(
        "faults",
        fault="Redis stopped while enquiries were sent",
        enquiries_sent=5,
        stored=5,
        emails_sent_after=10,
        slowest_request_seconds=round(slowest, 2),
    )


def test_with_postgresql_gone_the_visitor_is_told_honestly_and_can_send_again(
    trust_database, trust_static, own_redis, mailgun_stand_in, processes
):
    # Given the site and a worker, and a visitor with the form open when PostgreSQL goes away
    env = stack.app_environment(
        database_url=trust_database.url,
        static_root=trust_static,
        redis_url=own_redis.url,
        mailgun_api_url=mailgun_stand_in.api_url,
    )
    web = stack.Gunicorn(env=env, workers=2)
    worker = stack.CeleryWorker(env=env)
    processes.extend([web, worker])
    web.start()
    worker.start()
    [(visitor, form)] = open_forms(web.url, 1)
    trust_database.stop()

    # When they send it
    started = time.monotonic()
    response = visitor.send(form, email="pg-down@example.com")
    seconds = time.monotonic() - started

    # Then they see the site's error page, which says it may not have reached us: never a thank-you
    assert response.status_code in (500, 503)
    assert SORRY in response.text
    assert "may not have reached us" in response.text
    assert not stack.thanks_path(response)
    assert "thank" not in response.text.lower()
    assert seconds < 5
    # And a page that needs the database says the same, rather than something half-drawn, while the
    # form's own page, kept whole in the page cache, can still be read
    home = visitor.request("GET", "/")
    assert (home.status_code, SORRY in home.text) == (500, True)
    kept = visitor.request("GET", "/enquire/")
    assert (kept.status_code, kept.headers.get("X-Page-Cache")) == (200, "hit")
    assert 'name="first_name"' in kept.text

    # When PostgreSQL is back and they send the same form again (back, then send)
    trust_database.start()
    time.sleep(1)
    assert mailgun_stand_in.requests == 0
    again = visitor.send(form, email="pg-down@example.com")
    assert stack.thanks_path(again)
    resent = visitor.send(form, email="pg-down@example.com")

    # Then it is stored once, however often it was sent, and the confirmation goes once
    assert stack.thanks_path(resent)
    assert stored(trust_database, "pg-down@%") == 1
    stack.wait_until(lambda: all_done(trust_database), timeout=30, what="the confirmation")
    assert len(mailgun_stand_in.sent_to("pg-down@example.com")) == 1
    record(
        "faults",
        fault="PostgreSQL unavailable while an enquiry was sent",
        status=response.status_code,
        honest_error_page=True,
        false_thank_yous=0,
        stored_after_resend=1,
    )


@pytest.fixture
def held_mailgun():
    with HeldMailgun(api_key=stack.MAILGUN_API_KEY, hold=1) as server:
        yield server
        server.release()


def worker_stack(database, static_root, redis_server, mailgun):
    env = stack.app_environment(
        database_url=database.url,
        static_root=static_root,
        redis_url=redis_server.url,
        mailgun_api_url=mailgun.api_url,
        LOG_LEVEL="INFO",
    )
    return env, stack.Gunicorn(env=env, workers=1), stack.CeleryWorker(env=env)


def send_one_enquiry(web: stack.Gunicorn, email: str) -> None:
    [(visitor, form)] = open_forms(web.url, 1)
    assert stack.thanks_path(visitor.send(form, email=email))


RECEIVED = re.compile(
    r"Task (?:crm\.tasks\.side_effect_run|core\.tasks\.outbox_batch_run)\[[\w-]+\] received"
    r"|Received task: (?:crm\.tasks\.side_effect_run|core\.tasks\.outbox_batch_run)"
)


def received(worker: stack.CeleryWorker) -> int:
    """How many side-effect messages the worker was handed: a row's task, or an enquiry's tasks sent together
    (Celery 5.5 and later log "Task name[id] received")."""
    return len(RECEIVED.findall(worker.log()))


def test_a_worker_process_killed_mid_email_runs_the_task_again_and_sends_it_once(
    trust_database, trust_static, own_redis, held_mailgun, processes
):
    # Given a worker whose first email is stuck in a slow mail service
    env, web, worker = worker_stack(trust_database, trust_static, own_redis, held_mailgun)
    processes.extend([web, worker])
    web.start()
    worker.start()
    send_one_enquiry(web, "killed@example.com")
    assert held_mailgun.held.wait(timeout=30)

    # When the process running that task is killed outright
    [child] = worker.children()
    stack.os.kill(child, stack.signal.SIGKILL)
    stack.wait_until(
        lambda: "signal 9" in worker.log(), timeout=30, what="the worker to notice its child was killed"
    )
    held_mailgun.release()

    # Then the task is delivered again (late acknowledgement, rejected on worker loss) and both emails
    # go once each; the killed attempt left nothing behind
    stack.wait_until(lambda: all_done(trust_database), timeout=60, what="both emails")
    assert held_mailgun.abandoned == 1
    assert sorted(address for message in held_mailgun.messages for address in message.to) == [
        "kent.worker@adoptionpartnership.example",
        "killed@example.com",
    ]
    assert trust_database.rows("SELECT status, attempts FROM crm_sideeffect") == [("done", 1), ("done", 1)]
    # The enquiry's one message (both emails and its touches), handed out a second time
    assert received(worker) == 2
    record(
        "faults",
        fault="Celery pool process SIGKILLed in the middle of sending an email",
        task_runs=2,
        emails_sent=1,
        redelivered_by="acks_late + reject_on_worker_lost",
    )


def test_a_whole_worker_killed_mid_email_is_put_right_by_the_sweep_and_the_late_redelivery_sends_nothing(
    trust_database, trust_static, own_redis, held_mailgun, processes
):
    # Given a worker whose first email is stuck in a slow mail service
    env, web, worker = worker_stack(trust_database, trust_static, own_redis, held_mailgun)
    processes.extend([web, worker])
    web.start()
    worker.start()
    send_one_enquiry(web, "crashed@example.com")
    assert held_mailgun.held.wait(timeout=30)

    # When the whole worker is killed at once, as when its machine dies
    worker.kill()
    held_mailgun.release()
    broker = redis.Redis.from_url(own_redis.url)
    assert broker.hlen("unacked") == 1

    # And a new worker starts, and the sweep comes round
    replacement = stack.CeleryWorker(env=env)
    processes.append(replacement)
    replacement.start()
    as_if_minutes_passed(trust_database)
    stack.celery_send(own_redis.url, "crm.tasks.side_effects_sweep")

    # Then both emails go, once each
    stack.wait_until(lambda: all_done(trust_database), timeout=60, what="both emails")
    recipients = sorted(address for message in held_mailgun.messages for address in message.to)
    assert recipients == ["crashed@example.com", "kent.worker@adoptionpartnership.example"]

    # When the broker's visibility timeout passes and it hands the lost message out again
    replacement.stop()
    for tag, _ in broker.zrange("unacked_index", 0, -1, withscores=True):
        broker.zadd("unacked_index", {tag: time.time() - 7200})
    late = stack.CeleryWorker(env=env)
    processes.append(late)
    late.start()
    stack.wait_until(lambda: received(late) == 1, timeout=30, what="the redelivered task")
    stack.wait_until(lambda: broker.hlen("unacked") == 0, timeout=30, what="the redelivered task to finish")

    # Then it runs, finds its email sent, and sends nothing more
    assert len(held_mailgun.messages) == 2
    assert trust_database.value("SELECT count(*) FROM crm_sideeffect WHERE status = 'done'") == 2
    record(
        "faults",
        fault="Whole Celery worker SIGKILLed in the middle of sending an email",
        recovered_by="the side-effect sweep",
        emails_sent=2,
        late_redelivery_sent=0,
    )


def sign_up_for_the_newsletter(base_url: str, email: str) -> None:
    """The footer's sign-up form, sent by a visitor on a page of the site."""
    visitor = stack.Visitor(base_url)
    response = visitor.request(
        "POST",
        "/newsletter/",
        data={"email": email, "first_name": "Jo", "council": "kent", "consent": "on", "placement": "footer"},
    )
    assert response.status_code == 302 and response.headers["Location"].endswith("/newsletter/thank-you/"), (
        response.status_code,
        response.text[:500],
    )


def syncs(database: stack.Database) -> dict[str, int]:
    return dict(database.rows("SELECT status, count(*) FROM campaigns_mailchimpsync GROUP BY status"))


def test_mailchimp_answering_429_then_500_is_retried_and_nothing_is_lost(
    trust_database, trust_static, own_redis, processes
):
    # Given the site and a worker, and Mailchimp about to refuse the next calls: two "too many
    # requests", then two "internal server error"
    with MailchimpStandIn() as mailchimp:
        env = stack.app_environment(
            database_url=trust_database.url,
            static_root=trust_static,
            redis_url=own_redis.url,
            email_backend="django.core.mail.backends.locmem.EmailBackend",
            mailchimp=mailchimp,
        )
        web = stack.Gunicorn(env=env, workers=1)
        worker = stack.CeleryWorker(env=env, concurrency=2)
        processes.extend([web, worker])
        web.start()
        worker.start()
        mailchimp.fail_next(429, 2)
        mailchimp.fail_next(500, 2)

        # When three visitors sign up for the newsletter
        emails = [f"reader{n}@example.com" for n in range(3)]
        for email in emails:
            sign_up_for_the_newsletter(web.url, email)

        # Then every sign-up reaches Mailchimp in the end, subscribed, and no sync is left failed
        stack.wait_until(
            lambda: syncs(trust_database) == {"done": 3}, timeout=60, what="every Mailchimp sync to be done"
        )
        assert all(mailchimp.member(email).status == "subscribed" for email in emails)
        # And all four refusals were met and retried: the syncs took more attempts than there are syncs
        assert not mailchimp._failures
        attempts = trust_database.value("SELECT sum(attempts) FROM campaigns_mailchimpsync")
        assert attempts > 3
    record(
        "faults",
        fault="Mailchimp answering 429 twice, then 500 twice",
        sign_ups=3,
        reached_mailchimp=3,
        refused_calls_retried=4,
        attempts=attempts,
        lost=0,
    )
