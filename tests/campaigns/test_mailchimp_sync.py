"""Sync rows sent by the real ``mailchimp-marketing`` client to the Mailchimp stand-in on 127.0.0.1.

Retries are driven here one attempt at a time through ``mailchimp_sync_perform``, as the task's
retries would; ``test_mailchimp_worker.py`` runs the same through a real Celery worker.
"""

import datetime as dt

from django.utils import timezone

import pytest

from campaigns.integrations import mailchimp
from campaigns.models import MailchimpSync, Subscriber
from campaigns.newsletter.reconcile import mailchimp_reconcile
from campaigns.newsletter.subscribers import (
    subscriber_delete_from_mailchimp,
    subscriber_subscribe,
    subscriber_unsubscribe,
)
from campaigns.newsletter.sync import MailchimpSyncRetry, mailchimp_sync_perform
from campaigns.tasks import mailchimp_sync_run
from core import consent
from crm.models import Source, Stage
from crm.services import enquiry_create, household_advance
from tests.factories import enquiry_details, staff_member
from tests.stand_ins.mailchimp import MailchimpStandIn, mailchimp_settings

pytestmark = [pytest.mark.django_db]


def sign_up(email: str = "sam@example.com", **fields) -> Subscriber:
    values = {
        "first_name": "Sam",
        "council": "kent",
        "wording": consent.NEWSLETTER.text,
        "wording_version": consent.NEWSLETTER.version,
        "source": "Newsletter page",
    }
    return subscriber_subscribe(email=email, **{**values, **fields})


def signed_up_without_sending(django_capture_on_commit_callbacks, **fields) -> MailchimpSync:
    """A sign-up whose task is not run, so the test can work the row itself."""
    with django_capture_on_commit_callbacks(execute=False):
        subscriber = sign_up(**fields)
    return subscriber.syncs.get()


def test_an_upsert_creates_the_member_with_merge_fields_and_tags(
    mailchimp_stand_in, django_capture_on_commit_callbacks
):
    # When someone signs up and the change commits
    with django_capture_on_commit_callbacks(execute=True):
        subscriber = sign_up(first_name="Sam", council="medway")

    # Then Mailchimp has them, subscribed, with their name, council and tags
    member = mailchimp_stand_in.member("sam@example.com")
    assert (member.status, member.merge_fields) == ("subscribed", {"FNAME": "Sam", "COUNCIL": "Medway"})
    assert member.tags == {"Phase 2: Fact-finding and research", "Council: Medway"}

    # And exactly the stored payload went over the wire, by subscriber hash
    sync = subscriber.syncs.get()
    put, tags = mailchimp_stand_in.calls("PUT") + mailchimp_stand_in.calls("POST")
    assert put.path == f"/3.0/lists/audience1/members/{sync.payload['subscriber_hash']}"
    assert (put.body, tags.body) == (sync.payload["member"], sync.payload["tags"])
    assert (sync.status, sync.attempts, sync.response_status, sync.last_error) == ("done", 1, 204, "")
    assert sync.done_at is not None


def test_the_member_moves_phase_when_the_household_moves_on(
    mailchimp_stand_in, crm_reference, django_capture_on_commit_callbacks
):
    # Given someone subscribed from their enquiry
    worker = staff_member("kent.worker", council="kent")
    with django_capture_on_commit_callbacks(execute=True):
        enquiry = enquiry_create(
            source=Source.WEB, details=enquiry_details(email="sam@example.com", newsletter_consent=True)
        )
    # Their phase and council; never their stage (marketing does not learn casework from the audience)
    assert mailchimp_stand_in.member("sam@example.com").tags == {
        "Phase 2: Fact-finding and research",
        "Council: Kent",
    }

    # When they register their interest
    with django_capture_on_commit_callbacks(execute=True):
        household_advance(
            household=enquiry.household, to_stage=Stage.REGISTRATION_OF_INTEREST, by=worker.user
        )

    # Then Mailchimp's tags follow: phase 4, the old phase gone
    assert mailchimp_stand_in.member("sam@example.com").tags == {
        "Phase 4: The decision",
        "Council: Kent",
    }
    assert set(MailchimpSync.objects.values_list("status", flat=True)) == {"done"}


