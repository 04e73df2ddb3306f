"""The CRM's staff screens in the Wagtail admin: the queue, the household page and its actions,
logging an enquiry, quarantine, availability and the reference tables."""

import datetime as dt
import html
import re
import uuid

from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import pytest

from crm.models import (
    Clock,
    Enquiry,
    Household,
    PostcodeArea,
    SideEffect,
    Source,
    StaffMember,
    Stage,
    TimelineEntry,
)
from crm.services import enquiry_create, household_advance, household_assign, household_close
from tests.factories import enquiry_details, staff_member

QUEUE = "/admin/crm/households/"


def household_url(household, action=""):
    return f"/admin/crm/households/{household.pk}/" + (f"{action}/" if action else "")


def flash(response) -> str:
    """The text of the latest admin message, without its markup."""
    *_earlier, latest = get_messages(response.wsgi_request)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", str(latest))).split())


def names_in(response) -> list[str]:
    return [household.display_name for household in response.context["households"]]


def make_household(
    *, first_name="Alex", last_name="Morgan", postcode="ME14 1XX", source=Source.WEB, n=0, **fields
):
    details = enquiry_details(
        first_name=first_name,
        last_name=last_name,
        postcode=postcode,
        email=fields.pop("email", f"{first_name.lower()}.{n}@example.com"),
        phone=fields.pop("phone", f"0770090{n:04d}"),
        **fields,
    )
    return enquiry_create(source=source, details=details).household


@pytest.fixture
def kent_worker(crm_reference):
    return staff_member("kent.worker", council="kent", first_name="Kim", last_name="Kent")


@pytest.fixture
def manager(crm_reference):
    return staff_member("manager", role="manager", council=None, first_name="Mo", last_name="Manager")


@pytest.fixture
def household(kent_worker):
    return make_household()


@pytest.fixture
def worker_client(client, kent_worker):
    client.force_login(kent_worker.user)
    return client


@pytest.fixture
def manager_client(client, manager):
    client.force_login(manager.user)
    return client


# The queue


@pytest.mark.django_db
def test_a_worker_lands_on_their_own_cases_and_a_manager_on_everything_open(client, kent_worker, manager):
    mine = make_household(first_name="Mine", n=1)
    household_assign(household=make_household(first_name="Colleague", n=2), staff=None, by=None)
    medway = make_household(first_name="Medway", postcode="ME4 4AA", n=3)

    client.force_login(kent_worker.user)
    response = client.get(QUEUE)
    assert response.context["tab"] == "mine"
    assert names_in(response) == [mine.display_name]

    client.force_login(manager.user)
    response = client.get(QUEUE)
    assert response.context["tab"] == "all"
    assert sorted(names_in(response)) == sorted(["Mine Morgan", "Colleague Morgan", medway.display_name])


@pytest.mark.django_db
def test_tabs_show_unassigned_team_and_overdue_cases(worker_client, kent_worker):
    make_household(first_name="Mine", n=1)
    waiting = make_household(first_name="Waiting", n=2)
    household_assign(household=waiting, staff=None, by=None)
    late = make_household(first_name="Late", n=3)
    Household.objects.filter(pk=late.pk).update(due_on=timezone.localdate() - dt.timedelta(days=3))

    assert names_in(worker_client.get(QUEUE, {"tab": "unassigned"})) == ["Waiting Morgan"]
    assert sorted(names_in(worker_client.get(QUEUE, {"tab": "team"}))) == [
        "Late Morgan",
        "Mine Morgan",
        "Waiting Morgan",
    ]
    overdue = worker_client.get(QUEUE, {"tab": "overdue"})
    assert names_in(overdue) == ["Late Morgan"]
    assert "Overdue</span>" in overdue.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("morg", ["Alex Morgan"]),
        ("SAM TAYLOR", ["Sam Taylor"]),
        ("alex.1@EXAMPLE", ["Alex Morgan"]),
        ("+44 7700 900002", ["Sam Taylor"]),
        ("900 002", ["Sam Taylor"]),
        ("me141", ["Alex Morgan"]),
        ("tn23 1", ["Sam Taylor"]),
        ("nobody", []),
    ],
)
def test_search_matches_part_of_a_name_email_phone_or_postcode(manager_client, kent_worker, query, expected):
    make_household(first_name="Alex", last_name="Morgan", postcode="ME14 1XX", n=1)
    make_household(first_name="Sam", last_name="Taylor", postcode="TN23 1AB", n=2)
    response = manager_client.get(QUEUE, {"tab": "all", "q": query})
    assert names_in(response) == expected


