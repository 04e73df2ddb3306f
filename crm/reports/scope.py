"""What every CRM Insight screen shares: whose households it counts and the council filter."""

from django import forms
from django.db.models import QuerySet

from core.reports.access import Audience
from core.reports.forms import DateRangeForm
from crm.models import Council, EnquiryType, Household, JourneyDates
from crm.selectors import households_visible_to


def households_for(
    user, audience: Audience, service: str | None = EnquiryType.ADOPTING
) -> QuerySet[Household]:
    """The households whose figures this audience may count: one service's cases (None: every service's)."""
    if audience == Audience.TEAM:
        households = households_visible_to(user).active()
    else:
        households = Household.objects.active()
    return households.filter(service=service) if service else households


def scoped(
    user, audience: Audience, council: str, service: str | None = EnquiryType.ADOPTING
) -> QuerySet[Household]:
    households = households_for(user, audience, service)
    return households.filter(council=council) if council else households


def journey_dates_for(households: QuerySet[Household]) -> QuerySet[JourneyDates]:
    return JourneyDates.objects.filter(household__in=households.order_by().values("pk")).order_by()


def council_choices() -> list[tuple[str, str]]:
    return [("", "All councils"), *Council.choices]


class CouncilMixin(forms.Form):
    council = forms.ChoiceField(label="Council", choices=council_choices, required=False)


class CouncilForWorkersForm(CouncilMixin, DateRangeForm):
    """Dates and a council; a worker counts only their own team's cases, so has no council to choose."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.audience == Audience.TEAM:
            del self.fields["council"]