def test_unsubscribing_and_erasing_reach_mailchimp(mailchimp_stand_in, django_capture_on_commit_callbacks):
    # Given a member
    with django_capture_on_commit_callbacks(execute=True):
        subscriber = sign_up()

    # When they are unsubscribed, Mailchimp unsubscribes them
    with django_capture_on_commit_callbacks(execute=True):
        subscriber_unsubscribe(subscriber=subscriber, source="Admin: marketing")
    assert mailchimp_stand_in.member("sam@example.com").status == "unsubscribed"
    assert mailchimp_stand_in.calls("PATCH")[0].body == {"status": "unsubscribed"}

    # When they ask to be erased, the member is deleted for good
    with django_capture_on_commit_callbacks(execute=True):
        erasure = subscriber_delete_from_mailchimp(subscriber=subscriber)
    assert mailchimp_stand_in.member("sam@example.com") is None
    erasure.refresh_from_db()
    assert (erasure.action, erasure.status, erasure.response_status) == ("delete", "done", 204)


def test_429_twice_then_ok_is_done_on_the_third_attempt(
    mailchimp_stand_in, django_capture_on_commit_callbacks
):
    # Given Mailchimp says "too many requests" twice
    sync = signed_up_without_sending(django_capture_on_commit_callbacks)
    mailchimp_stand_in.fail_next(429, times=2)

    # When the row is worked, it asks to be retried with a growing wait, counting each attempt
    before = timezone.now()
    for attempt in (1, 2):
        with pytest.raises(MailchimpSyncRetry) as retry:
            mailchimp_sync_perform(sync_id=sync.pk)
        sync.refresh_from_db()
        assert (sync.status, sync.attempts, sync.response_status) == ("pending", attempt, 429)
        assert sync.last_error.startswith("Mailchimp asked us to slow down (HTTP 429). Too Many Requests")
        assert 0 < retry.value.countdown <= 0.01 * 2 ** (attempt - 1) * 1.5
        assert sync.next_attempt_at >= before

    # Then the third attempt goes through
    assert mailchimp_sync_perform(sync_id=sync.pk) == "done"
    sync.refresh_from_db()
    assert (sync.status, sync.attempts, sync.last_error, sync.next_attempt_at) == ("done", 3, "", None)
    assert mailchimp_stand_in.member("sam@example.com").status == "subscribed"


def test_500_is_retried_then_fails_with_a_readable_error(
    mailchimp_stand_in, django_capture_on_commit_callbacks
):
    # Given Mailchimp keeps failing
    sync = signed_up_without_sending(django_capture_on_commit_callbacks)
    mailchimp_stand_in.fail_next(500, times=10)

    # When the row is worked up to its cap of three attempts
    for _ in range(2):
        with pytest.raises(MailchimpSyncRetry):
            mailchimp_sync_perform(sync_id=sync.pk)
    assert mailchimp_sync_perform(sync_id=sync.pk) == "failed"

    # Then it has failed, saying why in words a person can act on, and is not tried again
    sync.refresh_from_db()
    assert (sync.status, sync.attempts, sync.response_status, sync.next_attempt_at) == (
        "failed",
        3,
        500,
        None,
    )
    assert sync.last_error == (
        "Gave up after 3 attempts. Mailchimp could not take the change just now (HTTP 500). "
        "Internal Server Error An unexpected internal error has occurred. "
        "Please contact Support for more information."
    )
    assert mailchimp_sync_perform(sync_id=sync.pk) == "skipped"
    assert len(mailchimp_stand_in.calls()) == 3


def test_a_400_fails_at_once_with_mailchimps_explanation(
    mailchimp_stand_in, django_capture_on_commit_callbacks
):
    sync = signed_up_without_sending(django_capture_on_commit_callbacks)
    mailchimp_stand_in.fail_next(
        400, detail="sam@example.com looks fake or invalid, please enter a real email address."
    )

    assert mailchimp_sync_perform(sync_id=sync.pk) == "failed"

    sync.refresh_from_db()
    assert (sync.status, sync.attempts, sync.response_status) == ("failed", 1, 400)
    assert sync.last_error == (
        "Mailchimp refused the change (HTTP 400); it will not be retried. Invalid Resource "
        "sam@example.com looks fake or invalid, please enter a real email address."
    )


