"""Side-effect rows: queued once, never lost to a broker outage, sent once, retried or failed sensibly."""

import datetime as dt
import logging
import time

from django.contrib.auth import get_user_model
from django.utils import timezone

import pytest

from core.outbox import BACKOFF_CAP_SECONDS, enqueue
from crm.emails import email_for
from crm.models import Household, SideEffect, Source
from crm.services import enquiry_create, side_effect_queue
from crm.services.sending import SideEffectRetry, side_effect_perform
from crm.services.side_effects import side_effects_pending
from crm.tasks import MAX_ATTEMPTS, backoff, side_effect_run
from tests.crm.conftest import celery_using, free_port
from tests.factories import enquiry_details, staff_member
from tests.stand_ins.smtp import SMTPStandIn
from website.celery import app as celery_app

RETRY_IN = dt.timedelta(minutes=1)


@pytest.fixture
def kent_worker(crm_reference):
    return staff_member("kent.worker", council="kent", first_name="Kim", last_name="Lee")


@pytest.fixture
def confirmation(crm_reference) -> SideEffect:
    """A pending enquiry confirmation whose task has not run (on-commit callbacks do not fire here)."""
    enquiry = enquiry_create(
        source=Source.WEB,
        details=enquiry_details(email="sam@example.com", message="We have a spare room and lots of love."),
    )
    return SideEffect.objects.get(kind="enquiry_confirmation", household=enquiry.household)


def perform(effect: SideEffect, *, max_attempts: int = MAX_ATTEMPTS) -> str:
    return side_effect_perform(side_effect_id=effect.pk, max_attempts=max_attempts, retry_in=RETRY_IN)


# Queueing