@pytest.mark.django_db
def test_search_by_reference_finds_that_record(manager_client, kent_worker):
    make_household(first_name="Alex", n=1)
    sam = make_household(first_name="Sam", n=2)
    assert names_in(manager_client.get(QUEUE, {"tab": "all", "q": sam.reference.lower()})) == ["Sam Morgan"]


@pytest.mark.django_db
def test_filters_by_council_stage_source_and_first_enquiry_date(manager_client, manager, kent_worker):
    kent = make_household(first_name="Kent", n=1)
    make_household(first_name="Medway", postcode="ME4 4AA", n=2)
    phoned = make_household(first_name="Phoned", source=Source.PHONE, n=3)
    household_advance(household=kent, to_stage=Stage.INITIAL_CONVERSATION, by=manager.user)
    Household.objects.filter(pk=phoned.pk).update(first_enquiry_at=timezone.now() - dt.timedelta(days=40))

    def names(**filters):
        return sorted(names_in(manager_client.get(QUEUE, {"tab": "all", **filters})))

    assert names(council="kent") == ["Kent Morgan", "Phoned Morgan"]
    assert names(stage="initial_conversation") == ["Kent Morgan"]
    assert names(source="phone") == ["Phoned Morgan"]
    since = (timezone.localdate() - dt.timedelta(days=7)).isoformat()
    assert names(received_from=since) == ["Kent Morgan", "Medway Morgan"]
    assert names(received_to=since) == ["Phoned Morgan"]


@pytest.mark.django_db
def test_a_bad_filter_is_explained_and_the_rest_still_apply(manager_client, kent_worker):
    make_household(first_name="Kent", n=1)
    make_household(first_name="Medway", postcode="ME4 4AA", n=2)
    response = manager_client.get(
        QUEUE, {"tab": "all", "council": "medway", "received_from": "2026-03-10", "received_to": "2026-03-01"}
    )
    assert names_in(response) == ["Medway Morgan"]
    assert "The end date must be on or after the start date." in response.content.decode()


@pytest.mark.django_db
def test_columns_sort_both_ways_and_stage_sorts_in_journey_order(manager_client, manager, kent_worker):
    early = make_household(first_name="Zed", last_name="Adams", n=1)
    later = make_household(first_name="Amy", last_name="Zane", n=2)
    household_advance(household=later, to_stage=Stage.INITIAL_CONVERSATION, by=manager.user)
    household_advance(household=early, to_stage=Stage.INFORMATION_EVENT, by=manager.user)

    assert names_in(manager_client.get(QUEUE, {"tab": "all", "sort": "name"})) == ["Zed Adams", "Amy Zane"]
    assert names_in(manager_client.get(QUEUE, {"tab": "all", "sort": "-name"})) == ["Amy Zane", "Zed Adams"]
    # Alphabetically "information event" comes before "initial conversation"; in the journey it is after.
    assert names_in(manager_client.get(QUEUE, {"tab": "all", "sort": "stage"})) == ["Amy Zane", "Zed Adams"]
    assert names_in(manager_client.get(QUEUE, {"tab": "all", "sort": "-stage"})) == ["Zed Adams", "Amy Zane"]


@pytest.mark.django_db
def test_sort_links_keep_the_search_and_mark_the_sorted_column(manager_client, kent_worker):
    make_household(n=1)
    response = manager_client.get(QUEUE, {"tab": "all", "q": "alex", "sort": "name"})
    columns = {column["key"]: column for column in response.context["columns"]}
    assert columns["name"]["aria_sort"] == "ascending"
    assert "sort=-name" in columns["name"]["url"] and "q=alex" in columns["name"]["url"]
    assert 'aria-sort="ascending"' in response.content.decode()


