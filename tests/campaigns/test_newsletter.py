"""The newsletter list: sign-ups with their consent, the sync rows they make, the sign-up forms and the admin.

Mailchimp is not configured here (no key), so every row records what would be sent; the tests
that send it for real, to the stand-in, are in ``test_mailchimp_sync.py``.
"""

import datetime as dt
import re
import time

from django.core import signing
from django.utils import timezone

import pytest

from campaigns.models import MailchimpSync, Subscriber, Touchpoint
from campaigns.newsletter.subscribers import (
    subscriber_refresh,
    subscriber_subscribe,
    subscriber_subscribe_from_consent,
    subscriber_unsubscribe,
)
from campaigns.newsletter.sync import mailchimp_sync_retry
from core import consent
from core.spam import FORM_SALT, form_token
from crm.models import Consent, Source, Stage
from crm.services import enquiry_create, household_advance
from tests.factories import UserFactory, enquiry_details, staff_member

PHASES = [
    "Phase 1: Initial trigger and motivation",
    "Phase 2: Fact-finding and research",
    "Phase 3: Deeper engagement",
    "Phase 4: The decision",
    "Phase 5: The process and adoption",
    "Phase 6: After care",
]
# Stage tags are retired: marketing must not learn casework from the audience, so each is sent inactive,
# clearing it from anyone who still carries one, and none is ever active.
STAGES = [
    "Stage: Enquiry",
    "Stage: Initial conversation",
    "Stage: Information event",
    "Stage: Registration of interest",
    "Stage: ROI accepted",
    "Stage: Stage one",
    "Stage: Break between stages",
    "Stage: Stage two",
    "Stage: Panel",
    "Stage: Approved",
]
COUNCILS = ["Council: Kent", "Council: Medway", "Council: Bexley", "Council: Elsewhere"]
SAM_HASH = "e179e95c00e7718ab4a23840f992ea63"  # md5("sam@example.com")


def expected_tags(*active: str) -> dict:
    return {
        "tags": [
            {"name": name, "status": "active" if name in active else "inactive"}
            for name in PHASES + STAGES + COUNCILS
        ]
    }


def sign_up(**fields) -> Subscriber:
    values = {
        "email": "Sam@Example.com",
        "first_name": "Sam",
        "council": "kent",
        "wording": consent.NEWSLETTER.text,
        "wording_version": consent.NEWSLETTER.version,
        "source": "Newsletter page",
    }
    return subscriber_subscribe(**{**values, **fields})


@pytest.fixture
def worker(crm_reference):
    return staff_member("kent.worker", council="kent")


@pytest.mark.django_db
def test_signing_up_records_the_consent_and_exactly_what_would_be_sent():
    # When someone signs up on the website while Mailchimp is not configured
    subscriber = sign_up()

    # Then their consent is kept, word for word, with its version, source and time
    subscriber.refresh_from_db()
    assert (subscriber.email, subscriber.first_name, subscriber.council, subscriber.status) == (
        "sam@example.com",
        "Sam",
        "kent",
        "subscribed",
    )
    assert subscriber.consent_wording == consent.NEWSLETTER.text
    assert (subscriber.consent_wording_version, subscriber.consent_source) == (
        consent.NEWSLETTER.version,
        "Newsletter page",
    )
    assert timezone.now() - subscriber.consented_at < dt.timedelta(seconds=10)

    # And the sync row records what would be sent, marked as recorded only
    sync = MailchimpSync.objects.get(subscriber=subscriber)
    assert (sync.action, sync.status, sync.attempts) == ("upsert", "not_configured", 0)
    assert sync.payload == {
        "subscriber_hash": SAM_HASH,
        "member": {
            "email_address": "sam@example.com",
            "status_if_new": "subscribed",
            "status": "subscribed",
            "merge_fields": {"FNAME": "Sam", "COUNCIL": "Kent"},
        },
        "tags": expected_tags("Phase 2: Fact-finding and research", "Council: Kent"),
    }


@pytest.mark.django_db
def test_with_mailchimp_configured_the_row_waits_for_its_task_until_the_commit(
    settings, django_capture_on_commit_callbacks
):
    # Given Mailchimp is configured
    settings.MAILCHIMP_ENABLED = True

    # When someone signs up, inside a transaction
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        subscriber = sign_up()

    # Then the row is pending, and its task is queued only once the change commits
    sync = MailchimpSync.objects.get(subscriber=subscriber)
    assert (sync.status, sync.attempts) == ("pending", 0)
    assert len(callbacks) == 1


