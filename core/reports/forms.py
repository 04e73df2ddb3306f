"""The filters of a report screen: a form bound to the query string, so a view can be bookmarked.

Bad input is explained beside the field and kept as typed; the screen then shows no figures.
"""

import datetime as dt

from django import forms

from core.reports.access import Audience

EARLIEST = dt.date(2000, 1, 1)
LATEST = dt.date(2099, 12, 31)


class DateInput(forms.DateInput):
    """The browser's own date picker, which sends and shows ISO dates."""

    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class ReportForm(forms.Form):
    """Filters for one audience: a screen may offer a manager a choice a worker does not get."""

    def __init__(self, *args, audience: Audience, **kwargs):
        self.audience = audience
        super().__init__(*args, **kwargs)


class DateRangeForm(ReportForm):
    """A range of local dates, both ends included."""

    date_from = forms.DateField(
        label="Start date",
        widget=DateInput(),
        error_messages={"invalid": "Enter the start date as a real date, like 1 January 2026."},
    )
    date_to = forms.DateField(
        label="End date",
        widget=DateInput(),
        error_messages={"invalid": "Enter the end date as a real date, like 31 December 2026."},
    )

    def clean(self):
        cleaned = super().clean()
        date_from, date_to = cleaned.get("date_from"), cleaned.get("date_to")
        for name, value in (("date_from", date_from), ("date_to", date_to)):
            if value and not EARLIEST <= value <= LATEST:
                self.add_error(name, f"Choose a date between {EARLIEST.year} and {LATEST.year}.")
        if date_from and date_to and date_to < date_from:
            self.add_error("date_to", "The end date must be on or after the start date.")
        return cleaned