@pytest.mark.django_db
def test_the_queue_is_paginated_in_25s(manager_client, kent_worker):
    for n in range(27):
        make_household(first_name=f"Person{n:02d}", n=n)
    first = manager_client.get(QUEUE, {"tab": "all", "sort": "name"})
    second = manager_client.get(QUEUE, {"tab": "all", "sort": "name", "p": 2})
    assert len(first.context["households"]) == 25
    assert names_in(second) == ["Person25 Morgan", "Person26 Morgan"]
    assert first.context["page_obj"].paginator.count == 27


def queue_queries(client, count) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(QUEUE, {"tab": "all"})
    assert len(response.context["households"]) == count
    return len(queries)


@pytest.mark.django_db
def test_the_queue_makes_the_same_number_of_queries_for_5_or_30_rows(
    manager_client, kent_worker, django_assert_max_num_queries
):
    for n in range(5):
        make_household(first_name=f"First{n}", n=n)
    # The session's first request records when it began (the staff session limits); count from the next.
    manager_client.get(QUEUE, {"tab": "all"})
    with_5 = queue_queries(manager_client, 5)
    for n in range(5, 30):
        make_household(first_name=f"More{n}", n=n)
    Household.objects.filter(first_name="More7").update(due_on=timezone.localdate() - dt.timedelta(days=1))
    with django_assert_max_num_queries(with_5):
        response = manager_client.get(QUEUE, {"tab": "all", "p": 1})
    assert len(response.context["households"]) == 25
    assert queue_queries(manager_client, 25) == with_5


@pytest.mark.django_db
def test_bulk_assign_gives_the_ticked_households_to_one_person_and_ignores_unseen_ones(
    worker_client, kent_worker, crm_reference
):
    colleague = staff_member("kent.colleague", council="kent", first_name="Cat")
    ours = [make_household(first_name=name, n=n) for n, name in enumerate(["Ann", "Bob"])]
    medway_worker = staff_member("medway.worker", council="medway")
    theirs = make_household(first_name="Medway", postcode="ME4 4AA", n=9)
    assert theirs.assigned_to == medway_worker

    response = worker_client.post(
        "/admin/crm/households/assign/",
        {
            "bulk-households": [ours[0].pk, ours[1].pk, theirs.pk, "junk"],
            "bulk-assign_to": colleague.pk,
            "next": QUEUE + "?tab=team",
        },
    )
    assert response.status_code == 302 and response["Location"] == QUEUE + "?tab=team"
    assert {h.assigned_to_id for h in Household.objects.filter(pk__in=[o.pk for o in ours])} == {colleague.pk}
    theirs.refresh_from_db()
    assert theirs.assigned_to == medway_worker
    assert flash(response) == "2 households assigned to Cat " + colleague.user.last_name + "."


@pytest.mark.django_db
def test_bulk_assign_to_the_team_queue_and_with_nothing_ticked(worker_client, household):
    response = worker_client.post(
        "/admin/crm/households/assign/", {"bulk-households": [household.pk], "bulk-assign_to": "team"}
    )
    household.refresh_from_db()
    assert household.assigned_to is None
    assert flash(response) == "1 household assigned to the team queue."

    response = worker_client.post("/admin/crm/households/assign/", {"bulk-assign_to": "team"})
    assert flash(response) == "Tick at least one household to assign."


@pytest.mark.django_db
def test_a_worker_cannot_bulk_assign_to_someone_outside_their_team(worker_client, household, crm_reference):
    medway_worker = staff_member("medway.worker", council="medway")
    response = worker_client.post(
        "/admin/crm/households/assign/",
        {"bulk-households": [household.pk], "bulk-assign_to": medway_worker.pk},
    )
    household.refresh_from_db()
    assert household.assigned_to.user.username == "kent.worker"
    assert "You cannot give households to that person" in flash(response)


