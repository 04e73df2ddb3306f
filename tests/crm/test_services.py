"""The agency's other services through the one front door: each its own journey, queue, clocks and
closure reasons; only adopting is recruitment (the funnel, touches, the quarterly return)."""

import datetime as dt
import json

from django.utils import timezone

import pytest

from campaigns.models import Touchpoint
from crm.forms_admin import EnquiryLogForm, RoutingRuleForm
from crm.journey import JOURNEYS, SUPPORT
from crm.models import ClosureReason, Council, EnquiryType, Household, RoutingRule, Source, Stage
from crm.reports.funnel import FunnelFilters, funnel_report
from crm.selectors import support_responsibility
from crm.services import (
    PipelineError,
    closure_choices,
    enquiry_create,
    household_advance,
    household_close,
    household_log_call,
)
from tests.factories import central_team, enquiry_details, staff_member

pytestmark = [pytest.mark.django_db]

SUPPORT_DETAILS = {
    "child_age": 7,
    "order_date": "2024-05-01",
    "placing_council": "other",
    "placing_council_other": "Surrey County Council",
    "needs": ["therapy"],
}


@pytest.fixture
def central(crm_reference):
    team = central_team()
    return staff_member("central.worker", council=None, team=team, first_name="Cy")


@pytest.fixture
def kent(crm_reference):
    return staff_member("kent.worker", council="kent", first_name="Kim")


def ask(enquiry_type=EnquiryType.SUPPORT, *, service_details=None, **fields):
    details = enquiry_details(
        enquiry_type=enquiry_type,
        service_details=SUPPORT_DETAILS if service_details is None else service_details,
        **{"email": "pat@example.com", "phone": "", **fields},
    )
    return enquiry_create(source=Source.WEB, details=details).household


def test_a_support_request_opens_a_support_case_with_the_central_team_and_its_clock_running(central, kent):
    household = ask()

    assert household.service == EnquiryType.SUPPORT
    assert household.stage == Stage.SUPPORT_REQUEST
    assert household.team.is_central and household.assigned_to == central
    assert household.clock.code == "support_first_contact"
    assert household.due_on is not None
    assert household.service_details["placing_council_other"] == "Surrey County Council"
    # Not recruitment: no touches, no credit.
    assert not Touchpoint.objects.filter(household=household).exists()


def test_the_first_call_stops_the_support_first_contact_clock(central, kent):
    household = ask()

    household_log_call(household=household, by=central.user, reached=True, summary="Talked it through")
    household.refresh_from_db()

    assert household.clock.code == "support_request_stalled"


def test_a_support_case_moves_through_its_own_stages_and_is_handed_over_at_the_assessment(central, kent):
    household = ask(postcode="ME14 1XX")

    household_advance(household=household, to_stage=Stage.SUPPORT_ASSESSMENT, by=central.user)
    household.refresh_from_db()

    assert household.clock.code == "support_assessment"
    assert household.team.council == Council.KENT and household.assigned_to == kent
    with pytest.raises(PipelineError, match="Registration of interest is not a stage of adoption support"):
        household_advance(household=household, to_stage=Stage.REGISTRATION_OF_INTEREST, by=kent.user)


def test_a_support_case_closes_only_with_a_support_reason(central):
    household = ask()

    assert [reason for reason, _ in closure_choices(household)] == list(SUPPORT.closure_reasons)
    with pytest.raises(PipelineError, match="Choose a reason"):
        household_close(household=household, reason=ClosureReason.NOT_APPROVED_STAGE_TWO, by=central.user)
    household_close(household=household, reason=ClosureReason.REFERRED_TO_COUNCIL, by=central.user)
    household.refresh_from_db()
    assert household.closure_reason == ClosureReason.REFERRED_TO_COUNCIL


def test_the_same_person_asking_about_adopting_and_about_support_has_two_cases(central):
    adopting = ask(EnquiryType.ADOPTING, service_details={})
    support = ask()
    again = ask(service_details={"child_age": 8})

    assert adopting.pk != support.pk
    assert again.pk == support.pk
    again.refresh_from_db()
    # A later request fills in what changed and keeps the rest.
    assert again.service_details["child_age"] == 8
    assert again.service_details["placing_council"] == "other"


def test_only_adopting_enquiries_count_in_the_funnel(central):
    ask(EnquiryType.ADOPTING, service_details={}, email="adopter@example.com")
    ask(email="family@example.com")
    ask(EnquiryType.RECORDS, service_details={"who": "adopted_adult"}, email="adult@example.com")
    today = timezone.localdate()
    manager = staff_member("manager", role="manager", council=None)

    report = funnel_report(
        user=manager.user, filters=FunnelFilters(date_from=today - dt.timedelta(days=40), date_to=today)
    )

    total = [*report.tables["cohorts"].rows, *report.tables["cohorts"].totals][-1]
    assert total[1].display == "1"  # enquiries: the adopter's alone
    assert Household.objects.active().count() == 3


@pytest.mark.parametrize(
    ("order_date", "placing", "council", "expected"),
    [
        # Within three years of the order: the placing council, named even outside the partnership.
        (
            "2024-05-01",
            {"placing_council": "other", "placing_council_other": "Surrey County Council"},
            "kent",
            ("Surrey County Council", False),
        ),
        ("2024-05-01", {"placing_council": "medway"}, "kent", ("Medway", True)),
        # More than three years: where the family lives.
        (
            "2020-01-10",
            {"placing_council": "other", "placing_council_other": "Surrey County Council"},
            "bexley",
            ("Bexley", True),
        ),
        ("2020-01-10", {"placing_council": "kent"}, "elsewhere", ("", False)),
    ],
)
def test_the_three_year_rule_names_the_responsible_council(order_date, placing, council, expected):
    household = Household(
        service=EnquiryType.SUPPORT, council=council, service_details={"order_date": order_date, **placing}
    )

    found = support_responsibility(household, today=dt.date(2026, 12, 5))

    assert (found.council, found.in_partnership) == expected
    assert "Adoption and Special Guardianship Support Fund" in found.asgsf