@pytest.mark.django_db
def test_unsubscribing_queues_an_unsubscribe_and_doing_it_twice_is_harmless():
    # Given a subscriber
    subscriber = sign_up()

    # When they are unsubscribed twice
    subscriber_unsubscribe(subscriber=subscriber, source="Admin: marketing")
    subscriber_unsubscribe(subscriber=subscriber, source="Admin: marketing")

    # Then they are unsubscribed, with where that came from, and one unsubscribe is queued
    subscriber.refresh_from_db()
    assert (subscriber.status, subscriber.consent_source) == ("unsubscribed", "Admin: marketing")
    syncs = list(subscriber.syncs.order_by("pk").values_list("action", "payload"))
    assert syncs == [
        ("upsert", syncs[0][1]),
        ("unsubscribe", {"subscriber_hash": SAM_HASH, "member": {"status": "unsubscribed"}}),
    ]


@pytest.mark.django_db
def test_signing_up_again_after_unsubscribing_subscribes_with_the_new_consent():
    # Given someone who unsubscribed
    subscriber = sign_up(first_name="Sam")
    subscriber_unsubscribe(subscriber=subscriber, source="Mailchimp")

    # When they sign up again from the footer, giving no name this time
    again = sign_up(first_name="", source="Newsletter form in the website footer")

    # Then the same record is subscribed again, keeping their name, with the new consent's source
    assert again.pk == subscriber.pk
    again.refresh_from_db()
    assert (again.status, again.first_name, again.consent_source) == (
        "subscribed",
        "Sam",
        "Newsletter form in the website footer",
    )
    assert list(again.syncs.order_by("pk").values_list("action", flat=True)) == [
        "upsert",
        "unsubscribe",
        "upsert",
    ]


@pytest.mark.django_db
def test_an_older_consent_never_signs_up_someone_who_left_since():
    # Given someone who unsubscribed just now
    subscriber = sign_up()
    subscriber_unsubscribe(subscriber=subscriber, source="Mailchimp")

    # When a consent they gave yesterday arrives late (a replayed enquiry)
    sign_up(at=timezone.now() - dt.timedelta(days=1), source="Enquiry: Website form")

    # Then they stay unsubscribed and nothing more is sent
    subscriber.refresh_from_db()
    assert subscriber.status == "unsubscribed"
    assert subscriber.syncs.count() == 2


@pytest.mark.django_db
def test_ticking_newsletter_consent_in_the_enquiry_form_subscribes_the_household(
    worker, django_capture_on_commit_callbacks
):
    # When someone enquires and ticks the newsletter box
    with django_capture_on_commit_callbacks(execute=True):
        enquiry = enquiry_create(
            source=Source.WEB,
            details=enquiry_details(email="sam@example.com", first_name="Sam", newsletter_consent=True),
        )

    # Then they are subscribed with that consent's words and version, linked to their household
    household = enquiry.household
    given = Consent.objects.get(household=household, purpose="newsletter")
    subscriber = Subscriber.objects.get(email="sam@example.com")
    assert (subscriber.household_id, subscriber.council, subscriber.status) == (
        household.pk,
        "kent",
        "subscribed",
    )
    assert (subscriber.consent_wording, subscriber.consent_wording_version) == (
        given.wording,
        given.wording_version,
    )
    assert (subscriber.consent_source, subscriber.consented_at) == (
        "Enquiry: Website form",
        given.recorded_at,
    )
    sync = subscriber.syncs.get()
    assert sync.payload["tags"] == expected_tags("Phase 2: Fact-finding and research", "Council: Kent")
    assert sync.payload["member"]["merge_fields"] == {"FNAME": "Sam", "COUNCIL": "Kent"}

    # And signing up is a touch on the newsletter channel, in phase 4
    touch = Touchpoint.objects.get(kind="newsletter_signup")
    assert (touch.household_id, touch.channel.slug, touch.phase) == (household.pk, "newsletter", 4)
    assert touch.key == f"newsletter:{subscriber.pk}:{timezone.localdate(given.recorded_at).isoformat()}"

    # And replaying the same consent changes nothing
    subscriber_subscribe_from_consent(household_id=household.pk, consent_id=given.pk)
    assert subscriber.syncs.count() == 1
    assert Touchpoint.objects.filter(kind="newsletter_signup").count() == 1