@pytest.mark.django_db
def test_a_worker_marks_themselves_away_and_back(worker_client, kent_worker):
    page = worker_client.get(QUEUE).content.decode()
    assert "I&#x27;m away" in page or "I'm away" in page
    response = worker_client.post("/admin/crm/availability/", {"away": "1", "next": QUEUE})
    kent_worker.refresh_from_db()
    assert kent_worker.is_away and response["Location"] == QUEUE
    assert "I'm back" in worker_client.get(QUEUE).content.decode().replace("&#x27;", "'")
    worker_client.post("/admin/crm/availability/", {"away": "0"})
    kent_worker.refresh_from_db()
    assert not kent_worker.is_away


# The household page


@pytest.mark.django_db
def test_the_household_page_shows_details_consents_clock_moves_and_timeline(worker_client, kent_worker):
    household = make_household(
        interests=["siblings"], best_time_to_call="evening", newsletter_consent=True, household_type="couple"
    )
    response = worker_client.get(household_url(household))
    page = response.content.decode()
    assert response.status_code == 200
    for text in [
        "Alex Morgan",
        household.reference,
        "alex.0@example.com",
        "ME14 1XX",
        "Brothers and sisters (sibling groups)",
        "Early evening (5pm to 7pm)",
        "As a couple",
        "version contact-2026-11",
        "version newsletter-2026-11",
        "First contact due",
        "Next: Initial conversation or Information event or Registration of interest.",
        "Website form enquiry received",
        "Assigned to Kim Kent",
    ]:
        assert text in page, text
    assert [name for name, _title, _form in response.context["actions"]] == [
        "call",
        "note",
        "pack",
        "message",
        "document",
        "advance",
        "assign",
        "flags",
        "extend",
        "close",
        "merge",
    ]


@pytest.mark.django_db
def test_logging_a_call_adds_it_to_the_timeline_and_stops_the_first_contact_clock(worker_client, household):
    response = worker_client.post(
        household_url(household, "call"),
        {"call-reached": "yes", "call-summary": "Talked through the pack", "call-notes": "Keen on siblings"},
    )
    assert response.status_code == 302 and response["Location"] == household_url(household)
    assert flash(response) == "Call logged."
    entry = household.timeline.get(kind=TimelineEntry.Kind.CALL)
    assert (entry.summary, entry.body) == ("Call: Talked through the pack", "Keen on siblings")
    household.refresh_from_db()
    assert household.first_contact_at is not None


