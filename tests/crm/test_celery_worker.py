"""Side effects worked by a real Celery worker over Redis, sending through anymail to the Mailgun stand-in.

Each test starts a worker thread (``celery.contrib.testing.worker.start_worker``) against a
transactional database, so the worker sees only what the test has committed, as in production.
"""

import datetime as dt
import threading
import time

from django.utils import timezone

import pytest
from celery import shared_task
from celery.signals import before_task_publish, task_postrun

from core.outbox import enqueue, enqueue_together
from core.tasks import outbox_batch_run
from crm.models import Enquiry, SideEffect, Source
from crm.services import enquiry_create
from crm.tasks import side_effect_run, side_effects_sweep
from tests.crm.conftest import celery_using, running_worker, wait_for
from tests.factories import enquiry_details, staff_member

pytestmark = [pytest.mark.redis]


def nothing_pending() -> bool:
    return not SideEffect.objects.filter(status=SideEffect.Status.PENDING).exists()


class TaskResults:
    """What each finished ``side_effect_run`` returned, collected from the worker thread."""

    def __init__(self):
        self.values: list[str] = []
        self._lock = threading.Lock()

    def __call__(self, sender=None, retval=None, state=None, **kwargs):
        if sender is not None and sender.name == side_effect_run.name and state == "SUCCESS":
            with self._lock:
                self.values.append(retval)

    def __enter__(self):
        task_postrun.connect(self, weak=False)
        return self

    def __exit__(self, *exc_info):
        task_postrun.disconnect(self)


def test_a_committed_enquiry_gets_its_emails_from_the_worker(celery_worker, mailgun, crm_reference):
    # Given a Kent worker and a running Celery worker
    staff_member("kent.worker", council="kent")

    # When someone enquires
    enquiry = enquiry_create(source=Source.WEB, details=enquiry_details(email="sam@example.com"))

    # Then the worker sends the confirmation and the new-enquiry notice through Mailgun, once each
    assert wait_for(nothing_pending)
    assert sorted((message.to, message.subject) for message in mailgun.messages) == [
        (["kent.worker@adoptionpartnership.example"], "New enquiry for you: Alex Morgan"),
        (["sam@example.com"], "Thank you for getting in touch about adoption"),
    ]
    confirmation = SideEffect.objects.get(kind="enquiry_confirmation")
    assert (confirmation.status, confirmation.attempts, confirmation.household_id) == (
        "done",
        1,
        enquiry.household_id,
    )
    assert enquiry.household.reference in mailgun.sent_to("sam@example.com")[0].text


def test_a_broker_outage_delays_emails_and_loses_none(
    transactional_db, crm_reference, mailgun, throwaway_redis
):
    # Given the app's broker is down
    staff_member("kent.worker", council="kent")
    with celery_using(throwaway_redis.url):
        throwaway_redis.stop()

        # When three people enquire, each is taken at once and stored
        for n in range(3):
            started = time.monotonic()
            enquiry_create(
                source=Source.WEB, details=enquiry_details(email=f"person{n}@example.com", phone="")
            )
            assert time.monotonic() - started < 5
        assert Enquiry.objects.filter(household__isnull=False).count() == 3
        assert SideEffect.objects.filter(status="pending").count() == 6
        assert mailgun.requests == 0

        # And when the broker is back and the sweep runs after its grace period
        throwaway_redis.start()
        SideEffect.objects.update(created_at=timezone.now() - dt.timedelta(minutes=3))
        with running_worker():
            assert enqueue(side_effects_sweep)
            assert wait_for(nothing_pending)

    # Then every email went exactly once
    recipients = sorted(address for message in mailgun.messages for address in message.to)
    assert recipients == [
        *["kent.worker@adoptionpartnership.example"] * 3,
        "person0@example.com",
        "person1@example.com",
        "person2@example.com",
    ]
    assert len({message.text for message in mailgun.messages}) == 6
    assert set(SideEffect.objects.values_list("status", flat=True)) == {"done"}
    assert side_effects_sweep() == 0


