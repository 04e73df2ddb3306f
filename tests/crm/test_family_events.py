"""Family events (support groups, coffee mornings, training for adoptive families): a booking is never
a recruitment enquiry. It joins the family's record if they are known, or makes them known at the
stage before enquiry "Booked a family event", in no queue, count or report of casework."""

import datetime as dt

from django.utils import timezone

import pytest

from campaigns.models import Touchpoint
from core import consent
from crm.events import FAMILY_EVENT_TYPES, RECRUITMENT_EVENT_TYPES, event_type_is_family
from crm.models import Consent, Enquiry, EventBooking, Household, SideEffect, Source, Stage, StageChange
from crm.quarterly_return import Quarter, quarterly_return
from crm.reports.funnel import FunnelFilters, funnel_report
from crm.reports.timeliness import TimelinessFilters, timeliness_report
from crm.reports.workload import WorkloadFilters, workload_report
from crm.selectors import households_visible_to, triage_counts
from crm.services import (
    BookingError,
    PipelineError,
    booking_cancel,
    booking_create,
    booking_mark_attendance,
    enquiry_create,
    household_advance,
    household_assign,
    household_close,
    households_merge,
)
from crm.services.journeys import journeys_rebuild
from tests.crm.insight_history import history_make
from tests.factories import enquiry_details, event_index, event_page, staff_member
from website.models import EventPage, EventType


@pytest.fixture
def kent_worker(crm_reference):
    return staff_member("kent.worker", council="kent")


@pytest.fixture
def events(home_page):
    return event_index(home_page)


@pytest.fixture
def group(events):
    return event_page(
        events, title="Support group in Rochester", days=10, capacity=2, event_type="support_group"
    )


@pytest.fixture
def evening(events):
    return event_page(events, title="Information evening in Maidstone", days=12)


def book(event, **fields):
    places = fields.pop("places", 1)
    fields.setdefault("phone", "")
    return booking_create(
        event_id=event.pk, capacity=event.capacity, details=enquiry_details(**fields), places=places
    )


def approved_household(worker, **fields) -> Household:
    """An approved adopter, through the front door and every move to approval."""
    household = enquiry_create(source=Source.PHONE, details=enquiry_details(**fields)).household
    for stage in ("initial_conversation", "registration_of_interest", "roi_accepted", "stage_one"):
        household_advance(household=household, to_stage=stage, by=worker.user)
    for stage in ("stage_two", "panel", "approved"):
        household_advance(household=household, to_stage=stage, by=worker.user)
    household.refresh_from_db()
    assert household.stage == Stage.APPROVED
    return household


def touches(household) -> list[tuple[str, str, int]]:
    return sorted(household.touchpoints.values_list("kind", "channel__slug", "phase"))


def test_every_event_type_is_either_a_door_into_adopting_or_a_family_event():
    assert set(EventType.values) == RECRUITMENT_EVENT_TYPES | FAMILY_EVENT_TYPES
    assert not RECRUITMENT_EVENT_TYPES & FAMILY_EVENT_TYPES
    assert {value for value in EventType.values if not event_type_is_family(value)} == {
        "information_evening",
        "preparation_training",
    }
    assert EventType("social_event").label == "Social event or coffee morning"


def test_the_website_check_names_an_event_type_the_crm_does_not_sort():
    from website.checks import event_type_errors

    errors = event_type_errors(
        ["information_evening", "camping"], recruitment={"information_evening"}, family=set()
    )
    assert [error.id for error in errors] == ["website.E001"]
    assert "'camping' is in neither" in errors[0].msg


