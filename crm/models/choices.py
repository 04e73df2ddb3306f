"""The fixed lists the CRM's records choose from: councils, stages, closure reasons, what people tell us.

``Stage`` is the adopter's journey in order; everything else about each stage is in ``crm.journey``.
"""

from django.db import models


class Council(models.TextChoices):
    KENT = "kent", "Kent"
    MEDWAY = "medway", "Medway"
    BEXLEY = "bexley", "Bexley"
    ELSEWHERE = "elsewhere", "Elsewhere"
    UNKNOWN = "unknown", "To be confirmed"


PARTNER_COUNCILS = (Council.KENT, Council.MEDWAY, Council.BEXLEY)


class EnquiryType(models.TextChoices):
    """What someone asks the front door about: each type is a service with its own journey in
    ``crm.journey`` (stages, closure reasons) and a routing rule (``crm.models.RoutingRule``).

    Only adopting enquiries are recruitment: the funnel, conversion, attribution and the quarterly return.
    """

    ADOPTING = "adopting", "Adopting a child"
    SUPPORT = "support", "Adoption support"
    RECORDS = "records", "Adopted adults and birth relatives"
    STEP_PARENT = "step_parent", "Step-parent or partner adoption"
    INTER_COUNTRY = "inter_country", "Adopting from abroad"
    ADVICE = "advice", "Advice for professionals"
    OTHER = "other", "Something else"


class Stage(models.TextChoices):
    """The adopter's journey, in order. ``STAGE_ORDER`` gives each its position.

    Each stage has a row in ``crm.journey`` (its moves, phase, funnel step, group, retention class,
    return date); ``manage.py check`` fails if one is missing or out of order.
    """

    PACK_REQUESTED = "pack_requested", "Information pack requested"
    FAMILY_EVENT_BOOKED = "family_event_booked", "Booked a family event"
    ENQUIRY = "enquiry", "Enquiry"
    INITIAL_CONVERSATION = "initial_conversation", "Initial conversation"
    INFORMATION_EVENT = "information_event", "Information event"
    REGISTRATION_OF_INTEREST = "registration_of_interest", "Registration of interest"
    ROI_ACCEPTED = "roi_accepted", "ROI accepted"
    STAGE_ONE = "stage_one", "Stage one"
    BREAK = "break", "Break between stages"
    STAGE_TWO = "stage_two", "Stage two"
    PANEL = "panel", "Panel"
    APPROVED = "approved", "Approved"
    # After approval: family finding, a link with a child, the matching panel, the placement and the
    # adoption order, which ends recruitment. On hold is a detour from waiting (a pause at the family's
    # request or the agency's); it sits before family finding so that waiting is never counted as reached
    # by a family who only paused.
    ON_HOLD = "on_hold", "On hold (after approval)"
    FAMILY_FINDING = "family_finding", "Waiting: family finding"
    LINKED = "linked", "Linked with a child"
    MATCHED = "matched", "Matched at matching panel"
    PLACED = "placed", "Placed"
    ADOPTION_ORDER = "adoption_order", "Adoption order"
    # The agency's other services, each its own short journey (``crm.journey``).
    SUPPORT_REQUEST = "support_request", "Support request"
    SUPPORT_ASSESSMENT = "support_assessment", "Assessment of need"
    SUPPORT_PLAN = "support_plan", "Support plan in place"
    RECORDS_REQUEST = "records_request", "Records or contact request"
    RECORDS_IN_PROGRESS = "records_in_progress", "Records or contact work under way"
    STEP_PARENT_ENQUIRY = "step_parent_enquiry", "Step-parent enquiry"
    STEP_PARENT_ASSESSMENT = "step_parent_assessment", "Step-parent assessment"
    INTER_COUNTRY_ENQUIRY = "inter_country_enquiry", "Inter-country enquiry"
    INTER_COUNTRY_ASSESSMENT = "inter_country_assessment", "Inter-country assessment"
    ADVICE_REQUEST = "advice_request", "Advice request"
    OTHER_REQUEST = "other_request", "Other request"


