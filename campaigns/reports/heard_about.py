"""Said and tracked: what people said when asked how they heard about us, against the first tracked link."""

from campaigns import selectors
from campaigns.reports.base import ResultsScreen, channel_level_field
from campaigns.selectors import ChannelLevel, CrossTable
from core.reports.forms import DateRangeForm
from core.reports.periods import period_text
from core.reports.tables import Column, Group, Kind, Table, add_column_groups, count, how_many, text


def heard_tables(cross: CrossTable, *, period: str) -> tuple[dict, list[Group]]:
    """What people said against their first tracked landing, with every row and column totalled."""
    groups: list[Group] = []
    body = [[count(number) for number in numbers] for numbers in cross.counts]
    row_totals = [count(number) for number in cross.row_totals]
    column_totals = [count(number) for number in cross.column_totals]
    total = count(cross.total)
    for cells, row_total in zip(body, row_totals, strict=True):
        groups.append(Group(tuple(cells), row_total))
    rows = [
        [text(label), *cells, row_total]
        for label, cells, row_total in zip(cross.row_labels, body, row_totals, strict=True)
    ]
    footer = [text("Total"), *column_totals, total]
    add_column_groups(groups, rows, footer, range(1, len(column_totals) + 1))
    groups.append(Group(tuple(row_totals), total))
    table = Table(
        key="heard",
        caption=f"What people said against the first tracked landing, {period}",
        columns=[
            Column("They said", Kind.TEXT),
            *(Column(label) for label in cross.column_labels),
            Column("Total"),
        ],
        rows=rows,
        totals=[footer],
    )
    return {"heard": table}, groups


class HeardAboutForm(DateRangeForm):
    channels = channel_level_field()


class HeardAboutView(ResultsScreen):
    template_name = "campaigns/reports/heard_about.html"
    page_title = "Said and tracked"
    url_name = "campaigns_results_heard"
    form_class = HeardAboutForm

    def initial(self) -> dict:
        return {**super().initial(), "channels": ChannelLevel.KEY}

    def report(self, data):
        cross = selectors.heard_about_vs_tracked(
            date_from=data["date_from"], date_to=data["date_to"], level=data["channels"]
        )
        tables, groups = heard_tables(cross, period=period_text(data["date_from"], data["date_to"]))
        report = self.protected_report(tables, groups)
        table = report.tables["heard"]
        report.extra.update(
            results_summary=how_many(table.totals[0][-1], "enquiry", "enquiries"),
            any=bool(cross.total),
            table=table,
        )
        return report
