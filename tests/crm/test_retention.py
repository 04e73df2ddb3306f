"""Retention: the policy table, the dry run (command and screen), the real run and the nightly job."""

import datetime as dt
import io
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

import pytest
from dateutil.relativedelta import relativedelta

from campaigns.models import Channel, MailchimpSync, Subscriber, Touchpoint
from core import consent
from crm.models import (
    Anonymisation,
    AuditEvent,
    ClosureReason,
    Enquiry,
    Household,
    RetentionRule,
    Source,
    Stage,
    StageChange,
    TimelineEntry,
)
from crm.tasks_privacy import retention_apply_run
from tests.factories import staff_member

pytestmark = [pytest.mark.django_db]

NOW = timezone.now()


def ago(months: int = 0, days: int = 0) -> dt.datetime:
    return NOW - relativedelta(months=months, days=days)


def closed_case(name: str, *, stage: str, closed: dt.datetime, **fields) -> Household:
    """A case closed at ``closed``, with its enquiry, stage history and timeline dated as they happened."""
    household = Household.objects.create(
        first_name=name,
        last_name="Taylor",
        email=f"{name.lower()}@example.com",
        phone="07700900555",
        postcode="ME14 1XX",
        council="kent",
        stage=stage,
        first_enquiry_at=closed - dt.timedelta(days=60),
        last_enquiry_at=closed - dt.timedelta(days=60),
        closed_at=closed,
        closure_reason=fields.pop("reason", ClosureReason.LOST_CONTACT),
        stage_dates={stage: (closed - dt.timedelta(days=30)).date().isoformat()},
        **fields,
    )
    Enquiry.objects.create(
        household=household,
        source=Source.WEB,
        council="kent",
        received_at=household.first_enquiry_at,
        data={"first_name": name, "email": household.email, "postcode": "ME14 1XX", "council": "kent"},
        message="Please call after six.",
    )
    StageChange.objects.create(
        household=household,
        kind=StageChange.Kind.CLOSE,
        from_stage=stage,
        to_stage=stage,
        closure_reason=household.closure_reason,
        effective_at=closed,
        note=f"{name} moved away",
    )
    TimelineEntry.objects.create(household=household, kind="note", at=closed, summary=f"Spoke to {name}")
    return household


@pytest.fixture
def records():
    """One record on each side of each rule's line."""
    found = {
        "old_early": closed_case("Olive", stage=Stage.INITIAL_CONVERSATION, closed=ago(months=25)),
        "recent_early": closed_case("Rita", stage=Stage.ENQUIRY, closed=ago(months=23)),
        "old_but_active": closed_case("Anton", stage=Stage.ENQUIRY, closed=ago(months=30)),
        "old_assessment": closed_case("Asha", stage=Stage.STAGE_ONE, closed=ago(months=30)),
        "older_assessment": closed_case("Otto", stage=Stage.STAGE_TWO, closed=ago(months=73)),
        "approved": Household.objects.create(
            first_name="Priya",
            email="priya@example.com",
            stage=Stage.APPROVED,
            first_enquiry_at=ago(months=120),
            last_enquiry_at=ago(months=120),
        ),
        "old_spam": Enquiry.objects.create(
            source=Source.WEB,
            status=Enquiry.Status.SPAM,
            received_at=ago(days=31),
            data={"email": "bot@x.test"},
        ),
        "new_spam": Enquiry.objects.create(
            source=Source.WEB,
            status=Enquiry.Status.SPAM,
            received_at=ago(days=29),
            data={"email": "bot2@x.test"},
        ),
        "ended": Subscriber.objects.create(
            email="ended@example.com",
            first_name="Ed",
            status=Subscriber.Status.UNSUBSCRIBED,
            status_changed_at=ago(months=13),
            consent_wording=consent.NEWSLETTER.text,
            consent_wording_version=consent.NEWSLETTER.version,
            consent_source="Newsletter page",
        ),
        "old_visit": Touchpoint.objects.create(
            kind="landing",
            channel=Channel.objects.first(),
            phase=Channel.objects.first().phase,
            visitor=uuid.uuid4(),
            occurred_at=ago(months=14),
            detail={"utm_source": "radio", "referrer": "https://example.org/page"},
        ),
        "new_visit": Touchpoint.objects.create(
            kind="landing",
            channel=Channel.objects.first(),
            phase=Channel.objects.first().phase,
            visitor=uuid.uuid4(),
            occurred_at=ago(months=1),
        ),
        "old_trail": AuditEvent.objects.create(
            action="view", summary="Household page opened", at=ago(months=73)
        ),
    }
    # Anton's case was closed long ago, but a worker wrote to him last month: not past its time yet.
    TimelineEntry.objects.create(
        household=found["old_but_active"], kind="note", at=ago(months=1), summary="Wrote"
    )
    return found


