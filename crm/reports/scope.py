"""What every CRM Insight screen shares: whose households it counts, and the council and service filters."""

from django import forms
from django.db.models import QuerySet

from core.reports.access import Audience
from core.reports.forms import DateRangeForm
from crm.models import Council, EnquiryType, Household
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


# How the Insight screens name each service. Adopting is the recruitment the funnel and the return count.
SERVICE_LABELS: dict[str, str] = {
    service: f"{label} (recruitment)" if service == EnquiryType.ADOPTING else label
    for service, label in EnquiryType.choices
}


def service_choices() -> list[tuple[str, str]]:
    return list(SERVICE_LABELS.items())


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


class ServiceMixin(forms.Form):
    """Which service's cases a screen counts: one at a time, recruitment (adopting) unless chosen."""

    service = forms.ChoiceField(
        label="Service",
        choices=service_choices,
        error_messages={
            "required": "Choose a service.",
            "invalid_choice": "Choose a service from the list.",
        },
    )


class ServiceForWorkersForm(ServiceMixin, CouncilForWorkersForm):
    """The service first, then dates and a council (a worker has no council to choose)."""

    field_order = ["service", "date_from", "date_to", "council"]


class ServiceScreenMixin:
    """A report view with a service filter: recruitment unless another is chosen, named in its downloads."""

    def initial(self) -> dict:
        return {**super().initial(), "service": EnquiryType.ADOPTING}

    def download_title(self, table, data: dict) -> str:
        title = super().download_title(table, data)
        service = data.get("service") or EnquiryType.ADOPTING
        if service == EnquiryType.ADOPTING:
            return title
        page = self.get_page_title()
        return f"{page} {SERVICE_LABELS[service]}{title.removeprefix(page)}"


def service_shown(report, service: str, *, first_table: str) -> None:
    """Name the service a screen shows, in a heading above ``first_table``, its first table of that service's."""
    report.extra.update(service=service, service_label=SERVICE_LABELS[service], service_from=first_table)
