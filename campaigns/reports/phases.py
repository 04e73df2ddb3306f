"""Phase movement: the channels and Kindred phases households touched before registering interest."""

from campaigns import selectors
from campaigns.reports.base import ResultsScreen, channel_level_field
from campaigns.selectors import ChannelLevel, PhaseMovement
from core.reports import charts
from core.reports.forms import DateRangeForm
from core.reports.periods import period_text
from core.reports.tables import Cell, Column, Group, Kind, Table, count, how_many, percent, text


def movement_tables(movement: PhaseMovement, *, period: str) -> tuple[dict, list[Group], dict[str, Cell]]:
    """Channels and phases touched before registering interest, and the moves from one phase to the next."""
    households = count(movement.households)
    touched = count(movement.households_touched)
    untouched = Cell(movement.households - movement.households_touched, Kind.COUNT, implicit=True)
    groups = [Group((touched, untouched), households)]
    labels = movement.phase_labels
    channels = Table(
        key="channels",
        caption=f"Channels touched before registering interest, {period}",
        columns=[
            Column("Channel", Kind.TEXT),
            Column("Kindred phase", Kind.TEXT),
            Column("Households"),
            Column("Share of households (%)", Kind.PERCENT),
        ],
    )
    for row in movement.channels:
        cell = count(row.households)
        channels.rows.append([text(row.label), text(labels[row.phase - 1]), cell, percent(cell, households)])
    phases = Table(
        key="phases",
        caption=f"Households who touched each Kindred phase before registering interest, {period}",
        columns=[
            Column("Kindred phase", Kind.TEXT),
            Column("Households"),
            Column("Share of households (%)", Kind.PERCENT),
        ],
    )
    for _, label, number in movement.phases:
        cell = count(number)
        phases.rows.append([text(label), cell, percent(cell, households)])
    moves = Table(
        key="moves",
        caption=f"Touches in one phase followed by a touch in another, before registering interest, {period}",
        columns=[
            Column("From", Kind.TEXT),
            *(Column(f"To phase {number}") for number in range(1, len(labels) + 1)),
        ],
        rows=[
            [text(labels[index]), *(count(n) for n in numbers)]
            for index, numbers in enumerate(movement.matrix)
        ],
    )
    # The summary's two counts are protected with the tables: they are in the sum above.
    return (
        {"channels": channels, "phases": phases, "moves": moves},
        groups,
        {"households": households, "touched": touched},
    )


def movement_chart(table: Table) -> str:
    return charts.bar_chart(
        chart_id="phases-chart",
        title="Households who touched each channel before registering interest",
        bars=[charts.Bar(str(row[0].value), row[2].chart_value, row[2].display) for row in table.rows],
    )


class PhaseMovementForm(DateRangeForm):
    channels = channel_level_field()


class PhaseMovementView(ResultsScreen):
    template_name = "campaigns/reports/phases.html"
    page_title = "Phase movement"
    url_name = "campaigns_results_phases"
    form_class = PhaseMovementForm

    def initial(self) -> dict:
        return {**super().initial(), "channels": ChannelLevel.KEY}

    def report(self, data):
        movement = selectors.phase_movement(
            date_from=data["date_from"], date_to=data["date_to"], level=data["channels"]
        )
        period = period_text(data["date_from"], data["date_to"])
        tables, groups, summary = movement_tables(movement, period=period)
        report = self.protected_report(tables, groups)
        report.extra.update(
            registered=how_many(summary["households"], "household", "households"),
            touched=summary["touched"].display,
            tables=report.tables,
            chart=movement_chart(tables["channels"]),
        )
        return report
