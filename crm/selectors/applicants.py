"""What an applicant sees of their own case on "Your adoption journey": plain words, nothing internal.

Where they are, what happens next and by when (the running timescale's due date, never a stall rule's),
who their worker is, the events they have booked and the emails we have sent them. No notes, no
internal dates, no other household: the page is built from the signed-in household alone.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils import timezone

from crm.events import event_info
from crm.models import ApplicantMessage, Clock, EventBooking, Household, SideEffect, Stage


@dataclass(frozen=True)
class StageWords:
    where: str  # where they are, in a sentence
    next: str  # what happens next
    due: str = ""  # how the due date reads, "{date}" replaced: only while a timescale runs


STAGE_WORDS: dict[str, StageWords] = {
    Stage.ENQUIRY: StageWords(
        "We have your enquiry.",
        "Someone from our team will call you for a first conversation about adopting.",
        "We aim to call you by {date}.",
    ),
    Stage.INITIAL_CONVERSATION: StageWords(
        "You have had your first conversation with us.",
        "Come to an information evening to hear from adopters and social workers, then register your interest.",
    ),
    Stage.INFORMATION_EVENT: StageWords(
        "You have been to an information event.",
        "When you are ready, fill in your registration of interest on this page.",
    ),
    Stage.REGISTRATION_OF_INTEREST: StageWords(
        "We have your registration of interest.",
        "We will look at it and tell you whether we can accept it.",
        "We will tell you our decision by {date}.",
    ),
    Stage.ROI_ACCEPTED: StageWords(
        "We have accepted your registration of interest.",
        "Stage one starts: the checks (DBS, references, medical) and preparation training.",
    ),
    Stage.STAGE_ONE: StageWords(
        "You are in stage one: checks, references and preparation training.",
        "At the end of stage one we decide together whether you go on to stage two.",
        "Stage one is planned to finish by {date}.",
    ),
    Stage.BREAK: StageWords(
        "You are taking a break between stage one and stage two.",
        "Tell your worker when you are ready to start stage two.",
        "Please let us know by {date} if you would like to go on.",
    ),
    Stage.STAGE_TWO: StageWords(
        "You are in stage two: your assessment with a social worker.",
        "Your social worker writes your assessment report, which goes to the adoption panel.",
        "Stage two is planned to finish by {date}.",
    ),
    Stage.PANEL: StageWords(
        "Your assessment is with the adoption panel.",
        "The panel makes its recommendation and the agency decision maker decides. Your worker will tell you.",
        "We aim to tell you the decision by {date}.",
    ),
    Stage.APPROVED: StageWords(
        "You are approved as adopters.",
        "Our family-finding team looks for a child or children you could be a family for.",
    ),
    Stage.ON_HOLD: StageWords(
        "Family finding is paused for now, as agreed with your worker.",
        "Tell your worker when you would like it to start again.",
    ),
    Stage.FAMILY_FINDING: StageWords(
        "You are approved, and our family-finding team is looking for a match.",
        "Your worker will talk to you about any child who might be a match.",
    ),
    Stage.LINKED: StageWords(
        "You have been linked with a child.",
        "You will find out more about the child, and the match goes to the matching panel.",
    ),
    Stage.MATCHED: StageWords(
        "The matching panel has recommended your match.",
        "Your worker plans introductions and the day the child moves in with you.",
    ),
    Stage.PLACED: StageWords(
        "The child lives with you.",
        "When the time is right you apply to the court for the adoption order. Your worker will help.",
    ),
    Stage.ADOPTION_ORDER: StageWords(
        "The court has made the adoption order.",
        "Adoption support is here for your family whenever you need it.",
    ),
}

# The emails we send applicants, in the words a list of them reads best in.
EMAILS_TO_APPLICANTS = {
    SideEffect.Kind.ENQUIRY_CONFIRMATION: "Thank you for getting in touch",
    SideEffect.Kind.OUT_OF_AREA_REPLY: "Thank you for your enquiry",
    SideEffect.Kind.BOOKING_CONFIRMATION: "Your place is booked",
    SideEffect.Kind.BOOKING_WAITING: "You are on the waiting list",
    SideEffect.Kind.BOOKING_PROMOTED: "A place became yours",
    SideEffect.Kind.BOOKING_CANCELLED: "Your booking is cancelled",
    SideEffect.Kind.BOOKING_REMINDER: "See you tomorrow",
    SideEffect.Kind.STAGE_UPDATE: "Your adoption journey has moved on",
    SideEffect.Kind.ROI_CONFIRMATION: "We have your registration of interest",
    SideEffect.Kind.WORKER_MESSAGE: "You have a new message",
}


@dataclass(frozen=True)
class BookedEvent:
    title: str
    start: dt.datetime
    location: str
    status: str
    cancel_path: str


@dataclass(frozen=True)
class SentEmail:
    sent_at: dt.datetime
    subject: str


@dataclass(frozen=True)
class ApplicantLink:
    """A page of another app's that this household may use (the forum, for its members)."""

    label: str
    href: str
    description: str = ""


