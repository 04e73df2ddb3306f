"""The queue's "new" marker: a household is new until a member of staff first opens or acts on it."""

import pytest

from crm.models import Household, Source
from crm.services import (
    enquiry_create,
    household_add_note,
    household_assign,
    household_log_call,
    households_merge,
)
from tests.crm.test_admin_screens import QUEUE, household_url, make_household
from tests.factories import enquiry_details, staff_member


@pytest.fixture
def worker(crm_reference):
    return staff_member("kent.worker", council="kent", first_name="Kim")


def seen(household) -> bool:
    return Household.objects.get(pk=household.pk).first_seen_at is not None


@pytest.mark.django_db
def test_a_routed_enquiry_is_new_until_someone_opens_it(client, worker):
    household = make_household()
    assert household.assigned_to == worker
    assert not seen(household)

    client.force_login(worker.user)
    response = client.get(QUEUE)
    assert [h.first_seen_at for h in response.context["households"]] == [None]
    assert 'class="crm-badge crm-badge--new">New</span>' in response.content.decode()

    client.get(household_url(household))
    first = Household.objects.get(pk=household.pk).first_seen_at
    assert first is not None
    response = client.get(QUEUE)
    assert "crm-badge--new" not in response.content.decode()
    # Opening it again keeps the first time.
    client.get(household_url(household))
    assert Household.objects.get(pk=household.pk).first_seen_at == first


@pytest.mark.django_db
@pytest.mark.parametrize(
    "act",
    [
        lambda household, user: household_log_call(household=household, by=user, reached=False, summary="x"),
        lambda household, user: household_add_note(household=household, by=user, text="Rang the office"),
        lambda household, user: household_assign(household=household, staff=None, by=user),
    ],
    ids=["call", "note", "assignment by a person"],
)
def test_acting_on_a_case_through_a_service_counts_as_seeing_it(worker, act):
    household = make_household()

    act(household, worker.user)

    assert seen(household)


@pytest.mark.django_db
def test_the_system_acting_alone_does_not(worker):
    household = make_household()
    household_assign(household=household, staff=worker, by=None)
    again = enquiry_create(source=Source.WEB, details=enquiry_details(email=household.email)).household

    assert again.pk == household.pk
    assert not seen(household)


@pytest.mark.django_db
def test_merging_marks_the_kept_record_seen(worker):
    keep = make_household()
    remove = make_household(first_name="Sam", n=1)

    households_merge(keep=keep, remove=remove, by=worker.user)

    assert seen(keep)