@pytest.mark.django_db
def test_a_call_without_a_summary_is_explained_and_what_was_typed_stays(worker_client, household):
    response = worker_client.post(
        household_url(household, "call"), {"call-reached": "no", "call-notes": "Rang twice"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Say briefly what the call was about." in page
    assert "Rang twice</textarea>" in page
    assert 'value="no" required id="id_call-reached_1" checked' in page
    assert not household.timeline.filter(kind=TimelineEntry.Kind.CALL).exists()


@pytest.mark.django_db
def test_a_call_in_the_future_shows_the_services_message(worker_client, household):
    tomorrow = (timezone.localtime() + dt.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    response = worker_client.post(
        household_url(household, "call"),
        {"call-reached": "yes", "call-summary": "Spoke", "call-at": tomorrow},
    )
    assert "A call cannot be logged in the future." in response.content.decode()
    assert f'value="{tomorrow}"' in response.content.decode()


@pytest.mark.django_db
def test_moving_on_records_the_stage_and_an_impossible_move_shows_why(worker_client, household):
    response = worker_client.post(
        household_url(household, "advance"), {"advance-to_stage": "stage_one", "advance-note": "Keep this"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "A household at enquiry cannot move straight to stage one." in page
    assert "Keep this</textarea>" in page

    response = worker_client.post(
        household_url(household, "advance"), {"advance-to_stage": "initial_conversation"}
    )
    household.refresh_from_db()
    assert household.stage == Stage.INITIAL_CONVERSATION
    assert flash(response) == "Moved on to initial conversation."


@pytest.mark.django_db
def test_a_move_recorded_days_later_needs_a_note(worker_client, household):
    Household.objects.filter(pk=household.pk).update(stage_entered_at=timezone.now() - dt.timedelta(days=10))
    when = (timezone.localtime() - dt.timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")
    response = worker_client.post(
        household_url(household, "advance"),
        {"advance-to_stage": "initial_conversation", "advance-effective_at": when},
    )
    assert (
        "Add a note to say why this move is being recorded after the date it happened."
        in response.content.decode()
    )
    worker_client.post(
        household_url(household, "advance"),
        {
            "advance-to_stage": "initial_conversation",
            "advance-effective_at": when,
            "advance-note": "Was on leave",
        },
    )
    change = household.stage_changes.get()
    assert timezone.localtime(change.effective_at).strftime("%Y-%m-%dT%H:%M") == when


@pytest.mark.django_db
def test_closing_and_reopening_a_case(worker_client, household):
    response = worker_client.post(household_url(household, "close"), {"close-note": "Moved"})
    assert "Choose a reason for closing the case." in response.content.decode()

    worker_client.post(
        household_url(household, "close"),
        {"close-reason": "moved_out_of_area", "close-note": "Moved to York"},
    )
    household.refresh_from_db()
    assert household.closure_reason == "moved_out_of_area"
    page = worker_client.get(household_url(household))
    assert [name for name, _title, _form in page.context["actions"]] == ["reopen", "call", "note", "merge"]
    assert "Closed at enquiry: Moved out of area" in page.content.decode()

    response = worker_client.post(household_url(household, "reopen"), {"reopen-note": ""})
    assert "Add a note to say why the case is being reopened." in response.content.decode()
    response = worker_client.post(household_url(household, "reopen"), {"reopen-note": "Came back"})
    household.refresh_from_db()
    assert household.is_open and flash(response) == "Case reopened."


@pytest.mark.django_db
def test_an_action_that_no_longer_applies_is_still_explained(worker_client, household, kent_worker):
    household_close(household=household, reason="lost_contact", by=kent_worker.user)
    response = worker_client.post(
        household_url(household, "advance"), {"advance-to_stage": "initial_conversation"}
    )
    assert response.status_code == 200
    assert "Move on: This case is closed. Reopen it before moving it on." in response.content.decode()


@pytest.mark.django_db
def test_adding_a_note_and_an_empty_note(worker_client, household):
    response = worker_client.post(household_url(household, "note"), {"note-text": "  "})
    assert "Write the note before saving it." in response.content.decode()
    worker_client.post(household_url(household, "note"), {"note-text": "Prefers email\nWorks nights"})
    note = household.timeline.get(kind=TimelineEntry.Kind.NOTE)
    assert (note.summary, note.body) == ("Prefers email", "Prefers email\nWorks nights")


@pytest.mark.django_db
def test_setting_flags(worker_client, household):
    response = worker_client.post(household_url(household, "flags"), {"flags-early_permanence": "on"})
    household.refresh_from_db()
    assert (household.fast_track, household.early_permanence) == (False, True)
    assert flash(response) == "Flags saved."


@pytest.mark.django_db
def test_extending_the_clock_needs_a_later_date_and_a_reason(worker_client, household):
    earlier = (household.due_on - dt.timedelta(days=1)).isoformat()
    response = worker_client.post(
        household_url(household, "extend"), {"extend-due_on": earlier, "extend-reason": "Holiday"}
    )
    assert "The new date must be after the current due date" in response.content.decode()
    response = worker_client.post(household_url(household, "extend"), {"extend-due_on": earlier})
    assert "Give a reason for the extension." in response.content.decode()

    later = household.due_on + dt.timedelta(days=10)
    worker_client.post(
        household_url(household, "extend"), {"extend-due_on": later.isoformat(), "extend-reason": "Away"}
    )
    household.refresh_from_db()
    assert household.due_on == later


@pytest.mark.django_db
def test_assigning_and_claiming(worker_client, household, kent_worker, crm_reference):
    colleague = staff_member("kent.colleague", council="kent", first_name="Cat", last_name="Cole")
    response = worker_client.post(household_url(household, "assign"), {"assign-assign_to": colleague.pk})
    household.refresh_from_db()
    assert household.assigned_to == colleague and flash(response) == "Assigned to Cat Cole."

    response = worker_client.post(household_url(household, "claim"))
    household.refresh_from_db()
    assert household.assigned_to == colleague
    assert flash(response) == "You cannot take this household: it is assigned to Cat Cole."

    worker_client.post(household_url(household, "assign"), {"assign-assign_to": "team"})
    page = worker_client.get(household_url(household))
    assert "claim" in [name for name, _title, _form in page.context["actions"]]
    response = worker_client.post(household_url(household, "claim"))
    household.refresh_from_db()
    assert household.assigned_to == kent_worker and flash(response) == "This household is now yours."


@pytest.mark.django_db
def test_merging_a_duplicate_after_checking_both_records(worker_client, kent_worker):
    keep = make_household(first_name="Alex", n=1)
    duplicate = make_household(first_name="Alexandra", n=2)

    response = worker_client.get(household_url(keep, "merge"), {"merge-other": duplicate.reference})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Are these the same people?" in page and "Alexandra Morgan" in page and "Alex Morgan" in page
    assert not Household.objects.filter(merged_into=keep).exists()

    response = worker_client.post(household_url(keep, "merge"), {"other": duplicate.pk})
    duplicate.refresh_from_db()
    assert duplicate.merged_into == keep
    assert flash(response) == f"{duplicate.reference} (Alexandra Morgan) was merged into this record."
    assert keep.enquiries.count() == 2

    response = worker_client.get(household_url(duplicate))
    assert response.status_code == 302 and response["Location"] == household_url(keep)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Enter the reference of the other record."),
        ("APSE-XYZ", "Enter a reference like APSE-000012, or just its number."),
        ("SELF", "That is this record. Enter the reference of the duplicate."),
        ("OTHER", "that you can see."),
    ],
)
def test_merge_explains_a_reference_it_cannot_use(worker_client, household, crm_reference, typed, message):
    medway_worker = staff_member("medway.worker", council="medway")
    medway = make_household(first_name="Medway", postcode="ME4 4AA", n=5)
    assert medway.assigned_to == medway_worker
    typed = {"SELF": household.reference, "OTHER": medway.reference}.get(typed, typed)
    response = worker_client.get(household_url(household, "merge"), {"merge-other": typed})
    page = response.content.decode()
    assert message in page
    assert f'value="{typed}"' in page or not typed
    medway.refresh_from_db()
    assert medway.merged_into is None


# Logging an enquiry


def enquiry_form(**fields):
    return {
        "source": "phone",
        "first_name": "Priya",
        "last_name": "Shah",
        "phone": "01622 123 456",
        "postcode": "me14 2aa",
        "interests": ["siblings", "older_children"],
        "contact_consent": "on",
        "submission_key": str(uuid.uuid4()),
        **fields,
    }


@pytest.mark.django_db
def test_logging_a_phone_enquiry_opens_the_new_household(worker_client, kent_worker):
    response = worker_client.post("/admin/crm/enquiries/new/", enquiry_form())
    household = Household.objects.get(first_name="Priya")
    assert response["Location"] == household_url(household)
    assert household.postcode == "ME14 2AA" and household.interests == ["older_children", "siblings"]
    enquiry = household.enquiries.get()
    assert (enquiry.source, enquiry.logged_by) == ("phone", kent_worker.user)
    assert household.assigned_to == kent_worker
    assert flash(response) == (
        "Enquiry logged for Priya Shah. It went to the Kent recruitment team and is assigned to Kim Kent."
    )


@pytest.mark.django_db
def test_an_enquiry_for_another_council_goes_back_to_the_queue_saying_only_that_it_was_passed_on(
    worker_client, crm_reference
):
    staff_member("medway.worker", council="medway", first_name="Max", last_name="Medway")
    response = worker_client.post("/admin/crm/enquiries/new/", enquiry_form(postcode="ME4 4AA"))
    household = Household.objects.get(first_name="Priya")
    assert household.council == "medway"
    assert response["Location"] == QUEUE
    assert flash(response) == (
        "Enquiry logged. It has gone to the team that looks after them, so it is not in your queue."
    )


@pytest.mark.django_db
def test_a_blank_council_follows_the_postcode_and_a_chosen_one_wins(worker_client, kent_worker):
    worker_client.post(
        "/admin/crm/enquiries/new/", enquiry_form(postcode="", council="kent", first_name="Part")
    )
    assert Household.objects.get(first_name="Part").council == "kent"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"first_name": ""}, "first_name", "Enter their first name."),
        (
            {"phone": "", "email": ""},
            "email",
            "Give an email address or a phone number so the team can reach them.",
        ),
        ({"email": "priya@"}, "email", "Enter an email address like name@example.com."),
        ({"phone": "12345"}, "phone", "Enter a UK phone number of 10 or 11 digits, like 01622 000 000."),
        ({"postcode": "ME14"}, "postcode", "Enter a full postcode, like ME14 1XX."),
        (
            {"contact_consent": ""},
            "contact_consent",
            "We can only log an enquiry from someone who agreed to be contacted.",
        ),
    ],
)
def test_a_logged_enquiry_with_a_mistake_says_what_to_fix_and_keeps_the_answers(
    worker_client, kent_worker, fields, field, message
):
    response = worker_client.post(
        "/admin/crm/enquiries/new/", enquiry_form(message="Called about siblings", **fields)
    )
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    page = response.content.decode()
    assert "Called about siblings</textarea>" in page
    assert 'value="siblings" id="id_interests_0" checked' in page
    assert not Household.objects.filter(first_name="Priya").exists()