@pytest.mark.django_db
def test_an_unknown_person_booking_a_support_group_makes_no_case(
    group, kent_worker, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        booking = book(group, email="sam@example.com", postcode="ME14 1XX")

    assert booking.status == EventBooking.Status.BOOKED and booking.family_event
    assert booking.enquiry is None and not Enquiry.objects.exists()
    household = booking.household
    assert household.stage == Stage.FAMILY_EVENT_BOOKED
    # Known, not a case: in no queue or count, with no worker and no clock.
    assert not Household.objects.active().exists() and not Household.objects.open().exists()
    assert list(Household.objects.known()) == [household]
    assert (household.assigned_to, household.clock, household.due_on) == (None, None, None)
    assert household.team.council == "kent"
    assert triage_counts(user=kent_worker.user) == dict.fromkeys(triage_counts(user=kent_worker.user), 0)
    assert not StageChange.objects.exists()
    # Their record is open to staff who may see their team's, so the bookings list can name them.
    assert households_visible_to(kent_worker.user).get() == household
    # Consent in the words the family event's form uses.
    contact = Consent.objects.get(household=household)
    assert (contact.purpose, contact.wording_version, contact.enquiry, contact.source) == (
        Consent.Purpose.CONTACT,
        consent.FAMILY_EVENT.version,
        None,
        "Family event booking",
    )
    # Their confirmation, and no worker told of a new enquiry.
    assert set(SideEffect.objects.values_list("kind", flat=True)) == {"booking_confirmation"}
    # One touch, on "Networking opportunities" in after care; nothing on recruitment's channels.
    assert touches(household) == [("event_booking", "networking", 6)]


@pytest.mark.django_db
def test_a_family_booker_may_sign_up_to_the_newsletter_as_they_book(
    group, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        household = book(group, email="sam@example.com", newsletter_consent=True).household
    assert Consent.objects.filter(household=household, purpose=Consent.Purpose.NEWSLETTER).exists()
    # Signing up is the newsletter's own touch, as from any form; the booking's is on networking.
    assert touches(household) == [("event_booking", "networking", 6), ("newsletter_signup", "newsletter", 4)]


@pytest.mark.django_db
def test_an_approved_adopter_booking_joins_their_record_and_changes_nothing(
    group, kent_worker, django_capture_on_commit_callbacks
):
    household = approved_household(kent_worker, email="ada@example.com", phone="01622 000111")
    before = Household.objects.get(pk=household.pk)
    enquiries, notices = (
        Enquiry.objects.count(),
        SideEffect.objects.filter(kind="worker_notification").count(),
    )
    Touchpoint.objects.all().delete()

    with django_capture_on_commit_callbacks(execute=True):
        # Known by phone alone: the match is by email or phone, as for an enquiry.
        booking = book(group, first_name="Ada", email="ada.new@example.com", phone="01622 000111")

    assert booking.household_id == household.pk and booking.family_event
    after = Household.objects.get(pk=household.pk)
    for name in (
        "stage",
        "stage_entered_at",
        "team_id",
        "assigned_to_id",
        "assigned_at",
        "clock_id",
        "due_on",
        "last_enquiry_at",
        "email",
        "closed_at",
    ):
        assert getattr(after, name) == getattr(before, name), name
    assert Enquiry.objects.count() == enquiries
    assert SideEffect.objects.filter(kind="worker_notification").count() == notices
    assert touches(household) == [("event_booking", "networking", 6)]

    # Coming to it is a second touch on the same channel, and moves nobody on.
    EventPage.objects.filter(pk=group.pk).update(
        start=timezone.now() - dt.timedelta(hours=1), end=timezone.now() + dt.timedelta(hours=1)
    )
    with django_capture_on_commit_callbacks(execute=True):
        booking_mark_attendance(booking=booking, attended=True, by=kent_worker.user)
    assert Household.objects.get(pk=household.pk).stage == Stage.APPROVED
    assert touches(household) == [("event_attendance", "networking", 6), ("event_booking", "networking", 6)]


@pytest.mark.django_db
def test_a_closed_case_booking_a_family_event_stays_closed(group, kent_worker):
    household = enquiry_create(source=Source.WEB, details=enquiry_details(email="ben@example.com")).household
    household_close(household=household, reason="withdrew_fostering", by=kent_worker.user)
    booking = book(group, email="ben@example.com")
    household.refresh_from_db()
    assert booking.household == household
    assert (household.closure_reason, household.stage) == ("withdrew_fostering", Stage.ENQUIRY)
    assert household.closed_at is not None and household.clock is None


@pytest.mark.django_db
def test_a_pack_requester_booking_a_family_event_keeps_their_stage(group, kent_worker):
    from crm.services import information_pack_requester_record

    household = information_pack_requester_record(
        first_name="Priya", email="priya@example.com", postcode="ME14 1XX", source="Website"
    )
    booking = book(group, email="priya@example.com")
    assert booking.household == household
    assert Household.objects.get(pk=household.pk).stage == Stage.PACK_REQUESTED


@pytest.mark.django_db
def test_an_information_evening_booking_is_still_an_enquiry(
    evening, kent_worker, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        booking = book(evening, email="robin@example.com")
    household = booking.household
    assert not booking.family_event
    assert (household.stage, household.assigned_to, household.clock.code) == (
        Stage.ENQUIRY,
        kent_worker,
        "first_contact",
    )
    assert (booking.enquiry.source, booking.enquiry.status) == (Source.EVENT, "accepted")
    assert (
        Consent.objects.get(household=household, purpose="contact").wording_version == consent.CONTACT.version
    )
    assert set(SideEffect.objects.values_list("kind", flat=True)) == {
        "booking_confirmation",
        "worker_notification",
    }
    assert touches(household) == [
        ("enquiry", "information-events", 2),
        ("event_booking", "information-events", 2),
    ]


@pytest.mark.django_db
def test_a_family_event_booker_who_enquires_later_starts_their_case_on_the_same_record(
    group, kent_worker, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        booking = book(group, email="sam@example.com", postcode="ME14 1XX")
    known = booking.household
    later = timezone.now()

    with django_capture_on_commit_callbacks(execute=True):
        enquiry = enquiry_create(
            source=Source.WEB, details=enquiry_details(email="SAM@example.com", phone="07700 900555")
        )

    household = Household.objects.get(pk=enquiry.household_id)
    assert household.pk == known.pk and Household.objects.count() == 1
    assert household.stage == Stage.ENQUIRY and household.first_enquiry_at >= later
    assert household.assigned_to == kent_worker and household.clock.code == "first_contact"
    assert household.phone == "07700900555" and household.first_contact_at is None
    assert list(Household.objects.active()) == [household]
    assert household.bookings.get() == booking
    assert household.journey_dates.enquiry_on == timezone.localdate(household.first_enquiry_at)
    kinds = {kind for kind, _, _ in touches(household)}
    assert {"event_booking", "enquiry"} <= kinds


@pytest.mark.django_db
def test_booking_rules_hold_at_a_family_event(group):
    first = book(group, email="a@example.com")
    again = booking_create(
        event_id=group.pk,
        capacity=group.capacity,
        details=enquiry_details(email="a@example.com", phone=""),
        access_needs="Step-free access",
    )
    assert again == first and EventBooking.objects.get(pk=first.pk).access_needs == "Step-free access"
    pair = book(group, email="b@example.com", places=2)
    single = book(group, email="c@example.com")
    assert (pair.status, single.status) == ("waiting", "booked")
    booking_cancel(token=single.token)
    assert EventBooking.objects.get(pk=pair.pk).status == "waiting"
    booking_cancel(token=first.token)
    assert EventBooking.objects.get(pk=pair.pk).status == "booked"


@pytest.mark.django_db
def test_a_double_submit_books_once_even_after_cancelling(group):
    import uuid

    key = uuid.uuid4()
    details = enquiry_details(email="d@example.com", phone="")
    first = booking_create(event_id=group.pk, capacity=2, details=details, submission_key=key)
    booking_cancel(token=first.token)
    again = booking_create(event_id=group.pk, capacity=2, details=details, submission_key=key)
    assert again.pk == first.pk and EventBooking.objects.count() == 1


@pytest.mark.django_db
def test_a_family_event_booking_that_looks_like_a_bots_is_quietly_not_made(group):
    booking = booking_create(
        event_id=group.pk,
        capacity=group.capacity,
        details=enquiry_details(email="bot@example.com"),
        spam_reasons=["The hidden 'leave this empty' field was filled in."],
    )
    assert booking is None
    assert (
        not Household.objects.exists() and not Enquiry.objects.exists() and not EventBooking.objects.exists()
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fields", "message"),
    [({"first_name": " "}, "first name"), ({"contact_consent": False}, "agreed to be contacted")],
)
def test_a_family_event_booking_needs_a_name_and_consent(group, fields, message):
    with pytest.raises(BookingError, match=message):
        book(group, **fields)


@pytest.mark.django_db
def test_staff_cannot_treat_a_family_booker_as_a_case(group, kent_worker):
    household = book(group, email="sam@example.com").household
    with pytest.raises(PipelineError, match="not enquired about adopting"):
        household_assign(household=household, staff=kent_worker, by=kent_worker.user)
    with pytest.raises(PipelineError, match="not enquired about adopting"):
        household_close(household=household, reason="lost_contact", by=kent_worker.user)
    # A case found to be the same family takes the family's record in, never the other way round.
    case = enquiry_create(
        source=Source.PHONE, details=enquiry_details(email="", phone="01622 111222")
    ).household
    with pytest.raises(PipelineError, match="is a case and this record is not"):
        households_merge(keep=household, remove=case, by=kent_worker.user)
    case_before = Household.objects.get(pk=case.pk)
    households_merge(keep=case, remove=household, by=kent_worker.user)
    case.refresh_from_db()
    assert case.bookings.count() == 1 and case.stage == Stage.ENQUIRY
    assert case.first_enquiry_at == case_before.first_enquiry_at


@pytest.mark.django_db
def test_a_family_booker_is_no_enquiry_in_campaign_results_or_the_journey_dates(group, kent_worker):
    from django.db import connection

    from campaigns.attribution import Outcome, outcomes_sql
    from crm.models import JourneyDates

    family = book(group, email="sam@example.com").household
    case = enquiry_create(source=Source.WEB, details=enquiry_details(email="robin@example.com")).household
    journeys_rebuild()
    assert list(JourneyDates.objects.values_list("household_id", flat=True)) == [case.pk]
    sql, params = outcomes_sql(outcome=Outcome.ENQUIRY, start=None, end=None)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        assert [row[0] for row in cursor.fetchall()] == [case.pk]
    assert family.pk != case.pk


@pytest.mark.django_db
def test_casework_figures_are_the_same_after_family_event_bookings(
    events, django_capture_on_commit_callbacks
):
    history = history_make()
    journeys_rebuild()
    group = event_page(events, title="Coffee morning", days=3, event_type="social_event")
    manager, worker = history.manager.user, history.kent_worker.user
    today = timezone.localdate()
    dates = {"date_from": dt.date(2025, 1, 1), "date_to": today + dt.timedelta(days=1)}

    def figures():
        return {
            "triage": (triage_counts(user=worker), triage_counts(user=manager)),
            "active": sorted(Household.objects.active().values_list("pk", flat=True)),
            "funnel": _shown(funnel_report(user=manager, filters=FunnelFilters(**dates))),
            "workload": _shown(workload_report(user=manager, filters=WorkloadFilters(**dates))),
            "worker workload": _shown(workload_report(user=worker, filters=WorkloadFilters(**dates))),
            "timeliness": _shown(timeliness_report(user=manager, filters=TimelinessFilters(**dates))),
            "return": [
                row.values for row in quarterly_return(user=manager, quarter=Quarter.containing(today)).rows
            ],
        }

    before = figures()
    with django_capture_on_commit_callbacks(execute=True):
        book(group, email="ada@example.com")  # approved
        book(group, email="ben@example.com")  # closed
        book(group, email="newcomer@example.com", postcode="ME14 1XX")
    assert Household.objects.known().filter(stage=Stage.FAMILY_EVENT_BOOKED).count() == 1
    assert figures() == before


def _shown(report) -> dict:
    return {
        name: [[cell.display for cell in row] for row in [*table.rows, *table.totals]]
        for name, table in report.tables.items()
    }


# The event page, its form and the emails


def form_data(**fields) -> dict:
    import uuid

    data = {
        "first_name": "Jess",
        "last_name": "Hughes",
        "email": "jess@example.com",
        "phone": "",
        "postcode": "ME4 6AB",
        "places": "2",
        "contact_consent": "on",
        "submission_key": str(uuid.uuid4()),
        "website": "",
    }
    return {**data, **fields}


@pytest.mark.django_db
def test_a_family_event_page_and_form_say_nothing_about_adopting_enquiries(client, group, evening):
    html = client.get(group.url).content.decode()
    form = html[
        html.index('class="booking-form"') : html.index("</form>", html.index('class="booking-form"'))
    ]
    assert "For approved adopters and adoptive families." in html
    assert consent.FAMILY_EVENT.text in form
    assert consent.CONTACT.text not in form
    assert "adopting" not in form.lower() and "enquir" not in form.lower()
    assert 'name="heard_about"' not in form
    # A recruitment event's form is as it was.
    evening_html = client.get(evening.url).content.decode()
    assert consent.CONTACT.text in evening_html and 'name="heard_about"' in evening_html
    assert "For approved adopters and adoptive families." not in evening_html


@pytest.mark.django_db
def test_booking_a_family_event_from_its_page(client, group, django_capture_on_commit_callbacks):
    from django.core import mail

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{group.url}book/", form_data(heard_about="radio"))
    booking = EventBooking.objects.get()
    assert response["Location"] == f"{group.url}book/done/?b={booking.token}"
    assert "Your place is booked" in client.get(response["Location"]).content.decode()
    assert (booking.places, booking.family_event, booking.household.stage) == (
        2,
        True,
        Stage.FAMILY_EVENT_BOOKED,
    )
    assert not Enquiry.objects.exists()
    (email,) = mail.outbox
    assert email.subject == "Your place is booked: Support group in Rochester"
    assert "event for approved adopters and adoptive families is booked" in email.body
    assert "so another family can have your place" in email.body


@pytest.mark.django_db
def test_a_filled_honeypot_at_a_family_event_is_thanked_and_nothing_is_kept(client, group):
    response = client.post(f"{group.url}book/", form_data(website="http://spam.example"), follow=True)
    assert "Thank you, we have your request" in response.content.decode()
    assert (
        not Enquiry.objects.exists() and not EventBooking.objects.exists() and not Household.objects.exists()
    )


@pytest.mark.django_db
def test_the_funnel_says_it_counts_recruitment_only(client, crm_reference):
    from tests.factories import staff_member

    client.force_login(staff_member("funnel.manager", role="manager", council=None).user)

    page = client.get("/admin/insight/funnel/").content.decode()

    assert "Recruitment only: people who only asked for the information pack or booked a family event" in page