@pytest.mark.django_db
def test_an_enquiry_without_newsletter_consent_subscribes_nobody(worker, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        enquiry_create(source=Source.WEB, details=enquiry_details(email="sam@example.com"))

    assert not Subscriber.objects.exists()
    assert not MailchimpSync.objects.exists()


@pytest.mark.django_db
def test_a_stage_move_turns_the_old_phase_tag_off_and_the_new_one_on(
    worker, django_capture_on_commit_callbacks
):
    # Given a household subscribed from their enquiry
    with django_capture_on_commit_callbacks(execute=True):
        enquiry = enquiry_create(
            source=Source.WEB, details=enquiry_details(email="sam@example.com", newsletter_consent=True)
        )
    subscriber = Subscriber.objects.get()

    # When they register their interest
    with django_capture_on_commit_callbacks(execute=True):
        household_advance(
            household=enquiry.household, to_stage=Stage.REGISTRATION_OF_INTEREST, by=worker.user
        )

    # Then a fresh upsert turns phase 2 off and phase 4 on; no stage tag is ever on
    first, second = subscriber.syncs.order_by("pk")
    statuses = {tag["name"]: tag["status"] for tag in second.payload["tags"]["tags"]}
    assert {name: statuses[name] for name in ("Phase 2: Fact-finding and research", "Stage: Enquiry")} == {
        "Phase 2: Fact-finding and research": "inactive",
        "Stage: Enquiry": "inactive",
    }
    assert second.payload["tags"] == expected_tags("Phase 4: The decision", "Council: Kent")
    assert first.payload["tags"] != second.payload["tags"]
    assert second.action == "upsert"


@pytest.mark.django_db
def test_a_stage_move_sends_nothing_for_someone_who_unsubscribed(worker, django_capture_on_commit_callbacks):
    # Given a household who subscribed and then unsubscribed
    with django_capture_on_commit_callbacks(execute=True):
        enquiry = enquiry_create(
            source=Source.WEB, details=enquiry_details(email="sam@example.com", newsletter_consent=True)
        )
    subscriber_unsubscribe(subscriber=Subscriber.objects.get(), source="Mailchimp")

    # When they move on
    with django_capture_on_commit_callbacks(execute=True):
        household_advance(household=enquiry.household, to_stage=Stage.INITIAL_CONVERSATION, by=worker.user)

    # Then no upsert signs them up again
    assert list(MailchimpSync.objects.order_by("pk").values_list("action", flat=True)) == [
        "upsert",
        "unsubscribe",
    ]


@pytest.mark.django_db
def test_refreshing_sends_a_council_change_and_nothing_when_nothing_changed(
    worker, django_capture_on_commit_callbacks
):
    # Given a household subscribed from their enquiry
    with django_capture_on_commit_callbacks(execute=True):
        enquiry = enquiry_create(
            source=Source.WEB, details=enquiry_details(email="sam@example.com", newsletter_consent=True)
        )
    household = enquiry.household

    # When nothing has changed, a refresh sends nothing
    assert subscriber_refresh(household_id=household.pk) == []

    # When their council changes, a refresh sends the new council tag and merge field
    household.council = "medway"
    household.save(update_fields=["council"])
    [sync] = subscriber_refresh(household_id=household.pk)
    assert sync.payload["tags"] == expected_tags("Phase 2: Fact-finding and research", "Council: Medway")
    assert sync.payload["member"]["merge_fields"]["COUNCIL"] == "Medway"
    assert Subscriber.objects.get().council == "medway"


# The sign-up page and the footer form


def signup_post(client, **fields):
    data = {
        "email": "sam@example.com",
        "consent": "on",
        "wording_version": consent.NEWSLETTER.version,
        **fields,
    }
    return client.post("/newsletter/", data)


@pytest.mark.django_db
def test_the_sign_up_page_asks_for_consent_in_the_exact_words_with_the_box_unticked(client):
    response = client.get("/newsletter/")

    html = response.content.decode()
    assert response.status_code == 200
    assert consent.NEWSLETTER.text in html
    checkbox = re.search(r'<input[^>]*name="consent"[^>]*>', html).group(0)
    assert "checked" not in checkbox
    assert response["Cache-Control"] == "private, no-store"


@pytest.mark.django_db
def test_signing_up_on_the_page_redirects_to_the_thank_you(client):
    # Given the form was opened a minute ago
    token = signing.dumps(int(time.time()) - 60, salt=FORM_SALT)

    # When someone signs up with their name and council
    response = signup_post(client, first_name="Sam", council="medway", form_token=token)

    # Then they are redirected to the thank-you page and subscribed
    assert (response.status_code, response["Location"]) == (302, "/newsletter/thank-you/")
    subscriber = Subscriber.objects.get()
    assert (subscriber.email, subscriber.first_name, subscriber.council, subscriber.consent_source) == (
        "sam@example.com",
        "Sam",
        "medway",
        "Newsletter page",
    )
    assert "Thank you for signing up" in client.get(response["Location"]).content.decode()


@pytest.mark.django_db
def test_mistakes_are_shown_beside_the_fields_and_keep_what_was_typed(client):
    # When someone gives a broken address and forgets the box
    response = client.post(
        "/newsletter/",
        {"email": "sam@example", "first_name": "Sam", "council": "bexley", "wording_version": ""},
    )

    # Then the page explains both, in a summary and beside the fields, and keeps their input
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert html.count("Enter an email address in the correct format, like name@example.com.") == 2
    assert html.count("Tick the box to say you would like the newsletter.") == 2
    assert 'value="sam@example"' in html
    assert 'value="Sam"' in html
    assert re.search(r'<option value="bexley"[^>]*selected', html)
    assert not Subscriber.objects.exists()


@pytest.mark.django_db
def test_a_box_ticked_against_older_wording_is_asked_again(client):
    response = signup_post(client, wording_version="newsletter-2020-01")

    html = response.content.decode()
    assert "The wording of this box has changed. Read it again and tick it." in html
    assert f'value="{consent.NEWSLETTER.version}"' in html
    assert not Subscriber.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "trap",
    [
        {"website": "https://spam.example"},
        {"form_token": "tampered"},
        {"form_token": "fresh"},
    ],
    ids=["honeypot", "tampered-token", "too-fast"],
)
def test_suspected_bots_see_the_thank_you_and_are_not_signed_up(client, trap):
    if trap.get("form_token") == "fresh":
        trap = {"form_token": form_token()}

    response = signup_post(client, **trap)

    assert (response.status_code, response["Location"]) == (302, "/newsletter/thank-you/")
    assert not Subscriber.objects.exists()