@pytest.mark.parametrize("status", [500, 429])
def test_the_worker_retries_a_busy_mail_service_until_the_email_goes(
    celery_worker, mailgun, quick_retries, crm_reference, status
):
    # Given Mailgun fails twice before it accepts
    mailgun.fail_next(status, times=2)

    # When an enquiry's confirmation is sent by the worker
    enquiry_create(source=Source.WEB, details=enquiry_details(email="sam@example.com"))

    # Then it goes once, on the third attempt
    assert wait_for(nothing_pending)
    effect = SideEffect.objects.get(kind="enquiry_confirmation")
    assert (effect.status, effect.attempts, effect.next_attempt_at) == ("done", 3, None)
    assert mailgun.requests == 3
    assert [message.to for message in mailgun.messages] == [["sam@example.com"]]


def test_a_task_delivered_twice_sends_once(celery_worker, mailgun, crm_reference):
    # Given an enquiry whose confirmation task is also delivered twice more
    with TaskResults() as results:
        enquiry = enquiry_create(source=Source.WEB, details=enquiry_details(email="sam@example.com"))
        effect = SideEffect.objects.get(kind="enquiry_confirmation", household=enquiry.household)
        assert enqueue(side_effect_run, effect.pk)
        assert enqueue(side_effect_run, effect.pk)

        # When the worker has run all three
        assert wait_for(lambda: len(results.values) == 3)

    # Then one of them sent it and the others found it done
    assert sorted(results.values) == ["done", "skipped", "skipped"]
    assert [message.to for message in mailgun.messages] == [["sam@example.com"]]


@pytest.mark.postgres
def test_two_workers_on_the_same_row_at_once_send_once(
    postgres, celery_broker, transactional_db, mailgun, crm_reference
):
    # Given a slow mail service and two worker threads
    mailgun.delay = 0.5
    with running_worker(pool="threads", concurrency=2), TaskResults() as results:
        # When the same row's task is delivered twice at the same moment
        enquiry = enquiry_create(source=Source.WEB, details=enquiry_details(email="sam@example.com"))
        effect = SideEffect.objects.get(kind="enquiry_confirmation", household=enquiry.household)
        assert enqueue(side_effect_run, effect.pk)
        assert wait_for(lambda: len(results.values) == 2)

    # Then the row lock made the second wait, and find it done
    assert sorted(results.values) == ["done", "skipped"]
    assert len(mailgun.messages) == 1


@shared_task(name="tests.crm.test_celery_worker.task_that_breaks")
def task_that_breaks(n: int) -> None:
    raise RuntimeError(f"broken on purpose ({n})")


def test_tasks_sent_together_each_run_in_turn_and_a_broken_one_stops_none_of_the_others(
    celery_worker, mailgun, crm_reference, caplog
):
    # Given a Kent worker, and a task that breaks queued with an enquiry's own
    staff_member("kent.worker", council="kent")
    published = []

    def count(sender=None, **kwargs):
        published.append(sender)

    before_task_publish.connect(count, weak=False)
    try:
        with TaskResults() as results:
            with enqueue_together():
                enqueue(task_that_breaks, 1)
                enquiry_create(source=Source.WEB, details=enquiry_details(email="sam@example.com"))
            published_by_the_request = list(published)

            # When the worker has taken the one message
            assert wait_for(nothing_pending)
            assert wait_for(lambda: len(results.values) == 2)
    finally:
        before_task_publish.disconnect(count)

    # Then the broken task failed on its own, and both emails still went, once each
    assert published_by_the_request == [outbox_batch_run.name]
    assert "broken on purpose (1)" in caplog.text
    assert sorted(results.values) == ["done", "done"]
    assert sorted(address for message in mailgun.messages for address in message.to) == [
        "kent.worker@adoptionpartnership.example",
        "sam@example.com",
    ]
