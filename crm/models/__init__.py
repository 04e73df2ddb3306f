"""The single front door: households who enquire, their enquiries, and their road to approval.

Writes happen in ``crm.services``; reads that depend on who is asking go through ``crm.selectors``.
Models here hold data and small derived properties only. One module per concern; everything is
imported from here (``from crm.models import Household``), which is also how Django finds the models.
"""

from .applicants import (
    MESSAGE_MAX_LENGTH,
    SIGN_IN_LINK_LIFETIME,
    ApplicantMessage,
    ApplicantSession,
    SignInLink,
)
from .bookings import ACCESS_NEEDS_MAX_LENGTH, EventBooking
from .choices import (
    PARTNER_COUNCILS,
    STAGE_ORDER,
    STAGES_BEFORE_ENQUIRY,
    STAGES_ON_RECORD_BEFORE_ENQUIRY,
    CallTime,
    ChildrenAtHome,
    ClosureReason,
    Council,
    EnquiryType,
    HeardAbout,
    HouseholdType,
    Interest,
    Source,
    Stage,
)
from .documents import Document, DocumentRequest
from .equality import EqualityAnswers
from .households import Consent, Enquiry, Household, HouseholdQuerySet
from .imports import ImportedRecord, ImportRun
from .journeys import ClockOutcome, JourneyDates, JourneyStep
from .matching import (
    CHILD_REFERENCE_HELP,
    AgeBand,
    ChildCouncil,
    Link,
    LinkEndReason,
    MatchingProfile,
    Openness,
)
from .packs import PrintedPack
from .peers import (
    PeerContact,
    PeerEndReason,
    PeerMatch,
    PeerRequest,
    PeerRole,
    PeerRoleWanted,
    PeerSource,
    PeerVolunteer,
)
from .pipeline import FIRST_CONTACT_CLOCK, Clock, ClockExtension, StageChange, TimelineEntry
from .privacy import RECORD_KINDS, RETENTION_ACTIONS, Anonymisation, AuditEvent, RetentionRule
from .registrations import REGISTRATION_STEPS, RegistrationOfInterest, RegistrationStep, StepStatus
from .side_effects import SideEffect
from .surveys import SurveyInvitation, SurveyKind, SurveyResponse
from .teams import PostcodeArea, RoutingRule, StaffMember, Team

__all__ = [
    "ImportRun",
    "ImportedRecord",
    "MESSAGE_MAX_LENGTH",
    "SIGN_IN_LINK_LIFETIME",
    "ApplicantMessage",
    "ApplicantSession",
    "SignInLink",
    "ACCESS_NEEDS_MAX_LENGTH",
    "CHILD_REFERENCE_HELP",
    "AgeBand",
    "ChildCouncil",
    "Link",
    "LinkEndReason",
    "MatchingProfile",
    "Openness",
    "FIRST_CONTACT_CLOCK",
    "PARTNER_COUNCILS",
    "RECORD_KINDS",
    "RETENTION_ACTIONS",
    "STAGE_ORDER",
    "STAGES_BEFORE_ENQUIRY",
    "STAGES_ON_RECORD_BEFORE_ENQUIRY",
    "Anonymisation",
    "AuditEvent",
    "CallTime",
    "ChildrenAtHome",
    "Clock",
    "ClockExtension",
    "ClockOutcome",
    "ClosureReason",
    "Consent",
    "Council",
    "Document",
    "DocumentRequest",
    "Enquiry",
    "EqualityAnswers",
    "EnquiryType",
    "EventBooking",
    "HeardAbout",
    "Household",
    "HouseholdQuerySet",
    "HouseholdType",
    "Interest",
    "JourneyDates",
    "JourneyStep",
    "PeerContact",
    "PeerEndReason",
    "PeerMatch",
    "PeerRequest",
    "PeerRole",
    "PeerRoleWanted",
    "PeerSource",
    "PeerVolunteer",
    "PostcodeArea",
    "PrintedPack",
    "REGISTRATION_STEPS",
    "RegistrationOfInterest",
    "RegistrationStep",
    "RetentionRule",
    "RoutingRule",
    "SideEffect",
    "Source",
    "StaffMember",
    "Stage",
    "SurveyInvitation",
    "SurveyKind",
    "SurveyResponse",
    "StageChange",
    "StepStatus",
    "Team",
    "TimelineEntry",
]