@pytest.mark.django_db
def test_one_address_signing_up_many_times_an_hour_is_treated_as_a_script(client):
    for n in range(10):
        signup_post(client, email=f"person{n}@example.com")

    signup_post(client, email="eleventh@example.com")

    assert Subscriber.objects.count() == 10
    assert not Subscriber.objects.filter(email="eleventh@example.com").exists()


@pytest.mark.django_db
def test_every_page_has_the_footer_form_with_the_current_wording(client, home_page):
    html = client.get("/").content.decode()

    footer = html[html.index('<footer class="site-footer">') :]
    assert 'action="/newsletter/"' in footer
    assert consent.NEWSLETTER.text in footer
    assert f'name="wording_version" value="{consent.NEWSLETTER.version}"' in footer
    assert 'name="placement" value="footer"' in footer
    assert "checked" not in re.search(r'<input[^>]*name="consent"[^>]*>', footer).group(0)


@pytest.mark.django_db
def test_the_footer_form_signs_people_up_and_shows_mistakes_on_the_full_page(client):
    # When someone posts the footer form without ticking the box
    response = client.post("/newsletter/", {"email": "sam@example.com", "placement": "footer"})

    # Then the full page shows the error, keeps the address, and has no second footer form
    html = response.content.decode()
    assert "Tick the box to say you would like the newsletter." in html
    assert 'value="sam@example.com"' in html
    assert "footer-newsletter-email" not in html

    # When they tick it there, the sign-up is recorded as from the footer
    signup_post(client, placement="footer")
    assert Subscriber.objects.get().consent_source == "Newsletter form in the website footer"


# The admin screens


@pytest.fixture
def marketing_editor(db):
    from website.roles import MARKETING_EDITORS, roles_sync

    user = UserFactory(username="marketing")
    user.groups.add(roles_sync()[MARKETING_EDITORS])
    return user


@pytest.mark.django_db
def test_marketing_sees_subscribers_with_their_consent_and_last_sync(client, marketing_editor):
    sign_up()
    sign_up(email="jo@example.com", first_name="Jo")
    client.force_login(marketing_editor)

    response = client.get("/admin/newsletter/?q=sam")

    html = response.content.decode()
    assert response.status_code == 200
    assert "sam@example.com" in html
    assert "jo@example.com" not in html
    assert consent.NEWSLETTER.version in html
    assert "Recorded only" in html
    assert "/admin/newsletter/" in client.get("/admin/").content.decode()