# Other apps say which of their pages a household may use, without the CRM importing them: each
# registers a function of the household from its ``AppConfig.ready`` (``community.apps``).
_link_sources: list[Callable[[Household], ApplicantLink | None]] = []


def register_applicant_link(source: Callable[[Household], ApplicantLink | None]) -> None:
    if source not in _link_sources:
        _link_sources.append(source)


def applicant_links(household: Household) -> list[ApplicantLink]:
    return [link for source in _link_sources if (link := source(household)) is not None]


@dataclass(frozen=True)
class ApplicantJourney:
    household: Household
    stage_label: str
    words: StageWords
    due_on: dt.date | None
    due_sentence: str
    worker_name: str
    team_name: str
    team_email: str
    events: list[BookedEvent]
    emails: list[SentEmail]
    unread_messages: int
    links: list[ApplicantLink] = field(default_factory=list)


def _due(household: Household) -> tuple[dt.date | None, str, StageWords]:
    words = STAGE_WORDS.get(household.stage) or StageWords(
        f"You are at: {Stage(household.stage).label.lower()}.", "Your worker will tell you what happens next."
    )
    clock = household.clock
    if not (clock and household.due_on and clock.kind == Clock.Kind.TIMESCALE and words.due):
        return None, "", words
    if household.due_on < timezone.localdate():
        # A missed timescale is ours to put right, not something to show as a date in the past.
        return None, "", words
    return (
        household.due_on,
        words.due.format(date=f"{household.due_on:%A} {household.due_on.day} {household.due_on:%B}"),
        words,
    )


def applicant_journey(household: Household) -> ApplicantJourney:
    """Everything "Your adoption journey" shows, for the signed-in household only."""
    household = Household.objects.select_related("clock", "assigned_to__user", "team").get(pk=household.pk)
    due_on, due_sentence, words = _due(household)
    worker = household.assigned_to
    worker_name = ""
    if worker is not None:
        worker_name = worker.user.get_full_name() or worker.user.get_username()
    team = household.team
    bookings = EventBooking.objects.filter(household=household).exclude(status=EventBooking.Status.CANCELLED)
    events = []
    now = timezone.now()
    for booking in bookings.order_by("created_at"):
        event = event_info(booking.event_id)
        if event is None or event.end < now:
            continue
        events.append(
            BookedEvent(
                title=event.title,
                start=event.start,
                location=event.location,
                status=booking.get_status_display(),
                cancel_path=f"/bookings/{booking.token}/cancel/",
            )
        )
    emails = [
        SentEmail(sent_at=effect.done_at or effect.created_at, subject=EMAILS_TO_APPLICANTS[effect.kind])
        for effect in SideEffect.objects.filter(
            household=household, kind__in=list(EMAILS_TO_APPLICANTS), status=SideEffect.Status.DONE
        ).order_by("-created_at")[:20]
    ]
    return ApplicantJourney(
        household=household,
        stage_label=Stage(household.stage).label,
        words=words,
        due_on=due_on,
        due_sentence=due_sentence,
        worker_name=worker_name,
        team_name=team.name if team else "",
        team_email=team.email if team else "",
        events=sorted(events, key=lambda event: event.start),
        emails=emails,
        unread_messages=ApplicantMessage.objects.filter(
            household=household, from_applicant=False, read_at__isnull=True
        ).count(),
        links=applicant_links(household),
    )


def applicant_messages(household: Household) -> list[ApplicantMessage]:
    """The household's messages, oldest first, with who wrote each."""
    return list(ApplicantMessage.objects.filter(household=household).select_related("author"))