def test_a_wrong_api_key_fails_at_once(mailchimp_stand_in, settings, django_capture_on_commit_callbacks):
    sync = signed_up_without_sending(django_capture_on_commit_callbacks)
    settings.MAILCHIMP_API_KEY = "not-the-key-us1"

    assert mailchimp_sync_perform(sync_id=sync.pk) == "failed"

    sync.refresh_from_db()
    assert sync.response_status == 401
    assert "API Key Invalid" in sync.last_error


def test_mailchimp_out_of_reach_is_retried(settings, django_capture_on_commit_callbacks):
    # Given Mailchimp's address answers nothing (a stand-in that has stopped)
    with MailchimpStandIn() as server:
        mailchimp_settings(settings, server)
    sync = signed_up_without_sending(django_capture_on_commit_callbacks)

    with pytest.raises(MailchimpSyncRetry):
        mailchimp_sync_perform(sync_id=sync.pk)

    sync.refresh_from_db()
    assert (sync.status, sync.attempts, sync.response_status) == ("pending", 1, None)
    assert sync.last_error.startswith("Could not reach Mailchimp:")


def test_run_without_a_broker_a_retry_waits_for_the_sweep(
    mailchimp_stand_in, django_capture_on_commit_callbacks
):
    # Given Mailchimp is busy and tasks run in-process
    mailchimp_stand_in.fail_next(429)

    # When the sign-up commits and its task runs at once
    with django_capture_on_commit_callbacks(execute=True):
        subscriber = sign_up()

    # Then the row waits, pending, rather than hammering Mailchimp in a loop
    sync = subscriber.syncs.get()
    assert (sync.status, sync.attempts) == ("pending", 1)
    assert len(mailchimp_stand_in.calls()) == 1


def test_when_every_call_slot_is_taken_the_row_waits_without_using_an_attempt(
    mailchimp_stand_in, settings, django_capture_on_commit_callbacks
):
    # Given the in-flight limit is reached
    settings.MAILCHIMP_MAX_IN_FLIGHT = 2
    sync = signed_up_without_sending(django_capture_on_commit_callbacks)
    # When the row is worked
    with mailchimp.call_slot(), mailchimp.call_slot(), pytest.raises(MailchimpSyncRetry) as retry:
        mailchimp_sync_perform(sync_id=sync.pk)

    # Then it is to try again shortly, with nothing sent and no attempt counted
    assert retry.value.busy
    assert 0.05 <= retry.value.countdown <= 0.15
    sync.refresh_from_db()
    assert (sync.status, sync.attempts) == ("pending", 0)
    assert mailchimp_stand_in.calls() == []

    # And once a slot is free it goes
    assert mailchimp_sync_perform(sync_id=sync.pk) == "done"


def test_a_slot_held_by_a_crashed_worker_comes_back_after_its_timeout(settings):
    settings.MAILCHIMP_MAX_IN_FLIGHT = 1
    settings.MAILCHIMP_TIMEOUT_SECONDS = 0
    from django.core.cache import cache

    # Given a worker died holding the only slot (its key stays, with a timeout)
    cache.add(mailchimp.SLOT_KEY.format(0), "dead-worker", timeout=1)
    with pytest.raises(mailchimp.MailchimpBusy), mailchimp.call_slot():
        pass

    # Then after the timeout the slot can be taken again
    with mailchimp.call_slot(wait=3):
        assert cache.get(mailchimp.SLOT_KEY.format(0)) != "dead-worker"