@pytest.mark.django_db
def test_a_double_clicked_log_makes_one_enquiry(worker_client, kent_worker):
    form = enquiry_form()
    worker_client.post("/admin/crm/enquiries/new/", form)
    worker_client.post("/admin/crm/enquiries/new/", form)
    assert Enquiry.objects.filter(data__first_name="Priya").count() == 1


@pytest.mark.django_db
def test_the_queue_has_a_log_an_enquiry_button(worker_client):
    assert 'href="/admin/crm/enquiries/new/"' in worker_client.get(QUEUE).content.decode()


# Quarantine


def quarantined(name="Bot", postcode="ME14 1XX", email="bot@example.com"):
    return enquiry_create(
        source=Source.WEB,
        details=enquiry_details(first_name=name, postcode=postcode, email=email, phone=""),
        spam_reasons=["Filled in too fast"],
    )


@pytest.mark.django_db
def test_quarantine_lists_held_enquiries_with_their_reasons(worker_client, kent_worker):
    quarantined()
    quarantined(name="Faraway", postcode="ME4 4AA", email="far@example.com")
    response = worker_client.get("/admin/crm/quarantine/")
    page = response.content.decode()
    assert "Bot" in page and "bot@example.com" in page and "Filled in too fast" in page
    assert "Faraway" not in page