@pytest.mark.django_db
def test_queueing_the_same_key_twice_makes_one_row_and_queues_one_task(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        first = side_effect_queue(kind="enquiry_confirmation", key="enquiry_confirmation:1")
        second = side_effect_queue(kind="enquiry_confirmation", key="enquiry_confirmation:1")
    assert first.pk == second.pk
    assert SideEffect.objects.count() == 1
    assert len(callbacks) == 1


@pytest.mark.django_db
def test_a_broker_outage_while_queueing_is_logged_and_the_row_waits_for_the_sweep(
    crm_reference, caplog, django_capture_on_commit_callbacks
):
    # Given a broker nobody is listening on
    with celery_using("redis://127.0.0.1:1/0"), caplog.at_level(logging.WARNING, logger="crm.tasks"):
        # When an enquiry commits and its emails are queued
        started = time.monotonic()
        with django_capture_on_commit_callbacks(execute=True):
            enquiry = enquiry_create(source=Source.WEB, details=enquiry_details())
        elapsed = time.monotonic() - started

    # Then the enquiry is taken, quickly, and its email waits for the sweep
    assert elapsed < 2
    assert enquiry.household is not None
    effect = SideEffect.objects.get(kind="enquiry_confirmation")
    assert (effect.status, effect.attempts) == ("pending", 0)
    assert f"Could not queue crm.tasks.side_effect_run({effect.pk},)" in caplog.text
    assert "the sweep will retry" in caplog.text


@pytest.mark.django_db
def test_enqueue_says_whether_the_task_was_queued():
    with celery_using("redis://127.0.0.1:1/0"):
        assert enqueue(side_effect_run, 1) is False


@pytest.mark.django_db
def test_the_sweep_picks_pending_rows_past_their_grace_and_not_retries_still_to_come():
    now = timezone.now()
    old = now - dt.timedelta(minutes=10)

    def row(key, *, created_at=old, status="pending", next_attempt_at=None):
        return SideEffect.objects.create(
            kind="enquiry_confirmation",
            key=key,
            created_at=created_at,
            status=status,
            next_attempt_at=next_attempt_at,
        )

    lost = row("lost")
    retry_lost = row("retry lost", next_attempt_at=now - dt.timedelta(minutes=5))
    row("just queued", created_at=now - dt.timedelta(seconds=30))
    row("retry due later", next_attempt_at=now + dt.timedelta(minutes=5))
    row("retry only just due", next_attempt_at=now - dt.timedelta(seconds=30))
    row("done", status="done")
    row("failed", status="failed")

    assert side_effects_pending() == [lost.pk, retry_lost.pk]


def test_backoff_doubles_with_jitter_and_has_a_ceiling(settings):
    settings.CRM_SIDE_EFFECT_BACKOFF_SECONDS = 30
    delays = [backoff(retries) for retries in range(4)]
    for retries, delay in enumerate(delays):
        assert 30 * 2**retries <= delay <= 45 * 2**retries
    assert len({backoff(2) for _ in range(20)}) > 1
    assert backoff(30) == BACKOFF_CAP_SECONDS


# Sending through anymail's Mailgun backend


@pytest.mark.django_db
def test_a_sent_email_marks_its_row_done_and_a_second_run_sends_nothing(mailgun, confirmation):
    assert perform(confirmation) == "done"
    assert perform(confirmation) == "skipped"
    confirmation.refresh_from_db()
    assert (confirmation.status, confirmation.attempts, confirmation.last_error) == ("done", 1, "")
    assert confirmation.done_at is not None
    assert [message.to for message in mailgun.messages] == [["sam@example.com"]]
    assert mailgun.messages[0].first("from") == "APSE <hello@adoptionpartnership.example>"


@pytest.mark.django_db
@pytest.mark.parametrize("status", [500, 503, 429, 401])
def test_a_provider_error_that_may_pass_is_retried_later(mailgun, confirmation, status):
    mailgun.fail_next(status)
    before = timezone.now()

    with pytest.raises(SideEffectRetry):
        perform(confirmation)

    confirmation.refresh_from_db()
    assert (confirmation.status, confirmation.attempts) == ("pending", 1)
    assert f"HTTP {status}" in confirmation.last_error
    assert before + RETRY_IN <= confirmation.next_attempt_at <= timezone.now() + RETRY_IN
    assert mailgun.messages == []


@pytest.mark.django_db
def test_a_recipient_the_provider_refuses_fails_at_once(mailgun, confirmation):
    mailgun.fail_next(400)

    assert perform(confirmation) == "failed"

    confirmation.refresh_from_db()
    assert (confirmation.status, confirmation.attempts, confirmation.next_attempt_at) == ("failed", 1, None)
    assert "refused this email (HTTP 400); it will not be retried" in confirmation.last_error
    assert "not a valid address" in confirmation.last_error
    assert mailgun.requests == 1


@pytest.mark.django_db
def test_the_last_allowed_attempt_gives_up_and_says_so(mailgun, confirmation):
    mailgun.fail_next(500, times=3)
    for _ in range(2):
        with pytest.raises(SideEffectRetry):
            perform(confirmation, max_attempts=3)

    assert perform(confirmation, max_attempts=3) == "failed"

    confirmation.refresh_from_db()
    assert (confirmation.status, confirmation.attempts) == ("failed", 3)
    assert confirmation.last_error.startswith("Gave up after 3 attempts. The mail service could not take")


@pytest.mark.django_db
def test_the_task_retries_with_its_own_backoff_then_records_the_failure(
    mailgun, quick_retries, confirmation, monkeypatch
):
    # Given Mailgun is down for longer than the task will keep trying
    mailgun.fail_next(500, times=MAX_ATTEMPTS + 5)

    # When the task runs (eagerly here, so each retry runs in turn instead of being re-raised)
    monkeypatch.setitem(celery_app.conf, "task_eager_propagates", False)
    assert side_effect_run.apply(args=[confirmation.pk]).get() == "failed"

    # Then it tried exactly MAX_ATTEMPTS times and left the failure for a person
    confirmation.refresh_from_db()
    assert (confirmation.status, confirmation.attempts) == ("failed", MAX_ATTEMPTS)
    assert "HTTP 500" in confirmation.last_error
    assert mailgun.requests == MAX_ATTEMPTS


@pytest.mark.django_db
def test_an_email_about_a_record_that_has_gone_fails_at_once(mailgun, kent_worker):
    household = enquiry_create(source=Source.WEB, details=enquiry_details()).household
    notice = SideEffect.objects.get(kind="worker_notification", household=household)
    get_user_model().objects.filter(pk=kent_worker.user_id).delete()

    assert perform(notice) == "failed"

    notice.refresh_from_db()
    assert notice.last_error.startswith("What this email was about no longer exists")
    assert mailgun.requests == 0


@pytest.mark.django_db
def test_nobody_to_send_to_is_done_with_a_note(mailgun, crm_reference):
    household = Household.objects.create(first_name="Pat")
    effect = side_effect_queue(kind="enquiry_confirmation", key="no-address", household=household)

    assert perform(effect) == "done"

    effect.refresh_from_db()
    assert effect.last_error == "Nobody to send it to."
    assert mailgun.requests == 0


# Sending through Django's SMTP backend


@pytest.mark.django_db
def test_an_unreachable_smtp_server_is_retried(settings, confirmation):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", free_port(), 2

    with pytest.raises(SideEffectRetry):
        perform(confirmation)

    confirmation.refresh_from_db()
    assert (confirmation.status, confirmation.attempts) == ("pending", 1)
    assert "ConnectionRefusedError" in confirmation.last_error


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("rcpt_reply", "result", "status"),
    [
        ("550 5.1.1 No such user here", "failed", "failed"),
        ("450 4.2.1 Mailbox busy, try later", None, "pending"),
        ("250 OK", "done", "done"),
    ],
)
def test_smtp_recipient_refusals_fail_only_when_permanent(settings, confirmation, rcpt_reply, result, status):
    with SMTPStandIn(rcpt_reply=rcpt_reply) as server:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", server.port, 5
        if result is None:
            with pytest.raises(SideEffectRetry):
                perform(confirmation)
        else:
            assert perform(confirmation) == result

    confirmation.refresh_from_db()
    assert confirmation.status == status
    assert len(server.messages) == (1 if status == "done" else 0)


