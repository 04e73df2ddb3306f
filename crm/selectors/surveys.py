"""Reads for the adopter's voice: who is due a survey today, and what a household's page and file show.

The surveys and their timing are the table in ``crm.surveys``.
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from crm.events import events_between
from crm.models import (
    Anonymisation,
    EventBooking,
    Household,
    JourneyDates,
    Link,
    LinkEndReason,
    SurveyInvitation,
    SurveyKind,
    SurveyResponse,
)
from crm.surveys import CATCH_UP, POINT_WORDS, survey_for


@dataclass(frozen=True)
class Due:
    """A survey someone is due: their household, which survey, and what it is about."""

    household_id: int
    kind: str
    occasion: str


def survey_recipients() -> QuerySet[Household]:
    """Who may be sent a survey: open adopting cases (not closed, merged or erased) with an email address,
    who have kept both their status emails and their surveys on."""
    erased = Anonymisation.objects.filter(object_type="household").values("object_id")
    return (
        Household.objects.recruitment()
        .open()
        .filter(status_emails=True, survey_emails=True)
        .exclude(email="")
        .exclude(pk__in=erased)
    )


def _day_window(kind: str, now: dt.datetime) -> tuple[dt.date, dt.date]:
    """The local dates whose events are due today: at least the delay ago, and no more than the catch-up before it."""
    latest = timezone.localdate(now) - survey_for(kind).delay
    return latest - CATCH_UP, latest


def surveys_due(*, now: dt.datetime | None = None) -> list[Due]:
    """Every survey due now and not yet sent, for people who may be sent one.

    - after an information event: an information evening that ended at least a day ago, the booking
      marked attended (the event is the occasion: each is asked about once);
    - after the first contact: the first call that reached them, a week ago;
    - after approval: two weeks after the first approval;
    - a year after placement: each placement (a link's), unless the placement ended.

    Each looks back ``CATCH_UP`` beyond its delay, so a day the task did not run is made up the next.
    """
    now = now or timezone.now()
    recipients = survey_recipients().order_by().values("pk")
    found: list[Due] = []

    first_contact = survey_for(SurveyKind.FIRST_CONTACT)
    latest = now - first_contact.delay
    for pk in Household.objects.filter(
        pk__in=recipients, first_contact_at__gt=latest - CATCH_UP, first_contact_at__lte=latest
    ).values_list("pk", flat=True):
        found.append(Due(pk, SurveyKind.FIRST_CONTACT, "first-contact"))

    for pk in JourneyDates.objects.filter(
        household__in=recipients, approved_on__range=_day_window(SurveyKind.APPROVAL, now)
    ).values_list("household_id", flat=True):
        found.append(Due(pk, SurveyKind.APPROVAL, "approval"))

    placements = (
        Link.objects.filter(
            household__in=recipients, placed_on__range=_day_window(SurveyKind.PLACEMENT_YEAR, now)
        )
        .exclude(end_reason=LinkEndReason.PLACEMENT_ENDED)
        .values_list("household_id", "pk")
    )
    found.extend(
        Due(household_id, SurveyKind.PLACEMENT_YEAR, f"placement-{pk}") for household_id, pk in placements
    )

    ended_by = now - survey_for(SurveyKind.INFORMATION_EVENT).delay
    events = [
        event.page_id
        for event in events_between(start=ended_by - CATCH_UP, end=ended_by)
        if event.is_information_event and not event.is_family_event and event.end <= ended_by
    ]
    if events:
        attended = EventBooking.objects.filter(
            event_id__in=events,
            status=EventBooking.Status.ATTENDED,
            family_event=False,
            household__in=recipients,
        ).values_list("household_id", "event_id")
        found.extend(
            Due(household_id, SurveyKind.INFORMATION_EVENT, f"event-{event_id}")
            for household_id, event_id in attended
        )

    sent = set(
        SurveyInvitation.objects.filter(household__in={due.household_id for due in found}).values_list(
            "household_id", "kind", "occasion"
        )
    )
    unique = {(due.household_id, due.kind, due.occasion): due for due in found}
    return [due for key, due in sorted(unique.items()) if key not in sent]


@dataclass(frozen=True)
class HouseholdSurveys:
    """The household page's "Surveys" line: how many were sent and answered, and the answers they named."""

    sent: int
    answered: int
    named: list[dict]


def household_surveys(*, household: Household) -> HouseholdSurveys:
    invitations = list(household.survey_invitations.values_list("answered", flat=True))
    named = [
        survey_answers_shown(response)
        for response in SurveyResponse.objects.filter(household=household).order_by("-month", "-pk")
    ]
    return HouseholdSurveys(sent=len(invitations), answered=sum(invitations), named=named)


def survey_answers_shown(response: SurveyResponse) -> dict:
    """A named response as words: the survey, its month, each question with the point chosen, the comment."""
    survey = survey_for(response.kind)
    answers = [
        (question.text, POINT_WORDS.get(response.answers.get(question.key), "Not answered"))
        for question in survey.questions
        if question.key in response.answers
    ]
    return {"survey": survey.title, "month": response.month, "answers": answers, "comment": response.comment}


def survey_records(household_ids) -> dict[str, list[dict]]:
    """The subject access file's sections: the invitations sent them, and the answers they put their name to.

    Anonymous answers are not theirs to find: nothing links them to anyone.
    """
    invitations = SurveyInvitation.objects.filter(household__in=household_ids).order_by("sent_at", "pk")
    responses = SurveyResponse.objects.filter(household__in=household_ids).order_by("month", "pk")
    return {
        "Surveys we invited you to": [
            {
                "Record": Household.reference_for(invitation.household_id),
                "Survey": invitation.get_kind_display(),
                "Sent": timezone.localtime(invitation.sent_at).isoformat(timespec="seconds"),
                "Answered": invitation.answered,
            }
            for invitation in invitations
        ],
        "Survey answers you put your name to": [
            {
                "Record": Household.reference_for(response.household_id),
                "Survey": shown["survey"],
                "Month answered": response.month.strftime("%Y-%m"),
                "Answers": dict(shown["answers"]),
                "Anything else you told us": shown["comment"],
            }
            for response in responses
            if (shown := survey_answers_shown(response))
        ],
    }