@pytest.mark.django_db
def test_releasing_an_enquiry_routes_it_and_spam_is_kept(worker_client, kent_worker):
    genuine, junk = quarantined(name="Real", email="real@example.com"), quarantined()
    response = worker_client.post(f"/admin/crm/quarantine/{genuine.pk}/release/")
    genuine.refresh_from_db()
    assert genuine.status == Enquiry.Status.RELEASED and genuine.household.assigned_to == kent_worker
    assert flash(response) == "The enquiry from Real was released into the queue."

    worker_client.post(f"/admin/crm/quarantine/{junk.pk}/spam/")
    junk.refresh_from_db()
    assert junk.status == Enquiry.Status.SPAM and junk.household is None
    assert "Bot" in worker_client.get("/admin/crm/quarantine/", {"status": "spam"}).content.decode()


@pytest.mark.django_db
def test_quarantine_actions_are_post_only(worker_client, kent_worker):
    enquiry = quarantined()
    assert worker_client.get(f"/admin/crm/quarantine/{enquiry.pk}/release/").status_code == 405
    enquiry.refresh_from_db()
    assert enquiry.status == Enquiry.Status.QUARANTINED


# Reference tables


@pytest.mark.django_db
def test_postcode_areas_are_searchable_filterable_and_editable(manager_client):
    response = manager_client.get("/admin/crm/postcode-areas/", {"q": "Crayford"})
    assert [area.prefix for area in response.context["object_list"]] == ["DA1 4"]
    response = manager_client.get("/admin/crm/postcode-areas/", {"council": "bexley", "q": "DA5"})
    assert {area.prefix for area in response.context["object_list"]} == {"DA5"}

    area = PostcodeArea.objects.get(prefix="DA5 2")
    response = manager_client.post(
        f"/admin/crm/postcode-areas/edit/{area.pk}/",
        {"prefix": "da5  2", "council": "bexley", "place": "Joydens Wood", "authority": ""},
    )
    area.refresh_from_db()
    assert response.status_code == 302 and (area.prefix, area.council) == ("DA5 2", "bexley")

    response = manager_client.post(
        "/admin/crm/postcode-areas/new/",
        {"prefix": "nonsense", "council": "kent", "place": "", "authority": ""},
    )
    assert "Enter a postcode district such as ME4, or a sector such as DA1 4." in response.content.decode()


