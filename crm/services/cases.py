"""What every service that works a case shares: the error it raises, and the rule that it needs a case."""

from crm.models import STAGES_BEFORE_ENQUIRY, Household


class PipelineError(Exception):
    """A move that cannot be made; the message says why and what to do instead."""


def case_required(household: Household, *, to: str) -> None:
    """Refuse to treat someone known before enquiring (a pack request, a family event's booking) as a case."""
    if household.stage in STAGES_BEFORE_ENQUIRY:
        raise PipelineError(
            f"{household.display_name} has not enquired about adopting, so there is no case to {to}. "
            "Add a note instead; if they enquire, their case starts on this record."
        )