def dry_run() -> str:
    out = io.StringIO()
    call_command("retention", "--dry-run", stdout=out)
    return out.getvalue()


def names() -> dict[str, str]:
    return dict(Household.objects.values_list("email", "first_name").exclude(email=""))


def test_the_policy_ships_with_a_rule_for_each_kind_and_approved_households_are_kept():
    rules = {rule.kind: rule for rule in RetentionRule.objects.all()}
    assert set(rules) == set(RetentionRule.Kind.values)
    assert (rules["closed_early"].action, rules["closed_early"].period, rules["closed_early"].unit) == (
        "anonymise",
        24,
        "months",
    )
    assert rules["approved"].action == "keep" and all(rule.basis for rule in rules.values())

    rules["approved"].action = RetentionRule.Action.ANONYMISE
    rules["approved"].period = 12
    with pytest.raises(ValidationError, match="only be kept"):
        rules["approved"].full_clean()


def test_the_dry_run_says_what_it_would_do_and_changes_nothing(records):
    before = (names(), Enquiry.objects.count(), Subscriber.objects.get().email, AuditEvent.objects.count())

    output = dry_run()

    assert "nothing is changed" in output
    olive, anton, asha = records["old_early"], records["old_but_active"], records["old_assessment"]
    assert f"{olive.reference}: closed" in output
    assert anton.reference not in output and records["recent_early"].reference not in output
    assert asha.reference not in output and f"{records['older_assessment'].reference}: closed" in output
    assert f"{records['approved'].reference}: approved, kept" in output
    assert (
        f"Spam enquiry {records['old_spam'].pk}" in output
        and f"Spam enquiry {records['new_spam'].pk}" not in output
    )
    assert (
        "Cases closed before the registration of interest was accepted: anonymise after 24 months: 1 to anonymise"
        in output.splitlines()
    )
    assert output.count(" 1 to ") == 6, output  # one record under each of the six rules that act
    assert "Would change or remove 6 records in all." in output
    # Names appear nowhere in the report; nothing changed, not even the audit trail.
    assert "Olive" not in output and "olive@example.com" not in output
    assert before == (
        names(),
        Enquiry.objects.count(),
        Subscriber.objects.get().email,
        AuditEvent.objects.count(),
    )