STAGE_ORDER = {stage: position for position, stage in enumerate(Stage.values)}
# Stages a person is at before they enquire: known to the CRM, not yet a case (``crm.journey`` agrees).
STAGES_BEFORE_ENQUIRY = (Stage.PACK_REQUESTED, Stage.FAMILY_EVENT_BOOKED)
# Of those, the ones whose records staff open (``Household.objects.on_record()``): a family booked on a
# family event is someone the bookings list and the organiser's list must name, with their access needs.
# Someone who only asked for the pack is known to the pack alone until they enquire.
STAGES_ON_RECORD_BEFORE_ENQUIRY = (Stage.FAMILY_EVENT_BOOKED,)


class ClosureReason(models.TextChoices):
    WITHDREW_CIRCUMSTANCES = "withdrew_circumstances", "Withdrew: change in circumstances"
    WITHDREW_HEALTH = "withdrew_health", "Withdrew: health"
    WITHDREW_FERTILITY = "withdrew_fertility", "Withdrew: fertility treatment"
    WITHDREW_HOUSING = "withdrew_housing", "Withdrew: housing"
    WITHDREW_FINANCES = "withdrew_finances", "Withdrew: finances"
    WITHDREW_OTHER_AGENCY = "withdrew_other_agency", "Withdrew: chose another agency"
    WITHDREW_FOSTERING = "withdrew_fostering", "Withdrew: chose fostering"
    ROI_DECLINED = "roi_declined", "Registration of interest declined"
    NOT_SUITABLE_STAGE_ONE = "not_suitable_stage_one", "Not suitable at stage one"
    NOT_APPROVED_STAGE_TWO = "not_approved_stage_two", "Not approved at stage two"
    LAPSED_AFTER_BREAK = "lapsed_after_break", "Lapsed after the break"
    LOST_CONTACT = "lost_contact", "Lost contact"
    TRANSFERRED = "transferred", "Transferred to another agency"
    MOVED_OUT_OF_AREA = "moved_out_of_area", "Moved out of area"
    DUPLICATE = "duplicate", "Duplicate record"
    # The agency ended an approved adopter's approval, at the annual review or after it.
    APPROVAL_ENDED = "approval_ended", "Approval ended (annual review)"
    # The other services' outcomes (each service's journey lists the reasons it may close with).
    SUPPORT_PROVIDED = "support_provided", "Support provided"
    REFERRED_TO_COUNCIL = "referred_to_council", "Referred to the responsible council"
    SIGNPOSTED = "signposted", "Signposted to another service"
    NO_LONGER_NEEDED = "no_longer_needed", "No longer needed"
    RECORDS_SHARED = "records_shared", "Records shared or contact arranged"
    ASSESSMENT_COMPLETE = "assessment_complete", "Assessment completed"
    ADVICE_GIVEN = "advice_given", "Advice given"


class Source(models.TextChoices):
    WEB = "web", "Website form"
    PHONE = "phone", "Phone call"
    EMAIL = "email", "Email"
    EVENT = "event", "Event booking"
    # Moved in from a council's old system (``crm.services.imports``): no email, no touch of its own.
    IMPORT = "import", "Moved from an old system"


class HouseholdType(models.TextChoices):
    SINGLE = "single", "On my own"
    COUPLE = "couple", "As a couple"


class ChildrenAtHome(models.TextChoices):
    NONE = "none", "No children"
    ONE = "one", "One child"
    TWO_OR_MORE = "two_or_more", "Two or more children"


class Interest(models.TextChoices):
    SIBLINGS = "siblings", "Brothers and sisters (sibling groups)"
    OLDER_CHILDREN = "older_children", "Older children (5 and over)"
    EARLY_PERMANENCE = "early_permanence", "Early permanence (fostering for adoption)"
    DISABILITY = "disability", "Children with a disability or extra needs"
    UNSURE = "unsure", "Not sure yet"


class HeardAbout(models.TextChoices):
    SEARCH = "search", "Online search"
    SOCIAL = "social", "Social media"
    RADIO = "radio", "Radio"
    POSTER = "poster", "Poster or leaflet"
    NEWS = "news", "News or magazine article"
    EVENT = "event", "An event"
    FRIEND = "friend", "A friend, family member or adopter"
    COUNCIL = "council", "My council"
    OTHER = "other", "Somewhere else"


class CallTime(models.TextChoices):
    ANY = "any", "Any time"
    MORNING = "morning", "Morning (9am to midday)"
    AFTERNOON = "afternoon", "Afternoon (midday to 5pm)"
    EVENING = "evening", "Early evening (5pm to 7pm)"