@pytest.mark.django_db
def test_changing_a_timescale_recalculates_open_cases(manager_client, household):
    clock = Clock.objects.get(code="first_contact")
    before = household.due_on
    response = manager_client.post(
        f"/admin/crm/clocks/edit/{clock.pk}/", {"amount": 20, "unit": "working_days", "due_soon_days": 1}
    )
    assert response.status_code == 302
    household.refresh_from_db()
    assert household.due_on > before + dt.timedelta(days=14)


@pytest.mark.django_db
def test_a_worker_staff_record_needs_a_team(manager_client, crm_reference):
    from tests.factories import UserFactory

    user = UserFactory(username="newstarter")
    response = manager_client.post(
        "/admin/crm/staff/new/", {"user": user.pk, "role": "worker", "team": "", "is_active": "on"}
    )
    assert (
        "A worker needs a team: Kent, Medway, Bexley, the central team or the family-finding team."
        in response.content.decode()
    )
    assert not StaffMember.objects.filter(user=user).exists()


@pytest.mark.django_db
def test_emails_waiting_or_failed_lists_only_what_needs_a_person(manager_client):
    old = timezone.now() - dt.timedelta(minutes=30)
    failed = SideEffect.objects.create(
        kind="daily_digest", key="failed", status="failed", last_error="SMTP down"
    )
    stuck = SideEffect.objects.create(kind="daily_digest", key="stuck", created_at=old)
    SideEffect.objects.create(kind="daily_digest", key="fresh")
    SideEffect.objects.create(kind="daily_digest", key="done", status="done", created_at=old)
    response = manager_client.get("/admin/crm/side-effects/")
    assert {effect.key for effect in response.context["object_list"]} == {failed.key, stuck.key}
    assert manager_client.get(f"/admin/crm/side-effects/inspect/{failed.pk}/").status_code == 200


@pytest.mark.django_db
def test_the_enquiries_menu_is_for_people_who_may_see_people(client, kent_worker, manager):
    from django.contrib.auth import get_user_model

    from website.roles import MARKETING_EDITORS, roles_sync

    marketing = get_user_model().objects.create_user("marketing", password="changeme", is_staff=True)
    marketing.groups.add(roles_sync()[MARKETING_EDITORS])

    def menu(user):
        client.force_login(user)
        return client.get("/admin/").content.decode()

    assert "Triage queue" in menu(kent_worker.user) and "Postcode areas" not in menu(kent_worker.user)
    assert "Triage queue" in menu(manager.user) and "Postcode areas" in menu(manager.user)
    assert "Triage queue" not in menu(marketing) and "Enquiries" not in menu(marketing)