def test_the_real_run_anonymises_what_is_past_its_time_and_keeps_the_rest(records):
    counts_before = (
        Household.objects.count(),
        list(
            Household.objects.order_by("pk").values_list("stage", "stage_dates", "closure_reason", "council")
        ),
        StageChange.objects.count(),
        Touchpoint.objects.count(),
    )
    out = io.StringIO()

    call_command("retention", stdout=out)

    assert "Done: 6 records in all." in out.getvalue()
    # Closed early, no progress for 24 months: anonymised, every detail that names them gone
    olive = Household.objects.get(pk=records["old_early"].pk)
    assert (olive.first_name, olive.last_name, olive.email, olive.phone, olive.postcode) == (
        "Anonymised",
        "",
        "",
        "",
        "ME14",
    )
    enquiry = olive.enquiries.get()
    assert enquiry.message == "" and enquiry.data == {"postcode": "ME14", "council": "kent"}
    assert StageChange.objects.get(household=olive).note == ""
    assert TimelineEntry.objects.get(household=olive).summary == "Note (details removed)"
    # The same for a case closed during assessment after six years; the rest are kept as they were
    assert Household.objects.get(pk=records["older_assessment"].pk).first_name == "Anonymised"
    assert set(names().values()) == {"Rita", "Anton", "Asha", "Priya"}
    # Spam past 30 days deleted; the newsletter record anonymised and its Mailchimp deletion queued
    assert not Enquiry.objects.filter(pk=records["old_spam"].pk).exists()
    assert Enquiry.objects.filter(pk=records["new_spam"].pk).exists()
    ended = Subscriber.objects.get()
    assert ended.email.endswith("@erased.invalid") and ended.first_name == ""
    assert MailchimpSync.objects.filter(subscriber=ended, action="delete").exists()
    # Old visits lose their visitor id and referrer, keep their channel; the trail entry past six years goes
    old_visit = Touchpoint.objects.get(pk=records["old_visit"].pk)
    assert (old_visit.visitor, old_visit.detail) == (None, {"utm_source": "radio"})
    assert Touchpoint.objects.get(pk=records["new_visit"].pk).visitor is not None
    assert not AuditEvent.objects.filter(pk=records["old_trail"].pk).exists()
    # Every count stays, and the trail records what retention did, by which rule
    assert counts_before == (
        Household.objects.count(),
        list(
            Household.objects.order_by("pk").values_list("stage", "stage_dates", "closure_reason", "council")
        ),
        StageChange.objects.count(),
        Touchpoint.objects.count(),
    )
    entry = AuditEvent.objects.get(action="anonymise", household_id=olive.pk)
    assert entry.username == "" and entry.summary.startswith("Retention rule: Cases closed before")
    assert Anonymisation.objects.get(object_type="household", object_id=olive.pk).cause == "retention"

    # And running again changes nothing more
    again = io.StringIO()
    call_command("retention", stdout=again)
    assert "Done: 0 records in all." in again.getvalue()
    assert "Would change or remove 0 records in all." in dry_run()


def test_a_switched_off_rule_is_reported_but_never_applied(records):
    RetentionRule.objects.filter(kind="closed_early").update(is_active=False)

    assert "switched off (1 records would be affected)" in dry_run()
    call_command("retention", stdout=io.StringIO())

    assert Household.objects.get(pk=records["old_early"].pk).first_name == "Olive"


def test_the_nightly_job_is_scheduled_and_applies_the_policy(records):
    assert settings.CELERY_BEAT_SCHEDULE["retention"]["task"] == "crm.tasks_privacy.retention_apply_run"
    assert "crm.tasks_privacy" in settings.CELERY_IMPORTS

    done = retention_apply_run.delay().get()

    assert done["closed_early"] == 1 and done["spam"] == 1
    assert Household.objects.get(pk=records["old_early"].pk).first_name == "Anonymised"


def test_the_retention_screen_shows_the_policy_and_the_dry_run(client, records):
    manager = staff_member("retention.manager", role="manager", council=None)
    client.force_login(manager.user)

    response = client.get("/admin/crm/privacy/retention/")

    assert response.status_code == 200
    text = response.content.decode()
    assert "Anonymise after 24 calendar months" in text
    assert f"{records['old_early'].reference}: closed" in text
    assert "1 kept" in text and "1 to anonymise" in text
    assert "Olive" not in text


def test_a_manager_changes_a_period_and_the_change_is_recorded(client):
    manager = staff_member("retention.manager", role="manager", council=None)
    worker = staff_member("kent.worker", council="kent")
    rule = RetentionRule.objects.get(kind="closed_early")
    approved = RetentionRule.objects.get(kind="approved")
    url = f"/admin/crm/retention-rules/edit/{rule.pk}/"
    form = {"action": "anonymise", "period": "12", "unit": "months", "is_active": "on", "basis": rule.basis}

    client.force_login(worker.user)
    assert client.get(url).status_code == 404
    assert client.post(url, form).status_code == 404
    client.force_login(manager.user)
    assert client.get(url).status_code == 200
    refused = client.post(f"/admin/crm/retention-rules/edit/{approved.pk}/", {**form, "basis": "x"})
    saved = client.post(url, form)

    assert refused.status_code == 200 and "can only be kept" in refused.content.decode()
    assert saved.status_code == 302
    rule.refresh_from_db()
    approved.refresh_from_db()
    assert (rule.period, approved.action) == (12, "keep")
    entry = AuditEvent.objects.get(object_type="retentionrule", object_id=rule.pk)
    assert (entry.action, entry.username) == ("change", "retention.manager")
    assert entry.summary.endswith("anonymise after 12 months")