def test_an_older_row_is_not_sent_after_a_newer_one(mailchimp_stand_in, django_capture_on_commit_callbacks):
    # Given a sign-up whose upsert was held up, and an unsubscribe after it
    upsert = signed_up_without_sending(django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        subscriber_unsubscribe(subscriber=upsert.subscriber, source="Admin: marketing")

    # When the held-up upsert finally runs
    assert mailchimp_sync_perform(sync_id=upsert.pk) == "done"

    # Then it sends nothing, so it cannot sign them up again
    upsert.refresh_from_db()
    assert upsert.last_error == "Not sent: a later change for this person replaced it."
    assert mailchimp_stand_in.calls("PUT") == []


def test_not_configured_rows_are_recorded_and_never_sent(settings, django_capture_on_commit_callbacks):
    # Given a row waiting when Mailchimp is switched off
    settings.MAILCHIMP_ENABLED = True
    sync = signed_up_without_sending(django_capture_on_commit_callbacks)
    settings.MAILCHIMP_ENABLED = False

    # When its task runs
    assert mailchimp_sync_run.apply(args=[sync.pk]).get() == "not_configured"

    # Then it is marked as recorded only, with its payload kept
    sync.refresh_from_db()
    assert (sync.status, sync.attempts) == ("not_configured", 0)
    assert sync.payload["member"]["email_address"] == "sam@example.com"


def test_members_are_read_a_page_at_a_time(mailchimp_stand_in):
    for n in range(5):
        mailchimp_stand_in.add_member(f"person{n}@example.com")

    members = list(mailchimp.members_all(page_size=2))

    assert [member.email for member in members] == [f"person{n}@example.com" for n in range(5)]
    assert [call.path for call in mailchimp_stand_in.calls("GET")] == ["/3.0/lists/audience1/members"] * 3
    assert {member.status for member in members} == {"subscribed"}


def test_the_nightly_reconcile_puts_right_what_differs(
    mailchimp_stand_in, django_capture_on_commit_callbacks
):
    long_ago = timezone.now() - dt.timedelta(days=30)
    # Given Ann is subscribed here but missing in Mailchimp (her sync was lost)
    ann = signed_up_without_sending(django_capture_on_commit_callbacks, email="ann@example.com").subscriber
    MailchimpSync.objects.filter(subscriber=ann).update(status="done")
    # And Bob unsubscribed here, but Mailchimp still has him subscribed from before
    bob = signed_up_without_sending(django_capture_on_commit_callbacks, email="bob@example.com").subscriber
    MailchimpSync.objects.filter(subscriber=bob).update(status="done")
    Subscriber.objects.filter(pk=bob.pk).update(status="unsubscribed")
    mailchimp_stand_in.add_member("bob@example.com", last_changed=long_ago)
    # And Cat unsubscribed in Mailchimp after she signed up here (the webhook was missed)
    cat = signed_up_without_sending(django_capture_on_commit_callbacks, email="cat@example.com").subscriber
    MailchimpSync.objects.filter(subscriber=cat).update(status="done")
    Subscriber.objects.filter(pk=cat.pk).update(status_changed_at=long_ago, consented_at=long_ago)
    mailchimp_stand_in.add_member("cat@example.com", status="unsubscribed")
    # And Dee's sync has been pending for a quarter of an hour (its task was lost)
    dee = signed_up_without_sending(django_capture_on_commit_callbacks, email="dee@example.com")
    MailchimpSync.objects.filter(pk=dee.pk).update(created_at=timezone.now() - dt.timedelta(minutes=15))
    # And Eve is the same on both sides
    eve = signed_up_without_sending(django_capture_on_commit_callbacks, email="eve@example.com").subscriber
    MailchimpSync.objects.filter(subscriber=eve).update(status="done")
    mailchimp_stand_in.add_member("eve@example.com")

    # When the nightly reconcile runs
    with django_capture_on_commit_callbacks(execute=True):
        result = mailchimp_reconcile()

    # Then Dee's row is sent, Ann is added, Bob is unsubscribed there, and Cat's choice is taken here
    assert (result.requeued, result.queued, result.taken_from_mailchimp) == (1, 2, 1)
    assert mailchimp_stand_in.member("ann@example.com").status == "subscribed"
    assert mailchimp_stand_in.member("bob@example.com").status == "unsubscribed"
    assert mailchimp_stand_in.member("dee@example.com").status == "subscribed"
    cat.refresh_from_db()
    assert (cat.status, cat.consent_source) == ("unsubscribed", "Mailchimp")
    assert mailchimp_stand_in.member("cat@example.com").status == "unsubscribed"
    assert eve.syncs.count() == 1
    assert MailchimpSync.objects.filter(status="pending").count() == 0

    # And run again, everything already agrees
    with django_capture_on_commit_callbacks(execute=True):
        again = mailchimp_reconcile()
    assert (again.requeued, again.queued, again.taken_from_mailchimp) == (0, 0, 0)


def test_without_mailchimp_the_reconcile_only_sweeps(settings):
    settings.MAILCHIMP_ENABLED = False
    sign_up()

    result = mailchimp_reconcile()

    assert (result.requeued, result.queued, result.taken_from_mailchimp) == (0, 0, 0)
