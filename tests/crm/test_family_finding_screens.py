"""Family finding on the admin screens: the families waiting list (what a family finder may see of whom) and
the household page's Family finding section, its forms and their refusals."""

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import pytest

from crm.models import Household, Link, Stage, Team
from crm.selectors import household_get, triage_counts
from crm.services import household_assign, matching_profile_save
from tests.crm.test_matching import approved_household, days_ago
from tests.factories import family_finding_team, staff_member


@pytest.fixture
def people(crm_reference):
    finder = staff_member("family.finder", council=None, team=family_finding_team())
    kent = staff_member("kent.worker", council="kent")
    manager = staff_member("manager", role="manager", council=None)
    return {"finder": finder, "kent": kent, "manager": manager}


def waiting_family(email: str, *, approved_days_ago: int = 120, **profile) -> Household:
    household = approved_household(approved_days_ago=approved_days_ago, email=email)
    matching_profile_save(
        household=household,
        by=None,
        age_bands=profile.get("age_bands", ["1_2"]),
        siblings=profile.get("siblings", "yes"),
        disability=profile.get("disability", "maybe"),
        early_permanence=profile.get("early_permanence", True),
    )
    Household.objects.filter(pk=household.pk).update(
        last_name=f"Surname{household.pk}zq", phone="07700900999"
    )
    household.refresh_from_db()
    return household


def client_for(staff) -> Client:
    client = Client()
    client.force_login(staff.user)
    return client


@pytest.mark.django_db
def test_a_family_finder_sees_every_waiting_familys_profile_and_nothing_that_names_them(people):
    family = waiting_family("waiting@example.com")
    client = client_for(people["finder"])

    page = client.get("/admin/crm/families-waiting/").content.decode()

    assert family.reference in page
    assert "1 to 2" in page and "Maybe: to talk about" in page and "3 to 6 months" in page
    for secret in (family.last_name, family.first_name + " " + family.last_name, family.email, family.phone):
        assert secret not in page
    assert "Ask their worker" in page
    # The rest of the household, and every other list, is closed to them.
    assert client.get(f"/admin/crm/households/{family.pk}/").status_code == 404
    assert (
        client.post(
            f"/admin/crm/households/{family.pk}/match/", {"match-matched_on": "2026-01-01"}
        ).status_code
        == 404
    )
    assert triage_counts(user=people["finder"].user)["all"] == 0


@pytest.mark.django_db
def test_a_family_assigned_to_the_family_finder_shows_who_they_are(people):
    family = waiting_family("waiting@example.com")
    household_assign(household=family, staff=people["finder"], by=people["manager"].user)
    client = client_for(people["finder"])

    page = client.get("/admin/crm/families-waiting/").content.decode()

    assert family.last_name in page and family.email in page
    assert f'href="/admin/crm/households/{family.pk}/"' in page
    assert household_get(user=people["finder"].user, pk=family.pk) == family


@pytest.mark.django_db
def test_a_worker_sees_only_their_teams_waiting_families(people):
    kent = waiting_family("kent@example.com")
    medway = approved_household(approved_days_ago=100, email="medway@example.com")
    Household.objects.filter(pk=medway.pk).update(
        council="medway", team=Team.objects.get(council="medway"), assigned_to=None
    )

    page = client_for(people["kent"]).get("/admin/crm/families-waiting/").content.decode()

    assert kent.reference in page and kent.email in page
    assert medway.reference not in page
    assert "These are the waiting families of your team" in page


@pytest.mark.django_db
def test_the_list_filters_by_what_families_hope_for(people):
    toddlers = waiting_family("toddlers@example.com", age_bands=["1_2"], siblings="no")
    older = waiting_family("older@example.com", age_bands=["5_7", "8_plus"], siblings="maybe")
    client = client_for(people["finder"])

    page = client.get("/admin/crm/families-waiting/", {"age_band": "8_plus"}).content.decode()
    assert older.reference in page and toddlers.reference not in page
    page = client.get("/admin/crm/families-waiting/", {"siblings": "on"}).content.decode()
    assert older.reference in page and toddlers.reference not in page
    # A bad filter is no error page.
    assert client.get("/admin/crm/families-waiting/", {"age_band": "<script>", "p": "x"}).status_code == 200


@pytest.mark.django_db
def test_the_list_reads_the_same_number_of_queries_for_3_and_for_20_families(people):
    client = client_for(people["finder"])
    client.get("/admin/crm/families-waiting/")  # the first request of a session reads more
    counts = []
    for number in (3, 20):
        while Household.objects.filter(stage=Stage.APPROVED).count() < number:
            waiting_family(f"family{Household.objects.count()}@example.com")
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/admin/crm/families-waiting/").status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
    assert counts[1] <= 20


@pytest.mark.django_db
def test_a_worker_records_a_link_and_a_match_dated_before_it_is_refused_by_name(people):
    family = approved_household(approved_days_ago=120, email="kentfamily@example.com")
    client = client_for(people["kent"])

    page = client.get(f"/admin/crm/households/{family.pk}/").content.decode()
    assert 'id="family-finding"' in page and "Record a link with a child" in page
    response = client.post(
        f"/admin/crm/households/{family.pk}/link/",
        {
            "link-child_reference": "CS-004512",
            "link-child_council": "kent",
            "link-age_band": "1_2",
            "link-siblings": "0",
            "link-linked_on": days_ago(10).isoformat(),
            "link-note": "Link meeting last week",
        },
        follow=True,
    )
    assert "Link with child CS-004512 recorded" in response.content.decode()
    response = client.post(
        f"/admin/crm/households/{family.pk}/match/",
        {"match-matched_on": days_ago(12).isoformat(), "match-note": "Panel"},
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "is before the link on" in html and "A child is matched after they are linked" in html
    assert f'value="{days_ago(12).isoformat()}"' in html  # what was typed is kept
    family.refresh_from_db()
    assert family.stage == Stage.LINKED and Link.objects.get().matched_on is None


@pytest.mark.django_db
def test_a_name_typed_as_the_childs_reference_is_refused_beside_the_field(people):
    family = approved_household(approved_days_ago=120, email="kentfamily@example.com")
    client = client_for(people["kent"])

    response = client.post(
        f"/admin/crm/households/{family.pk}/link/",
        {
            "link-child_reference": "Jane Smith",
            "link-child_council": "kent",
            "link-age_band": "1_2",
            "link-siblings": "0",
            "link-linked_on": timezone.localdate().isoformat(),
        },
    )

    assert response.status_code == 200
    assert "not their name" in response.content.decode()
    assert not Link.objects.exists()


@pytest.mark.django_db
def test_the_section_is_for_approved_adopters_only(people):
    family = approved_household(approved_days_ago=10, email="kentfamily@example.com")
    newcomer = approved_household(approved_days_ago=10, email="other@example.com")
    Household.objects.filter(pk=newcomer.pk).update(stage=Stage.STAGE_TWO)
    client = client_for(people["kent"])

    assert 'id="family-finding"' in client.get(f"/admin/crm/households/{family.pk}/").content.decode()
    assert 'id="family-finding"' not in client.get(f"/admin/crm/households/{newcomer.pk}/").content.decode()
    response = client.post(
        f"/admin/crm/households/{newcomer.pk}/profile/", {"profile-age_bands": ["1_2"]}
    ).content.decode()
    assert "A matching profile is for approved adopters" in response