@pytest.mark.django_db
def test_the_unsubscribe_action_unsubscribes_and_tells_mailchimp(client, marketing_editor):
    subscriber = sign_up()
    client.force_login(marketing_editor)

    response = client.post(f"/admin/newsletter/subscribers/{subscriber.pk}/unsubscribe/")

    assert (response.status_code, response["Location"]) == (302, "/admin/newsletter/")
    subscriber.refresh_from_db()
    assert (subscriber.status, subscriber.consent_source) == ("unsubscribed", "Admin: marketing")
    assert subscriber.syncs.filter(action="unsubscribe").exists()


@pytest.mark.django_db
def test_failed_syncs_show_their_error_and_can_be_tried_again(client, marketing_editor):
    # Given a sync that failed
    subscriber = sign_up()
    failed = MailchimpSync.objects.create(
        subscriber=subscriber,
        action="upsert",
        payload={},
        status="failed",
        attempts=8,
        last_error="Mailchimp refused the change (HTTP 400); it will not be retried. Invalid Resource",
    )
    client.force_login(marketing_editor)

    # Then it is listed with its error
    html = client.get("/admin/newsletter/syncs/").content.decode()
    assert "Invalid Resource" in html
    assert f"/admin/newsletter/syncs/{failed.pk}/retry/" in html

    # And trying again makes it pending with a fresh set of attempts
    response = client.post(f"/admin/newsletter/syncs/{failed.pk}/retry/")
    assert (response.status_code, response["Location"]) == (302, "/admin/newsletter/syncs/")
    failed.refresh_from_db()
    assert (failed.status, failed.attempts) == ("pending", 0)


@pytest.mark.django_db
def test_trying_again_queues_the_row_after_the_commit(django_capture_on_commit_callbacks):
    subscriber = sign_up()
    failed = MailchimpSync.objects.create(subscriber=subscriber, action="upsert", payload={}, status="failed")

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        mailchimp_sync_retry(sync_id=failed.pk)

    failed.refresh_from_db()
    assert (failed.status, failed.attempts, len(callbacks)) == ("pending", 0, 1)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("method", "address"),
    [
        ("get", "/admin/newsletter/"),
        ("get", "/admin/newsletter/syncs/"),
        ("post", "/admin/newsletter/subscribers/{subscriber}/unsubscribe/"),
        ("post", "/admin/newsletter/syncs/{sync}/retry/"),
    ],
)
def test_recruitment_workers_get_a_404_and_no_menu_item(client, worker, method, address):
    subscriber = sign_up()
    sync = subscriber.syncs.get()
    client.force_login(worker.user)

    response = getattr(client, method)(address.format(subscriber=subscriber.pk, sync=sync.pk))

    assert response.status_code == 404
    assert "/admin/newsletter/" not in client.get("/admin/").content.decode()
    subscriber.refresh_from_db()
    assert subscriber.status == "subscribed"


@pytest.mark.django_db
def test_managers_see_the_newsletter_screens(client, crm_reference):
    manager = staff_member("manager", role="manager", council=None)
    client.force_login(manager.user)

    assert client.get("/admin/newsletter/").status_code == 200
    assert client.get("/admin/newsletter/syncs/").status_code == 200


# The phase tag follows the Kindred phase of the household's latest stage touch: approval is phase 5 ("the
# process and adoption"), never 6 ("after care", which begins after the adoption order); a stage that
# records no touch (the initial conversation, ROI accepted) leaves the household in the phase it was in.
SUBSCRIBER_PHASES = {
    Stage.ENQUIRY: 2,
    Stage.INITIAL_CONVERSATION: 2,
    Stage.INFORMATION_EVENT: 2,
    Stage.REGISTRATION_OF_INTEREST: 4,
    Stage.ROI_ACCEPTED: 4,
    Stage.STAGE_ONE: 5,
    Stage.BREAK: 5,
    Stage.STAGE_TWO: 5,
    Stage.PANEL: 5,
    Stage.APPROVED: 5,
}


@pytest.mark.parametrize(("stage", "phase"), SUBSCRIBER_PHASES.items())
def test_a_subscribers_phase_tag_is_the_phase_of_their_latest_stage_touch(stage, phase):
    from campaigns.newsletter.payloads import subscriber_phase, upsert_payload
    from crm.models import Household

    household = Household(stage=stage, council="kent")
    payload = upsert_payload(Subscriber(email="sam@example.com", council="kent"), household)

    assert subscriber_phase(household) == phase
    active = {tag["name"] for tag in payload["tags"]["tags"] if tag["status"] == "active"}
    assert active == {PHASES[phase - 1], "Council: Kent"}
