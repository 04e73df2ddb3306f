"""The morning digest: overdue and due-soon cases, to the worker who holds them and to their manager."""

import datetime as dt

from django.core import mail
from django.utils import timezone

import pytest

from crm.emails import email_for
from crm.models import Clock, Household, SideEffect, StaffMember, Team
from crm.services.digests import daily_digests_queue
from crm.tasks import daily_digests_send
from tests.factories import staff_member


def case(
    name: str, *, clock: str, due_in_days: int, team: str | None = "kent", staff=None, **fields
) -> Household:
    """An open household with a clock running out ``due_in_days`` from today (negative: overdue)."""
    return Household.objects.create(
        first_name=name,
        last_name="Case",
        clock=Clock.objects.get(code=clock),
        due_on=timezone.localdate() + dt.timedelta(days=due_in_days),
        team=Team.objects.get(council=team) if team else None,
        assigned_to=staff,
        **fields,
    )


def digest_rows() -> dict[int, str]:
    return dict(SideEffect.objects.filter(kind="daily_digest").values_list("payload__staff_id", "key"))


def digest_email(staff: StaffMember):
    return email_for(SideEffect.objects.get(kind="daily_digest", payload__staff_id=staff.pk))


@pytest.fixture
def kent_worker(crm_reference):
    return staff_member("kent.worker", council="kent", first_name="Kim", last_name="Lee")


@pytest.mark.django_db
def test_a_worker_hears_about_exactly_their_overdue_and_due_soon_cases(kent_worker):
    today = timezone.localdate()
    # Given Kim holds one overdue case, one due soon, one on track and one closed
    overdue = case("Overdue", clock="first_contact", due_in_days=-3, staff=kent_worker)
    due_soon = case("Soon", clock="stage_one", due_in_days=5, staff=kent_worker)
    case("Fine", clock="stage_one", due_in_days=40, staff=kent_worker)
    case("Closed", clock="first_contact", due_in_days=-9, staff=kent_worker, closed_at=timezone.now())
    colleague = staff_member("kent.colleague", council="kent")
    case("Theirs", clock="first_contact", due_in_days=-1, staff=colleague)

    # When the morning job runs
    queued = daily_digests_queue(today=today)

    # Then Kim's digest lists those two, by reference and due date, and nothing else
    assert queued == 2
    assert digest_rows()[kent_worker.pk] == f"daily_digest:{kent_worker.pk}:{today.isoformat()}"
    message = digest_email(kent_worker)
    assert message.to == ["kent.worker@adoptionpartnership.example"]
    assert message.subject == "Your cases: 1 overdue, 1 due soon"
    overdue_on = overdue.due_on
    soon_on = due_soon.due_on
    assert message.body.rstrip("\n") == (
        "Good morning Kim,\n\n"
        "Overdue (1):\n"
        f"  - {overdue.reference}, First contact: was due {overdue_on:%A} {overdue_on.day} {overdue_on:%b}\n"
        f"    http://testserver/admin/crm/households/{overdue.pk}/\n\n"
        "Due soon (1):\n"
        f"  - {due_soon.reference}, Stage one: due {soon_on:%A} {soon_on.day} {soon_on:%b}\n"
        f"    http://testserver/admin/crm/households/{due_soon.pk}/\n\n"
        "This email lists references only. Open the CRM to see the details."
    )
    assert "Overdue Case" not in message.body and "Theirs" not in message.body


@pytest.mark.django_db
def test_a_manager_hears_about_their_whole_team_and_who_holds_each_case(kent_worker):
    today = timezone.localdate()
    manager = staff_member("kent.manager", role="manager", council="kent", first_name="Mo")
    mine = case("Assigned", clock="first_contact", due_in_days=-2, staff=kent_worker)
    queued = case("Unassigned", clock="roi_decision", due_in_days=1)
    case("Medway", clock="first_contact", due_in_days=-2, team="medway")

    daily_digests_queue(today=today)

    message = digest_email(manager)
    assert message.subject == "Your cases: 1 overdue, 1 due soon"
    assert f"{mine.reference}, First contact: was due" in message.body
    assert "(Kim Lee)" in message.body
    assert f"{queued.reference}, Decision on registration of interest: due" in message.body
    assert "(unassigned)" in message.body
    assert message.body.count("APSE-") == 2


@pytest.mark.django_db
def test_a_manager_without_a_team_hears_about_everyone(crm_reference):
    today = timezone.localdate()
    head = staff_member("head.of.service", role="manager", council=None)
    kent = case("Kent", clock="first_contact", due_in_days=-2)
    medway = case("Medway", clock="first_contact", due_in_days=-1, team="medway")
    elsewhere = case("Elsewhere", clock="first_contact", due_in_days=0, team=None)

    daily_digests_queue(today=today)

    body = digest_email(head).body
    assert [
        reference
        for reference in (kent.reference, medway.reference, elsewhere.reference)
        if reference in body
    ] == [
        kent.reference,
        medway.reference,
        elsewhere.reference,
    ]


@pytest.mark.django_db
def test_nobody_with_nothing_due_is_emailed(kent_worker):
    today = timezone.localdate()
    away = staff_member("away.worker", council="kent")
    StaffMember.objects.filter(pk=away.pk).update(is_away=True)
    gone = staff_member("gone.worker", council="kent")
    StaffMember.objects.filter(pk=gone.pk).update(is_active=False)
    case("Away's", clock="first_contact", due_in_days=-1, staff=away)
    case("Gone's", clock="first_contact", due_in_days=-1, staff=gone, team=None)
    case("Fine", clock="stage_one", due_in_days=40, staff=kent_worker)

    assert daily_digests_queue(today=today) == 0
    assert not SideEffect.objects.exists()


@pytest.mark.django_db
def test_running_twice_in_a_day_queues_once_and_tomorrow_again(kent_worker):
    today = timezone.localdate()
    case("Overdue", clock="first_contact", due_in_days=-1, staff=kent_worker)

    daily_digests_queue(today=today)
    daily_digests_queue(today=today)
    assert SideEffect.objects.filter(kind="daily_digest").count() == 1

    daily_digests_queue(today=today + dt.timedelta(days=1))
    assert sorted(SideEffect.objects.values_list("key", flat=True)) == [
        f"daily_digest:{kent_worker.pk}:{today.isoformat()}",
        f"daily_digest:{kent_worker.pk}:{(today + dt.timedelta(days=1)).isoformat()}",
    ]


@pytest.mark.django_db
def test_the_beat_task_sends_the_digests(kent_worker, django_capture_on_commit_callbacks):
    case("Overdue", clock="first_contact", due_in_days=-1, staff=kent_worker)

    with django_capture_on_commit_callbacks(execute=True):
        assert daily_digests_send() == 1

    assert [message.to for message in mail.outbox] == [["kent.worker@adoptionpartnership.example"]]
    assert SideEffect.objects.get(kind="daily_digest").status == "done"
