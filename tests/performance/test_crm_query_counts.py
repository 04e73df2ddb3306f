"""The CRM's triage queue and household page ask the database the same few questions however many
households there are: years of enquiries must not slow the screens staff use all day."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from crm.services import household_advance
from tests.crm.test_admin_screens import QUEUE, household_url, make_household
from tests.factories import staff_member


def queries_for(client, url, params=None) -> int:
    client.get(url, params or {})  # anything done once per session happens here
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params or {})
    assert response.status_code == 200, url
    return len(captured)


@pytest.mark.django_db
def test_queue_and_household_page_queries_do_not_grow_with_households(client, crm_reference):
    worker = staff_member("kent.worker", council="kent", first_name="Kim")
    manager = staff_member("manager", role="manager", council=None, first_name="Mo")
    households = [make_household(first_name=f"First{n}", n=n) for n in range(3)]
    watched = households[0]
    screens = {
        "worker queue": (worker, QUEUE, {}),
        "manager queue, all": (manager, QUEUE, {"tab": "all"}),
        "household page": (manager, household_url(watched), {}),
    }

    def counts() -> dict[str, int]:
        found = {}
        for name, (staff, url, params) in screens.items():
            client.force_login(staff.user)
            found[name] = queries_for(client, url, params)
        return found

    with_three = counts()
    for n in range(3, 40):
        household = make_household(first_name=f"More{n}", n=n, postcode="ME14 1XX" if n % 2 else "BR6 0AA")
        if n % 3 == 0:
            household_advance(household=household, to_stage="initial_conversation", by=worker.user)
    with_forty = counts()
    assert with_forty == with_three
    assert max(with_forty.values()) <= 30


@pytest.mark.django_db
def test_the_desk_on_the_dashboard_asks_the_same_questions_however_many_cases(
    client, crm_reference, home_page
):
    """The desk reads its counts, each list and the week's events in a fixed number of queries: no N+1."""
    import datetime as dt

    from django.utils import timezone

    from crm.models import Clock, EventBooking, Household
    from tests.factories import event_index, event_page

    worker = staff_member("kent.worker", council="kent", first_name="Kim")
    manager = staff_member("manager", role="manager", council=None, first_name="Mo")
    events = event_index(home_page)
    evenings = [event_page(events, title=f"Evening {n}", days=n + 1) for n in range(2)]
    stalled = Clock.objects.get(code="initial_conversation_stalled")

    def grow(start: int, stop: int) -> None:
        for n in range(start, stop):
            household = make_household(
                first_name=f"Case{n}", n=n, postcode="ME14 1XX" if n % 2 else "BR6 0AA"
            )
            if n % 3 == 0:
                Household.objects.filter(pk=household.pk).update(
                    stage="initial_conversation",
                    clock=stalled,
                    due_on=timezone.localdate() - dt.timedelta(days=n),
                )
            EventBooking.objects.create(event=evenings[n % 2], household=household)

    def counts() -> dict[str, int]:
        found = {}
        for name, staff in {"worker": worker, "manager": manager}.items():
            client.force_login(staff.user)
            found[name] = queries_for(client, "/admin/")
        return found

    grow(0, 3)
    with_three = counts()
    grow(3, 40)
    with_forty = counts()
    assert with_forty == with_three
    assert max(with_forty.values()) <= 30


@pytest.mark.django_db
def test_the_queue_counts_its_tabs_from_the_open_case_index_alone(postgres, crm_reference):
    """The tab counts read the partial index of open cases and never a household's row: with a million
    households on record that is the difference between a few milliseconds and reading the whole table."""
    from crm.selectors.households import triage_counts

    manager = staff_member("manager", role="manager", council=None, first_name="Mo")
    for n in range(5):
        make_household(first_name=f"First{n}", n=n)
    with CaptureQueriesContext(connection) as captured:
        triage_counts(user=manager.user)
    sql = next(query["sql"] for query in captured if "COUNT(" in query["sql"])
    with connection.cursor() as cursor:
        # A handful of rows would be read straight from the table, or through whichever index looks
        # cheapest on no statistics; ask what a large table would get from the open-case index, with
        # the other plain indexes out of the way (dropped inside the test's transaction, so only here).
        cursor.execute(
            "SELECT indexrelid::regclass::text FROM pg_index WHERE indrelid = 'crm_household'::regclass"
            " AND NOT indisprimary AND indexrelid::regclass::text <> 'crm_household_open_idx'"
            " AND NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conindid = indexrelid)"
        )
        for (index,) in cursor.fetchall():
            cursor.execute(f'DROP INDEX "{index}"')
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        cursor.execute(f"EXPLAIN {sql}")
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "Index Only Scan using crm_household_open_idx" in plan, plan
