"""The emails the CRM sends, one template pair per side-effect kind in ``templates/crm/email/``."""

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from crm.forms_services import SERVICE_WORDS
from crm.models import (
    PARTNER_COUNCILS,
    Enquiry,
    EventBooking,
    Household,
    PeerMatch,
    SideEffect,
    SignInLink,
    StaffMember,
    SurveyInvitation,
)
from crm.selectors import digest_for, first_contact_due, postcode_area_for
from crm.selectors.applicants import STAGE_WORDS
from crm.selectors.registrations import roi_decision_due
from crm.services.applicants import sign_in_token
from crm.services.bookings import organiser_bookings
from crm.services.surveys import survey_token
from crm.surveys import LINK_LIFETIME, survey_for

SUBJECTS = {
    SideEffect.Kind.ENQUIRY_CONFIRMATION: "Thank you for getting in touch about adoption",
    SideEffect.Kind.OUT_OF_AREA_REPLY: "Thank you for your enquiry about adoption",
    SideEffect.Kind.WORKER_NOTIFICATION: "New enquiry for you: {household}",
    SideEffect.Kind.BOOKING_CONFIRMATION: "Your place is booked: {event}",
    SideEffect.Kind.BOOKING_WAITING: "You are on the waiting list: {event}",
    SideEffect.Kind.BOOKING_PROMOTED: "Good news, a place is yours: {event}",
    SideEffect.Kind.BOOKING_CANCELLED: "Your booking is cancelled: {event}",
    SideEffect.Kind.BOOKING_REMINDER: "See you tomorrow: {event}",
    SideEffect.Kind.ORGANISER_REMINDER: "Tomorrow: who is coming to {event}, and their access needs",
    SideEffect.Kind.DAILY_DIGEST: "Your cases: {digest_counts}",
    SideEffect.Kind.SIGN_IN_LINK: "Your link to sign in to your adoption journey",
    SideEffect.Kind.STAGE_UPDATE: "Your adoption journey has moved on",
    SideEffect.Kind.ROI_CONFIRMATION: "We have your registration of interest",
    SideEffect.Kind.ROI_WORKER_NOTICE: "Registration of interest sent online: {household}",
    SideEffect.Kind.APPLICANT_MESSAGE: "New message on {reference}",
    SideEffect.Kind.WORKER_MESSAGE: "You have a new message from Adoption Partnership south east",
    SideEffect.Kind.SURVEY_INVITATION: "How did we do? A few quick questions",
    SideEffect.Kind.PEER_INTRODUCTION: "Introducing your peer {role} from Adoption Partnership south east",
}
# A request to one of the agency's other services (support, records, ...) is thanked in its own words, with
# the day we will call by: whoever it is from and wherever they live (the council that placed a child may be
# ours), never the adopting email's information evenings nor the out-of-area reply's other agencies.
SERVICE_REQUEST_REPLIES = (SideEffect.Kind.ENQUIRY_CONFIRMATION, SideEffect.Kind.OUT_OF_AREA_REPLY)
SERVICE_REQUEST_TEMPLATE = "service_request_confirmation"
SERVICE_REQUEST_SUBJECT = "Thank you for getting in touch: we have {request}"


def _context(effect: SideEffect) -> tuple[list[str], dict]:
    """Who the email goes to, and what its templates need."""
    from crm.events import event_info

    household: Household | None = effect.household
    context = {"effect": effect, "household": household, "site_url": settings.WAGTAILADMIN_BASE_URL}
    payload = effect.payload
    if "enquiry_id" in payload:
        context["enquiry"] = Enquiry.objects.filter(pk=payload["enquiry_id"]).first()
        if _is_service_request(effect):
            context.update(
                words=SERVICE_WORDS[household.service],
                contact_by=first_contact_due(household),
                team=_front_door_team(household),
            )
        if effect.kind == SideEffect.Kind.OUT_OF_AREA_REPLY and household:
            context["area"] = postcode_area_for(household.postcode)
    if "booking_id" in payload:
        booking = EventBooking.objects.select_related("household").get(pk=payload["booking_id"])
        context.update(booking=booking, event=event_info(booking.event_id))
    if effect.kind == SideEffect.Kind.ORGANISER_REMINDER:
        return _organiser_context(payload, context)
    if effect.kind == SideEffect.Kind.SIGN_IN_LINK:
        # To the address the link was asked for: it stops working if the record's address changes.
        link = SignInLink.objects.get(pk=payload["link_id"])
        path = reverse("applicant:sign_in_link", args=[sign_in_token(link)])
        context.update(link=link, sign_in_url=f"{context['site_url']}{path}")
        return [link.email], context
    if effect.kind == SideEffect.Kind.APPLICANT_MESSAGE:
        # To the worker (or the team inbox): the household by reference and a link, never the message.
        context["household_url"] = f"{context['site_url']}/admin/crm/households/{household.pk}/#messages"
        return [payload["to"]], context
    if effect.kind == SideEffect.Kind.WORKER_MESSAGE:
        context["messages_url"] = f"{context['site_url']}/your-adoption/messages/"
    if effect.kind == SideEffect.Kind.SURVEY_INVITATION:
        invitation = SurveyInvitation.objects.get(pk=payload["invitation_id"])
        path = reverse("crm_survey", args=[survey_token(invitation)])
        context.update(
            survey=survey_for(invitation.kind),
            survey_url=f"{context['site_url']}{path}",
            closes_on=invitation.sent_at + LINK_LIFETIME,
        )
    if effect.kind == SideEffect.Kind.PEER_INTRODUCTION:
        context.update(peer_introduction(payload))
    if effect.kind == SideEffect.Kind.STAGE_UPDATE:
        words = STAGE_WORDS.get(payload.get("stage", ""))
        context.update(
            where=words.where if words else "", journey_url=f"{context['site_url']}/your-adoption/"
        )
    if effect.kind == SideEffect.Kind.ROI_CONFIRMATION:
        context.update(
            decision_by=roi_decision_due(household),
            registration_url=f"{context['site_url']}{reverse('applicant:registration')}",
        )
    staff_kinds = (
        SideEffect.Kind.WORKER_NOTIFICATION,
        SideEffect.Kind.DAILY_DIGEST,
        SideEffect.Kind.ROI_WORKER_NOTICE,
    )
    if effect.kind in staff_kinds:
        staff = StaffMember.objects.select_related("user").get(pk=payload["staff_id"])
        context["staff"] = staff
        if effect.kind == SideEffect.Kind.DAILY_DIGEST:
            context["digest"] = digest_for(staff=staff)
        return [staff.user.email], context
    return [household.email] if household and household.email else [], context


