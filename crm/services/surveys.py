"""The adopter's voice: inviting people to a short survey, and recording their answers.

Each day ``survey_invitations_send`` (a Celery beat task) asks ``crm.selectors.surveys_due`` who is due
one, and makes an invitation row and its email (an outbox row) for each: a unique constraint makes a
second run, or two at once, send nothing twice. The email carries a signed link; the answer needs no
sign-in. The link names the invitation by id and a random nonce, signed with the site's secret key, so
nothing guessable opens it and no token is stored; it works for 60 days from sending, and once.
"""

import datetime as dt
import secrets
from collections.abc import Mapping

from django.core import signing
from django.db import IntegrityError, transaction
from django.utils import timezone

from crm.models import AuditEvent, Household, SideEffect, SurveyInvitation, SurveyResponse, TimelineEntry
from crm.selectors.surveys import surveys_due
from crm.surveys import COMMENT_MAX_LENGTH, LINK_LIFETIME, POINTS, survey_for

from .privacy import audit_record
from .side_effects import side_effect_queue

SIGNING_SALT = "crm.surveys.invitation"  # a namespace for the signature, not a secret

UNKNOWN = "unknown"
ANSWERED = "answered"
EXPIRED = "expired"
OPEN = "open"


class SurveyError(Exception):
    """The answer cannot be recorded; the message says why in words the person can act on."""


def survey_token(invitation: SurveyInvitation) -> str:
    return signing.dumps(
        {"survey": invitation.pk, "nonce": invitation.nonce}, salt=SIGNING_SALT, compress=False
    )


def survey_invitation_for_token(token: str) -> SurveyInvitation | None:
    """The invitation a token names, whatever its state; None for anything that is not one of ours."""
    try:
        value = signing.loads(token, salt=SIGNING_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(value, dict) or not isinstance(value.get("survey"), int):
        return None
    invitation = SurveyInvitation.objects.select_related("household").filter(pk=value["survey"]).first()
    if invitation is None or not secrets.compare_digest(invitation.nonce, str(value.get("nonce", ""))):
        return None
    return invitation


def survey_state(invitation: SurveyInvitation | None, *, now: dt.datetime | None = None) -> str:
    """Whether the link can be answered: ``OPEN``, or ``UNKNOWN``, ``ANSWERED`` or ``EXPIRED``."""
    if invitation is None:
        return UNKNOWN
    if invitation.answered:
        return ANSWERED
    if invitation.sent_at + LINK_LIFETIME <= (now or timezone.now()):
        return EXPIRED
    return OPEN


def survey_invite(
    *, household: Household, kind: str, occasion: str, now: dt.datetime | None = None
) -> SurveyInvitation | None:
    """Invite a household to a survey about one occasion and queue its email; None if already invited."""
    try:
        with transaction.atomic():
            invitation = SurveyInvitation.objects.create(
                household=household, kind=kind, occasion=occasion, sent_at=now or timezone.now()
            )
            side_effect_queue(
                kind=SideEffect.Kind.SURVEY_INVITATION,
                key=f"survey-invitation:{invitation.pk}",
                household=household,
                payload={"invitation_id": invitation.pk, "survey": kind},
            )
    except IntegrityError:
        return None
    return invitation


def survey_invitations_send(*, now: dt.datetime | None = None) -> int:
    """Invite everyone due a survey today; returns how many were invited. Safe to run twice."""
    now = now or timezone.now()
    due = surveys_due(now=now)
    households = Household.objects.in_bulk({item.household_id for item in due})
    invited = 0
    for item in due:
        if survey_invite(
            household=households[item.household_id], kind=item.kind, occasion=item.occasion, now=now
        ):
            invited += 1
    return invited


def _clean_answers(kind: str, answers: Mapping[str, object]) -> dict[str, int]:
    survey = survey_for(kind)
    cleaned = {}
    for key in survey.keys:
        value = answers.get(key)
        if isinstance(value, str) and value.isdigit():
            value = int(value)
        if value not in POINTS:
            raise SurveyError("Choose an answer from 1 to 5 for every question.")
        cleaned[key] = value
    return cleaned


@transaction.atomic
def survey_answer(
    *,
    token: str,
    answers: Mapping[str, object],
    comment: str = "",
    named: bool,
    now: dt.datetime | None = None,
) -> SurveyResponse | None:
    """Record the answers to an invitation, once: None (and nothing changed) if it was answered already.

    Named, the answers are linked to the household; anonymous, they keep only the survey, its version,
    the month, the team and the council, and the invitation records only that it was answered.
    Raises ``SurveyError`` for a link that is not ours or has closed, or answers that are not 1 to 5.
    """
    now = now or timezone.now()
    invitation = survey_invitation_for_token(token)
    if invitation is not None:
        invitation = (
            SurveyInvitation.objects.select_for_update().select_related("household").get(pk=invitation.pk)
        )
    state = survey_state(invitation, now=now)
    if state == ANSWERED:
        return None
    if state == UNKNOWN:
        raise SurveyError("This survey link is not one of ours. It may have been copied wrongly.")
    if state == EXPIRED:
        raise SurveyError("This survey has closed: each link works for 60 days.")
    comment = (comment or "").strip()
    if len(comment) > COMMENT_MAX_LENGTH:
        raise SurveyError(f"Keep your comment to {COMMENT_MAX_LENGTH} characters.")
    household = invitation.household
    survey = survey_for(invitation.kind)
    response = SurveyResponse.objects.create(
        kind=invitation.kind,
        version=survey.version,
        month=timezone.localdate(now).replace(day=1),
        answers=_clean_answers(invitation.kind, answers),
        comment=comment,
        household=household if named else None,
        team_id=household.team_id,
        council=household.council,
    )
    invitation.answered = True
    invitation.save(update_fields=["answered"])
    if named:
        TimelineEntry.objects.create(
            household=household,
            kind=TimelineEntry.Kind.NOTE,
            summary=f"Answered the survey {survey.title.lower()}, with their name",
        )
    return response


@transaction.atomic
def survey_emails_set(*, household: Household, on: bool) -> Household:
    """Turn the applicant's survey emails on or off, from their own page."""
    household = Household.objects.select_for_update().get(pk=household.pk)
    if household.survey_emails == on:
        return household
    household.survey_emails = on
    household.save(update_fields=["survey_emails", "updated_at"])
    summary = (
        "Turned on short surveys about their experience"
        if on
        else "Turned off short surveys about their experience"
    )
    TimelineEntry.objects.create(household=household, kind=TimelineEntry.Kind.CONSENT, summary=summary)
    audit_record(
        action=AuditEvent.Action.CHANGE, target=household, summary=f"{household.reference}: {summary.lower()}"
    )
    return household