def test_the_three_year_rule_asks_for_what_it_needs_and_keeps_financial_support_with_the_placing_council():
    missing = support_responsibility(
        Household(service=EnquiryType.SUPPORT, council="kent", service_details={})
    )
    assert missing.council == ""
    assert missing.reason.startswith("Ask for the date of the adoption order and who placed the child")

    old = Household(
        service=EnquiryType.SUPPORT,
        council="kent",
        service_details={
            "order_date": "2019-02-01",
            "placing_council": "medway",
            "financial_support_before_order": True,
        },
    )
    found = support_responsibility(old, today=dt.date(2026, 12, 5))
    assert found.council == "Kent"
    assert found.financial == "Financial support agreed before the adoption order stays with Medway."
    assert support_responsibility(Household(service=EnquiryType.ADOPTING)) is None


def test_every_enquiry_type_has_a_journey_and_the_routing_rule_checks_its_stage(crm_reference):
    assert set(JOURNEYS) == set(EnquiryType.values)
    rule = RoutingRule.objects.get(enquiry_type=EnquiryType.SUPPORT)
    assert (rule.first_to, rule.hand_over_at) == (RoutingRule.FirstTo.CENTRAL, Stage.SUPPORT_ASSESSMENT)
    form = RoutingRuleForm(
        instance=rule, data={"first_to": "central", "hand_over_at": Stage.INITIAL_CONVERSATION}
    )
    assert not form.is_valid()
    assert "hand_over_at" in form.errors
    offered = [value for value, _ in form.fields["hand_over_at"].choices]
    assert offered == ["", Stage.SUPPORT_ASSESSMENT, Stage.SUPPORT_PLAN]


def test_staff_log_a_support_call_with_its_details(crm_reference):
    form = EnquiryLogForm(
        data={
            "source": Source.PHONE,
            "enquiry_type": EnquiryType.SUPPORT,
            "first_name": "Pat",
            "phone": "07700 900555",
            "order_date": "2023-03-01",
            "placing_council": "kent",
            "support_needs": ["education", "therapy"],
            "records_who": "adopted_adult",  # another service's answer: not kept
            "contact_consent": "on",
        }
    )

    assert form.is_valid(), form.errors
    details = form.details()
    assert details.enquiry_type == EnquiryType.SUPPORT
    assert details.service_details == {
        "order_date": "2023-03-01",
        "placing_council": "kent",
        "needs": ["education", "therapy"],
    }


def test_a_future_order_date_and_an_unnamed_other_council_are_refused_specifically(crm_reference):
    future = (timezone.localdate() + dt.timedelta(days=3)).isoformat()
    form = EnquiryLogForm(
        data={
            "source": Source.PHONE,
            "enquiry_type": EnquiryType.SUPPORT,
            "first_name": "Pat",
            "phone": "07700 900555",
            "order_date": future,
            "placing_council": "other",
            "contact_consent": "on",
        }
    )

    assert not form.is_valid()
    assert form.errors["order_date"] == ["The adoption order's date cannot be in the future."]
    assert form.errors["placing_council_other"] == ["Tell us which council placed the child."]


def test_a_support_case_is_in_the_subject_access_file_and_erasure_removes_what_they_told_us(central, client):
    from crm.selectors import person_for_anchor
    from crm.services.privacy import person_erase
    from tests.crm.test_subject_access import download

    household = ask()
    household_close(household=household, reason=ClosureReason.SUPPORT_PROVIDED, by=central.user)
    manager = staff_member("manager", role="manager", council=None)
    client.force_login(manager.user)

    document, summary, _ = download(client, f"household-{household.pk}")

    details = json.dumps(document)
    assert "Adoption support" in details and "Surrey County Council" in details
    assert "What you asked about" in summary and "Surrey County Council" in summary

    _, person = person_for_anchor(key=f"household-{household.pk}")
    person_erase(person=person, by=manager.user, reason="Asked in writing, ticket 12")
    household.refresh_from_db()
    assert household.service_details == {}
    assert household.service == EnquiryType.SUPPORT  # what service it was stays, as a count
    enquiry = household.enquiries.get()
    assert "service_details" not in enquiry.data and enquiry.data["enquiry_type"] == EnquiryType.SUPPORT


def test_a_request_to_another_service_records_its_own_consent_and_never_the_out_of_area_reply(central):
    from core import consent
    from crm.models import Consent, SideEffect

    household = ask(postcode="SE1 7AB")  # outside the partnership; the placing council may still be ours

    agreed = Consent.objects.get(household=household, purpose=Consent.Purpose.CONTACT)
    assert (agreed.wording_version, agreed.wording) == (
        consent.SERVICE_CONTACT.version,
        consent.SERVICE_CONTACT.text,
    )
    kinds = set(SideEffect.objects.filter(household=household).values_list("kind", flat=True))
    assert SideEffect.Kind.ENQUIRY_CONFIRMATION in kinds
    assert SideEffect.Kind.OUT_OF_AREA_REPLY not in kinds
