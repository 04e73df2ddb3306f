"""The worker's desk on the admin dashboard: today's work for each person, and nothing they may not see."""

import datetime as dt

from django.utils import timezone

import pytest

from crm.calendar import add_working_days
from crm.desk import desk_for
from crm.models import Clock, EventBooking, Household, Team
from crm.services import household_assign, household_log_call
from tests.crm.test_admin_screens import make_household
from tests.factories import event_index, event_page, staff_member

DASHBOARD = "/admin/"


@pytest.fixture
def kent_worker(crm_reference):
    return staff_member("kent.worker", council="kent", first_name="Kim", last_name="Kent")


@pytest.fixture
def colleague(kent_worker):
    return staff_member("kent.colleague", council="kent", first_name="Cat", last_name="Cole")


def lists(desk) -> dict[str, list[str]]:
    return {item.key: [household.first_name for household in item.rows] for item in desk.lists}


def due(household: Household, *, days: int, clock: str = "stage_one") -> None:
    Household.objects.filter(pk=household.pk).update(
        clock=Clock.objects.get(code=clock), due_on=timezone.localdate() + dt.timedelta(days=days)
    )


@pytest.mark.django_db
def test_a_worker_sees_their_team_queue_and_their_own_work(kent_worker, colleague):
    today = timezone.localdate()
    mine = make_household(first_name="Mine")  # routed: Kim, then Cat, in turn
    household_assign(household=mine, staff=kent_worker, by=None)
    waiting = make_household(first_name="Waiting", n=1)
    household_assign(household=waiting, staff=None, by=None)
    called = make_household(first_name="Called", n=2)
    household_assign(household=called, staff=kent_worker, by=None)
    household_log_call(household=called, by=kent_worker.user, reached=True, summary="Talked")
    late = make_household(first_name="Late", n=3)
    household_assign(household=late, staff=kent_worker, by=None)
    due(late, days=-2)
    soon = make_household(first_name="Soon", n=4)
    household_assign(household=soon, staff=kent_worker, by=None)
    due(soon, days=1)
    theirs = make_household(first_name="Theirs", n=5)
    household_assign(household=theirs, staff=colleague, by=None)
    make_household(first_name="Medway", postcode="ME4 4AA", n=6)  # Medway's team

    desk = desk_for(user=kent_worker.user, today=today)

    found = lists(desk)
    assert found["unassigned"] == ["Waiting"]
    # Kim's own enquiries whose first-contact clock is running, soonest due first.
    assert found["first_contact"] == ["Mine"]
    assert found["late"] == ["Late"]
    # Due in the next five working days, soonest first: Soon's stage one, then Mine's first call.
    assert found["due_soon"] == ["Soon", "Mine"]
    assert Household.objects.get(first_name="Mine").due_on <= add_working_days(today, 5)
    assert "Theirs" not in sum(found.values(), []) and "Medway" not in sum(found.values(), [])
    assert desk.team_wide is False


@pytest.mark.django_db
def test_a_manager_sees_their_teams_work_whoever_holds_it(kent_worker, colleague):
    manager = staff_member("kent.manager", role="manager", council="kent")
    late = make_household(first_name="Late")
    household_assign(household=late, staff=colleague, by=None)
    due(late, days=-1)
    make_household(first_name="Medway", postcode="ME4 4AA", n=1)
    Household.objects.filter(first_name="Medway").update(due_on=timezone.localdate() - dt.timedelta(days=1))

    desk = desk_for(user=manager.user)

    assert desk.team_wide is True
    assert lists(desk)["late"] == ["Late"]
    # A manager with no team sees everyone's, as in the digest.
    head = staff_member("head", role="manager", council=None)
    assert set(lists(desk_for(user=head.user))["late"]) == {"Late", "Medway"}


@pytest.mark.django_db
def test_stalled_cases_are_on_the_desk_with_their_rule(kent_worker):
    household = make_household(first_name="Stuck")
    household_assign(household=household, staff=kent_worker, by=None)
    Household.objects.filter(pk=household.pk).update(
        stage="initial_conversation",
        clock=Clock.objects.get(code="initial_conversation_stalled"),
        due_on=timezone.localdate() - dt.timedelta(days=4),
    )

    late = next(item for item in desk_for(user=kent_worker.user).lists if item.key == "late")

    assert [h.clock_state for h in late.rows] == ["stalled"]


@pytest.mark.django_db
def test_this_weeks_events_with_their_bookings(kent_worker, home_page):
    events = event_index(home_page)
    soon = event_page(events, title="Information evening", days=2)
    event_page(events, title="Next month", days=30)
    household = make_household()
    EventBooking.objects.create(event=soon, household=household, places=2)
    other = make_household(first_name="Sam", n=1)
    EventBooking.objects.create(event=soon, household=other, status=EventBooking.Status.WAITING)

    desk = desk_for(user=kent_worker.user)

    assert [(item.event.title, item.booked, item.waiting) for item in desk.events] == [
        ("Information evening", 2, 1)
    ]


@pytest.mark.django_db
def test_the_dashboard_is_the_workers_desk(client, kent_worker):
    household = make_household(first_name="Priya", last_name="Shah")
    client.force_login(kent_worker.user)

    page = client.get(DASHBOARD).content.decode()

    assert "Yours, waiting for a first call" in page
    assert f'href="/admin/crm/households/{household.pk}/">Priya Shah</a>' in page
    assert "crm-badge--new" in page


@pytest.mark.django_db
def test_marketing_and_other_staff_see_no_personal_data_on_the_dashboard(
    client, kent_worker, django_user_model
):
    from website.roles import MARKETING_EDITORS, roles_sync

    make_household(first_name="Priya", last_name="Shah")
    marketing = django_user_model.objects.create_user("marketing", password="changeme", is_staff=True)
    marketing.groups.add(roles_sync()[MARKETING_EDITORS])
    client.force_login(marketing)

    response = client.get(DASHBOARD)

    assert response.status_code == 200
    page = response.content.decode()
    assert "Priya" not in page and "APSE-" not in page and "crm-desk" not in page
    assert desk_for(user=marketing) is None


@pytest.mark.django_db
def test_a_team_without_a_worker_free_still_shows_its_queue(kent_worker):
    kent_worker.is_away = True
    kent_worker.save()
    waiting = make_household(first_name="Waiting")

    desk = desk_for(user=kent_worker.user)

    assert waiting.assigned_to is None and waiting.team == Team.objects.get(council="kent")
    assert lists(desk)["unassigned"] == ["Waiting"]
