"""Routing that holds: the postcode decides the council, a missing one is "to be confirmed", a returning
person is routed again, and the central front-door team holds new enquiries until the hand-over."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crm.models import AuditEvent, Council, RoutingRule, SideEffect, Source, Stage
from crm.selectors import council_decide, household_get, households_visible_to, postcode_council
from crm.services import (
    RoutingError,
    enquiry_create,
    household_advance,
    household_council_set,
    household_hand_over,
    household_log_call,
)
from crm.services.routing import team_decide
from tests.crm.test_admin_screens import flash, household_url
from tests.factories import central_team, enquiry_details, staff_member

pytestmark = [pytest.mark.django_db]


@pytest.fixture
def kent(crm_reference):
    return staff_member("kent.worker", council="kent", first_name="Kim", last_name="Kent")


@pytest.fixture
def bexley(crm_reference):
    return staff_member("bexley.worker", council="bexley", first_name="Bo", last_name="Bexley")


def enquire(*, source=Source.WEB, logged_by=None, **fields):
    details = enquiry_details(**{"email": "sam@example.com", "phone": "", **fields})
    return enquiry_create(source=source, details=details, logged_by=logged_by)


# The faults as they were found -------------------------------------------------------------------


def test_someone_who_phoned_without_a_postcode_is_routed_when_they_enquire_online_with_one(kent):
    phoned = enquire(source=Source.PHONE, logged_by=kent.user, postcode="").household
    assert (phoned.council, phoned.team, phoned.assigned_to) == (Council.UNKNOWN, None, None)

    again = enquire(postcode="ME14 1AB").household

    assert again.pk == phoned.pk
    assert (again.council, again.team.council, again.assigned_to) == ("kent", "kent", kent)
    moved = again.timeline.get(summary__startswith="Moved from no team to")
    assert "a new enquiry gave the postcode ME14 1AB (before: none)" in moved.summary
    assert AuditEvent.objects.filter(household_id=again.pk, summary=moved.summary).exists()


def test_someone_first_from_outside_the_area_is_routed_when_they_enquire_again_from_inside(kent):
    outside = enquire(postcode="SE1 7AB").household
    assert (outside.council, outside.team) == (Council.ELSEWHERE, None)

    again = enquire(postcode="ME14 1AB").household

    assert (again.pk, again.council, again.assigned_to) == (outside.pk, "kent", kent)


def test_an_email_without_a_postcode_is_to_be_confirmed_and_gets_no_out_of_area_reply(kent):
    household = enquire(source=Source.EMAIL, postcode="").household

    assert household.council == Council.UNKNOWN
    kinds = set(SideEffect.objects.filter(household=household).values_list("kind", flat=True))
    assert "enquiry_confirmation" in kinds and "out_of_area_reply" not in kinds


def test_no_postcode_is_to_be_confirmed_never_out_of_area(crm_reference):
    assert postcode_council("") == Council.UNKNOWN
    assert postcode_council("ZZ9") == Council.UNKNOWN
    assert postcode_council("SE1 7AB") == Council.ELSEWHERE  # a real postcode outside the partnership


def test_only_a_postcode_known_to_be_outside_gets_the_out_of_area_reply(crm_reference):
    household = enquire(postcode="SE1 7AB").household
    assert SideEffect.objects.filter(household=household, kind="out_of_area_reply").exists()


@pytest.mark.parametrize(
    ("postcode", "chosen", "council"),
    [("DA1 4AB", "kent", "bexley"), ("SE1 7AB", "medway", "elsewhere")],
)
def test_the_council_they_pick_does_not_override_the_postcode_it_is_kept_to_confirm(
    crm_reference, kent, bexley, postcode, chosen, council
):
    staff_member("medway.worker", council="medway")
    household = enquire(postcode=postcode, council=chosen).household

    assert (household.council, household.council_stated) == (council, chosen)
    assert household.team == (bexley.team if council == "bexley" else None)


def test_without_a_postcode_the_council_they_pick_stands(kent):
    household = enquire(postcode="", council="kent").household
    assert (household.council, household.council_stated, household.assigned_to) == ("kent", "", kent)


def test_a_worker_confirms_the_council_shown_as_disagreeing_and_the_household_moves(client, kent, bexley):
    household = enquire(postcode="DA1 4AB", council="kent").household
    client.force_login(bexley.user)
    page = client.get(household_url(household)).content.decode()
    assert "They said they live in Kent, but the postcode DA1 4AB is in Bexley" in page
    council_form = page.split('id="action-council"')[1].split("</form>")[0]
    assert " checked" not in council_form.replace("checked their address", "")  # nothing chosen for them

    response = client.post(
        household_url(household, "council"), {"council-council": "kent", "council-why": "Asked"}
    )

    assert flash(response) == "Council saved: Kent, with the Kent recruitment team."
    household.refresh_from_db()
    assert (household.council, household.council_stated, household.assigned_to) == ("kent", "", kent)
    assert household.timeline.filter(summary="Council changed from Bexley to Kent: Asked").exists()
    assert client.get(household_url(household)).status_code == 404  # now Kent's, not Bexley's


def test_confirming_needs_a_choice(client, kent):
    household = enquire(postcode="").household
    client.force_login(staff_member("boss", role="manager", council=None).user)

    response = client.post(household_url(household, "council"), {"council-council": ""})

    assert response.status_code == 200
    assert response.context["failed"][0][2].errors["council"] == ["Choose the council they live in."]


# The same facts give the same answer ----------------------------------------------------------------

POSTCODES = st.sampled_from(
    ["", "ME14 1AB", "DA1 4AB", "DA1 1AA", "SE1 7AB", "BR1 1AA", "ZZ9", "ME4", "CT1 2AB", "not a postcode"]
)
CHOSEN = st.sampled_from(["", *Council.values])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    postcode=POSTCODES,
    chosen=CHOSEN,
    stage=st.sampled_from(Stage.values),
    first_to=st.sampled_from(["central", "locality"]),
)
def test_routing_the_same_facts_twice_gives_the_same_answer(crm_reference, postcode, chosen, stage, first_to):
    central_team()
    rule = RoutingRule(enquiry_type="adopting", first_to=first_to)
    first = council_decide(postcode=postcode, stated=chosen)
    assert council_decide(postcode=postcode, stated=chosen) == first
    assert team_decide(council=first.council, stage=stage, rule=rule) == team_decide(
        council=first.council, stage=stage, rule=rule
    )
    # A postcode the table knows decides alone: what they chose never changes the council.
    if council_decide(postcode=postcode).council not in (Council.UNKNOWN,):
        assert first.council == council_decide(postcode=postcode).council
    # Never "out of area" without a postcode, unless they said so themselves.
    assert first.council != Council.ELSEWHERE or postcode or chosen == Council.ELSEWHERE
    assert first.stated != first.council


# The central front-door team ------------------------------------------------------------------------


@pytest.fixture
def central(crm_reference):
    return staff_member(
        "central.worker", council=None, team=central_team(), first_name="Cat", last_name="Central"
    )


def test_the_central_team_holds_a_new_enquiry_and_hands_it_over_after_the_initial_conversation(central, kent):
    household = enquire(postcode="ME14 1AB").household
    assert household.team.is_central and household.assigned_to == central
    assert household_get(user=central.user, pk=household.pk)
    assert not households_visible_to(kent.user).filter(pk=household.pk).exists()

    household_log_call(household=household, by=central.user, reached=True, summary="First chat")
    household_advance(household=household, to_stage=Stage.INITIAL_CONVERSATION, by=central.user)

    household.refresh_from_db()
    assert (household.team.council, household.assigned_to) == ("kent", kent)
    assert household_get(user=kent.user, pk=household.pk)
    assert not households_visible_to(central.user).filter(pk=household.pk).exists()
    assert household.timeline.filter(
        summary="Handed over from Front door team to Kent recruitment team: reached initial conversation"
    ).exists()


def test_a_central_worker_hands_over_early_from_the_household_page(client, central, kent):
    household = enquire(postcode="ME14 1AB").household
    client.force_login(central.user)

    response = client.post(household_url(household, "handover"), {})

    assert response.status_code == 302 and response["Location"] == "/admin/crm/households/"
    assert flash(response) == "Handed over to the Kent recruitment team."
    household.refresh_from_db()
    assert household.assigned_to == kent


def test_a_household_whose_council_is_to_be_confirmed_stays_with_the_central_team(central, kent):
    household = enquire(postcode="").household
    assert household.team.is_central
    with pytest.raises(RoutingError, match="Confirm their council first"):
        household_hand_over(household=household, by=central.user)

    household_council_set(household=household, council="kent", by=central.user)
    household.refresh_from_db()
    assert household.team.is_central  # still before the hand-over stage: the central team keeps it


def test_once_handed_over_confirming_the_council_or_a_new_enquiry_never_sends_it_back(central, kent, bexley):
    household = enquire(postcode="ME14 1AB").household
    household_hand_over(household=household, by=central.user)

    household_council_set(household=household, council="kent", by=kent.user)
    household.refresh_from_db()
    assert (household.team.council, household.assigned_to) == ("kent", kent)

    moved = enquire(postcode="DA7 4AA").household  # they moved to Bexley
    assert (moved.team.council, moved.assigned_to) == ("bexley", bexley)


def test_a_straight_to_the_council_team_rule_skips_the_central_team(central, kent):
    RoutingRule.objects.update_or_create(enquiry_type="adopting", defaults={"first_to": "locality"})
    assert enquire(postcode="ME14 1AB").household.assigned_to == kent


def test_a_worker_in_two_teams_sees_both_and_nothing_else(central, kent, bexley):
    kent.other_teams.add(central.team)
    kent.refresh_from_db()
    at_central = enquire(postcode="ME14 1AB", email="one@example.com").household
    at_bexley = enquire(postcode="DA7 4AA", email="two@example.com").household
    RoutingRule.objects.update_or_create(enquiry_type="adopting", defaults={"first_to": "locality"})
    at_kent = enquire(postcode="ME14 1AB", email="three@example.com").household

    visible = set(households_visible_to(kent.user).values_list("pk", flat=True))

    assert at_central.team.is_central and at_bexley.team.is_central
    assert visible == {at_central.pk, at_bexley.pk, at_kent.pk}
    handed = household_hand_over(household=at_bexley, by=central.user)
    assert handed.council == "bexley"
    assert at_bexley.pk not in set(households_visible_to(kent.user).values_list("pk", flat=True))


def test_a_worker_logging_an_enquiry_for_someone_they_cannot_see_never_moves_them_into_their_team(kent):
    """The probe that found it: a Medway worker logs a phone call with a Kent family's email and a Medway postcode."""
    medway = staff_member("medway.worker", council="medway")
    family = enquire(postcode="ME14 1AB", email="family@example.com").household

    enquire(source=Source.PHONE, logged_by=medway.user, postcode="ME4 4AA", email="family@example.com")

    family.refresh_from_db()
    assert (family.postcode, family.council, family.team.council, family.assigned_to) == (
        "ME14 1AB",
        "kent",
        "kent",
        kent,
    )
    assert not households_visible_to(medway.user).filter(pk=family.pk).exists()
    assert family.timeline.filter(
        summary="A new enquiry gave the postcode ME4 4AA: check where they live now"
    ).exists()