def peer_introduction(payload: dict) -> dict:
    """The other side of a match, as both agreed to share: a first name and an email address, no more."""
    match = PeerMatch.objects.select_related("request__household", "volunteer__household").get(
        pk=payload["match_id"]
    )
    volunteer_side = payload["side"] == "volunteer"
    other = match.request.household if volunteer_side else match.volunteer.household
    mine = match.volunteer.household if volunteer_side else match.request.household
    return {
        # Only an open adopting case has its own page to end the match from; anyone else tells us.
        "has_page": mine.service == "adopting" and mine.is_open,
        "match": match,
        "role": match.get_role_display().lower(),
        "as_volunteer": volunteer_side,
        "other_first_name": other.first_name,
        "other_email": other.email,
        "peers_url": f"{settings.WAGTAILADMIN_BASE_URL}/your-adoption/peers/",
    }


def _digest_counts(digest: dict) -> str:
    """'2 overdue, 1 due soon'; stalled cases are counted only when there are some."""
    stalled = len(digest.get("stalled", []))
    parts = [f"{len(digest.get('overdue', []))} overdue", f"{stalled} stalled" if stalled else ""]
    return ", ".join(part for part in [*parts, f"{len(digest.get('due_soon', []))} due soon"] if part)


def _is_service_request(effect: SideEffect) -> bool:
    """The reply to a request to a service other than adopting."""
    household = effect.household
    return (
        effect.kind in SERVICE_REQUEST_REPLIES
        and household is not None
        and household.service in SERVICE_WORDS
    )


def _front_door_team(household: Household) -> str:
    """Who will call, in the words of "someone from our … team": the front door while the central team holds it."""
    team = household.team
    if team is not None and not team.is_central and household.council in PARTNER_COUNCILS:
        return household.get_council_display()
    return "front-door"


def email_for(effect: SideEffect) -> EmailMultiAlternatives | None:
    """The email for a side effect, or None when there is nobody to send it to."""
    recipients, context = _context(effect)
    recipients = [address for address in recipients if address]
    if not recipients:
        return None
    digest = context.get("digest", {})
    template = effect.kind
    if _is_service_request(effect):
        template = SERVICE_REQUEST_TEMPLATE
        subject = SERVICE_REQUEST_SUBJECT.format(request=context["words"].request)
    else:
        subject = SUBJECTS[effect.kind].format(
            household=context["household"].display_name if context.get("household") else "",
            event=context["event"].title if context.get("event") else "",
            digest_counts=_digest_counts(digest),
            reference=context["household"].reference if context.get("household") else "",
            role=context.get("role", ""),
        )
    text = render_to_string(f"crm/email/{template}.txt", context)
    message = EmailMultiAlternatives(subject=subject, body=text, to=recipients)
    event = context.get("event")
    if (
        event
        and event.ics
        and effect.kind
        in (
            SideEffect.Kind.BOOKING_CONFIRMATION,
            SideEffect.Kind.BOOKING_PROMOTED,
            SideEffect.Kind.BOOKING_REMINDER,
        )
    ):
        message.attach("event.ics", event.ics, "text/calendar")
    return message


def _organiser_context(payload: dict, context: dict) -> tuple[list[str], dict]:
    """The organiser's list: everyone booked, with names and access needs only for households they may see."""
    from django.contrib.auth import get_user_model

    from crm.events import event_info

    organiser = get_user_model().objects.get(pk=payload["user_id"])
    event = event_info(payload["event_id"])
    if event is None:
        raise ObjectDoesNotExist(f"Event {payload['event_id']} has been deleted.")
    rows = organiser_bookings(user=organiser, event_id=event.page_id)
    context.update(
        organiser=organiser,
        event=event,
        rows=rows,
        places=sum(row.booking.places for row in rows),
        needs=[row for row in rows if row.visible and row.booking.access_needs],
        hidden=sum(1 for row in rows if not row.visible),
    )
    return [organiser.email], context
