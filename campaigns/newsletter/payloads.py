"""Exactly what each change sends to Mailchimp: the member, their merge fields, and their tags.

Marketing sees the audience, and must not learn casework from it (who enquired, who is in
assessment): the tags say a subscriber's Kindred phase and council, never their pipeline stage.
The "Stage: ..." tags once sent are still sent, always inactive, so the members who carry one lose
it at their next update.
"""

from campaigns.integrations import mailchimp
from campaigns.models import Phase, Subscriber
from campaigns.services import STAGE_PHASES
from crm import selectors as crm_selectors
from crm.journey import AFTER_CARE, RECRUITMENT
from crm.models import STAGES_BEFORE_ENQUIRY, Council, EnquiryType, Stage


def _phase_tag(phase: Phase) -> str:
    return f"Phase {int(phase)}: {phase.label.split('. ', 1)[-1]}"


PHASE_TAGS = {phase: _phase_tag(phase) for phase in Phase}
# Tags a member may carry from when stages were sent: the enquiry to approval. A stage before the enquiry
# never was, nor one after approval (they came later).
RETIRED_STAGE_TAGS = [
    f"Stage: {Stage(stage).label}"
    for stage in RECRUITMENT.stages[: RECRUITMENT.position(Stage.APPROVED) + 1]
    if stage not in STAGES_BEFORE_ENQUIRY
]
# A council still to be confirmed is no segment anyone sends to: it has no tag.
COUNCIL_TAGS = {council: f"Council: {council.label}" for council in Council if council != Council.UNKNOWN}


def _phases_reached() -> dict[str, Phase]:
    """The phase of a household at each stage: that of the latest stage touch on its road there.

    A stage that records no touch (ROI accepted, an outcome) leaves the household in the phase it
    was in; before any stage touch it is fact-finding, the phase of someone who has enquired. A
    stage before the enquiry is no step on that road: it has its own phase (after care, for a family
    known from a family event), or fact-finding.
    """
    phases = {stage: STAGE_PHASES.get(stage, Phase.RESEARCH) for stage in RECRUITMENT.before_start}
    phase = Phase.RESEARCH
    for stage in RECRUITMENT.casework:
        phase = STAGE_PHASES.get(stage, phase)
        phases[stage] = phase
    return phases


SUBSCRIBER_PHASES = _phases_reached()


def subscriber_phase(household) -> Phase:
    """The Kindred phase a subscriber is in: their household's, or fact-finding if we know none."""
    if household is None:
        return Phase.RESEARCH
    if household.service == EnquiryType.SUPPORT:
        # An adoptive family asking for support is in after care, whatever its request's stage.
        return Phase(AFTER_CARE)
    return SUBSCRIBER_PHASES.get(household.stage, Phase.RESEARCH)


def household_current(household_id: int | None):
    """The household as it stands now, following merges to the record that was kept."""
    household = crm_selectors.household_by_id(pk=household_id) if household_id else None
    for _ in range(10):
        if household is None or not household.merged_into_id:
            break
        household = crm_selectors.household_by_id(pk=household.merged_into_id)
    return household


def upsert_payload(subscriber: Subscriber, household=None) -> dict:
    """Exactly what an upsert sends: the member (with merge fields) and every phase and council tag.

    The current tags are active and the others inactive, so someone who moves on leaves their
    old phase's emails behind; the retired stage tags are all inactive.
    """
    phase = subscriber_phase(household)
    council = subscriber.council
    tags = [
        {"name": name, "status": "active" if key == phase else "inactive"} for key, name in PHASE_TAGS.items()
    ]
    tags += [{"name": name, "status": "inactive"} for name in RETIRED_STAGE_TAGS]
    tags += [
        {"name": name, "status": "active" if key == council else "inactive"}
        for key, name in COUNCIL_TAGS.items()
    ]
    return {
        "subscriber_hash": mailchimp.subscriber_hash(subscriber.email),
        "member": {
            "email_address": subscriber.email,
            "status_if_new": "subscribed",
            "status": "subscribed",
            "merge_fields": {
                "FNAME": subscriber.first_name,
                "COUNCIL": COUNCIL_TAGS[council].removeprefix("Council: ") if council in COUNCIL_TAGS else "",
            },
        },
        "tags": {"tags": tags},
    }


def unsubscribe_payload(subscriber: Subscriber) -> dict:
    return {
        "subscriber_hash": mailchimp.subscriber_hash(subscriber.email),
        "member": {"status": "unsubscribed"},
    }


def delete_payload(subscriber: Subscriber) -> dict:
    return {"subscriber_hash": mailchimp.subscriber_hash(subscriber.email)}