# What each email says, and what it leaves out


@pytest.mark.django_db
def test_the_enquiry_confirmation_thanks_them_by_first_name_and_gives_only_the_reference(kent_worker):
    enquiry = enquiry_create(
        source=Source.WEB,
        details=enquiry_details(
            best_time_to_call="evening", message="We have a spare room and lots of love."
        ),
    )
    household = enquiry.household

    message = email_for(SideEffect.objects.get(kind="enquiry_confirmation"))

    assert message.to == ["alex@example.com"]
    assert message.subject == "Thank you for getting in touch about adoption"
    assert message.body.startswith("Dear Alex,\n")
    assert "our Kent team will call you within two working days" in message.body
    assert "early evening (5pm to 7pm)" in message.body
    assert f"Your reference is {household.reference}." in message.body
    for private in ("Morgan", "07700", "ME14", "spare room", "alex@example.com"):
        assert private not in message.body


@pytest.mark.django_db
def test_the_out_of_area_reply_names_the_council_that_covers_their_postcode(crm_reference):
    enquiry = enquiry_create(
        source=Source.WEB,
        details=enquiry_details(postcode="br1 3aa", message="Could we adopt with you from Bromley?"),
    )

    message = email_for(SideEffect.objects.get(kind="out_of_area_reply"))

    assert message.to == ["alex@example.com"]
    assert message.subject == "Thank you for your enquiry about adoption"
    assert message.body.startswith("Dear Alex,\n")
    assert "(BR1 3AA), you live outside our area, in the area of London Borough of Bromley." in message.body
    assert "https://www.youcanadopt.org.uk/" in message.body
    for private in ("Morgan", "07700", "Could we adopt", enquiry.household.reference):
        assert private not in message.body


@pytest.mark.django_db
def test_the_worker_notification_gives_a_name_a_link_and_nothing_more(kent_worker):
    enquiry = enquiry_create(
        source=Source.WEB,
        details=enquiry_details(message="Please call after six.", best_time_to_call="evening"),
    )
    household = enquiry.household

    message = email_for(SideEffect.objects.get(kind="worker_notification"))

    assert message.to == ["kent.worker@adoptionpartnership.example"]
    assert message.subject == "New enquiry for you: Alex Morgan"
    assert message.body.startswith("Hello Kim,\n")
    assert f"Alex Morgan ({household.reference})" in message.body
    assert f"http://testserver/admin/crm/households/{household.pk}/" in message.body
    assert f"First contact due by: {household.due_on:%A} {household.due_on.day} {household.due_on:%B %Y}" in (
        message.body
    )
    for private in ("alex@example.com", "07700", "ME14", "Please call after six"):
        assert private not in message.body


@pytest.mark.django_db
def test_without_a_broker_a_failing_email_does_not_fail_the_enquiry(
    mailgun, crm_reference, caplog, django_capture_on_commit_callbacks
):
    # Given tasks run in the request (no broker) and Mailgun is down
    mailgun.fail_next(503)

    # When someone enquires
    with (
        django_capture_on_commit_callbacks(execute=True),
        caplog.at_level(logging.WARNING, logger="crm.tasks"),
    ):
        enquiry = enquiry_create(source=Source.WEB, details=enquiry_details())

    # Then the enquiry stands and the email waits for the sweep
    assert enquiry.household is not None
    effect = SideEffect.objects.get(kind="enquiry_confirmation")
    assert (effect.status, effect.attempts) == ("pending", 1)
    assert "must wait to retry" in caplog.text
