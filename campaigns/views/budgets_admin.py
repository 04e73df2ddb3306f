"""Marketing budgets in the admin: one budget per channel per financial year, with an optional plan by month.

Marketing editors add, change and delete them; managers may look; everyone else gets no menu item
and a 404 at every address, as with campaigns and channels. Amounts are typed as people write
them ("£12,000.50" or "12000.5"). The figures against spend are on Insight's Channels and phases.
https://docs.wagtail.org/en/stable/extending/generic_views.html#modelviewset
"""

from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.formats import date_format

from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column

import django_filters

from campaigns.budgets import financial_year_bounds, financial_year_of
from campaigns.models import BUDGET_MONTHS, ChannelBudget, financial_year_label
from campaigns.views.admin_setup import PermittedOnlyViewSet, pounds

PLAN_HELP = (
    "Leave every month empty to spread the budget evenly over the year. To plan it month by month, "
    "enter all twelve (£0 for a month with nothing planned); they must add up to the budget."
)


class PoundsField(forms.DecimalField):
    """An amount in pounds and pence, typed with or without "£" and commas."""

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "error_messages",
            {
                "invalid": "Enter an amount in pounds and pence, like 12000 or £12,000.50.",
                "max_decimal_places": "Enter pounds and pence only: no more than 2 figures after the point.",
                "max_digits": "Enter an amount under £100,000,000.",
                "max_whole_digits": "Enter an amount under £100,000,000.",
                "min_value": "Enter an amount of £0 or more.",
            },
        )
        super().__init__(
            max_digits=10,
            decimal_places=2,
            min_value=Decimal(0),
            widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
            **kwargs,
        )

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().replace("£", "").replace(",", "").replace(" ", "")
        return super().to_python(value)


def year_label(year: int) -> str:
    start, end = financial_year_bounds(year)
    return f"{financial_year_label(year)} ({date_format(start, 'j F Y')} to {date_format(end, 'j F Y')})"


def year_choices(*also: int) -> list[tuple[int, str]]:
    """Last year, this financial year and the next two, and any year a budget already has."""
    current = financial_year_of(timezone.localdate())
    years = sorted({*range(current - 1, current + 3), *(year for year in also if year)})
    return [(year, year_label(year)) for year in years]


class ChannelBudgetForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"] = forms.TypedChoiceField(
            label="Financial year",
            coerce=int,
            choices=year_choices(self.instance.year),
            initial=financial_year_of(timezone.localdate()),
            help_text="UK local government's financial year: 1 April to 31 March.",
        )
        self.fields["amount"] = PoundsField(
            label="Budget for the year (£)", help_text="In pounds and pence, like 12000 or 12,000.50."
        )
        for name in BUDGET_MONTHS:
            self.fields[name] = PoundsField(label=name.capitalize(), required=False)

    def clean(self):
        """One budget per channel per year, said in words that point at the one to change."""
        cleaned = super().clean()
        channel, year = cleaned.get("channel"), cleaned.get("year")
        if channel and year:
            others = ChannelBudget.objects.filter(channel=channel, year=year).exclude(pk=self.instance.pk)
            if others.exists():
                self.add_error(
                    "year",
                    f"{channel} already has a budget for {financial_year_label(year)}. "
                    "Change that one instead of adding another.",
                )
        return cleaned


class BudgetFilterSet(WagtailFilterSet):
    year = django_filters.ChoiceFilter(
        label="Financial year",
        choices=lambda: year_choices(*ChannelBudget.objects.values_list("year", flat=True).distinct()),
        empty_label="All years",
    )

    class Meta:
        model = ChannelBudget
        fields = ["year"]


class YearColumn(Column):
    def get_value(self, instance):
        return financial_year_label(instance.year)


class AmountColumn(Column):
    def get_value(self, instance):
        return pounds(instance.amount)


class SpreadColumn(Column):
    def get_value(self, instance):
        return "Evenly" if instance.plan is None else "Monthly plan"


class ChannelBudgetViewSet(PermittedOnlyViewSet):
    model = ChannelBudget
    name = "campaigns_budgets"
    url_prefix = "campaigns/budgets"
    icon = "doc-full"
    menu_label = "Budgets"
    menu_order = 120
    list_display = [
        "channel",
        YearColumn("year", label="Financial year", sort_key="year"),
        AmountColumn("amount", label="Budget", sort_key="amount"),
        SpreadColumn("plan", label="Spread"),
    ]
    filterset_class = BudgetFilterSet
    ordering = ["-year", "channel__phase", "channel__name"]
    list_per_page = 50
    inspect_view_fields = ["channel", "year", "amount", *BUDGET_MONTHS]
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("channel"), FieldPanel("year")]),
            FieldPanel("amount"),
            MultiFieldPanel(
                [
                    FieldRowPanel([FieldPanel(name) for name in BUDGET_MONTHS[start : start + 3]])
                    for start in range(0, 12, 3)
                ],
                heading="Plan by month (optional)",
                help_text=PLAN_HELP,
            ),
        ],
        base_form_class=ChannelBudgetForm,
    )


@hooks.register("register_admin_viewset")
def register_budget_viewset():
    return ChannelBudgetViewSet()
