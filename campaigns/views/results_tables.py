"""The Campaign results screens' figures as Insight tables, so the small-number rule is the Insight one.

Each screen's selector (``campaigns.selectors``) answers with its own dataclasses; here they become
``crm.reports`` cells, tables and sums, and ``results_protect`` hides small counts for everyone but
managers and superusers with ``crm.reports.protect``, the function every Insight screen uses: a
count of people under 5 reads "fewer than 5", and a total, difference or share that would give one
back reads "not shown". Screens, charts and summaries are then drawn from the cells, never from the
raw figures, so nothing hidden in a table shows up anywhere else on the page.
"""

from campaigns.selectors import (
    AttributionReport,
    CampaignResults,
    CrossTable,
    Dimension,
    Outcome,
    PhaseMovement,
)
from crm import charts
from crm.reports import (
    Audience,
    Cell,
    Column,
    Group,
    Kind,
    Report,
    Table,
    add_column_groups,
    audience_for,
    count,
    percent,
    protect,
    text,
)

COST_LABELS = {
    Outcome.ENQUIRY: "Cost per enquiry (£)",
    Outcome.REGISTRATION: "Cost per registration (£)",
    Outcome.APPROVAL: "Cost per approval (£)",
}
SINGULAR = {
    Outcome.ENQUIRY: "enquiry",
    Outcome.REGISTRATION: "registration of interest",
    Outcome.APPROVAL: "approval",
}


def results_audience(user) -> Audience:
    """Managers and superusers see every figure, as on Insight; anyone else who may open the screens totals only."""
    return Audience.EVERYONE if audience_for(user) == Audience.EVERYONE else Audience.AGGREGATE


def results_protect(*, user, tables: dict[str, Table], groups: list[Group], **extra) -> Report:
    """The tables as a report for ``user``, with small counts hidden unless they may see every figure."""
    report = Report(audience=results_audience(user), tables=tables, groups=groups, extra=extra)
    if report.protected:
        protect(tables.values(), groups)
    return report


def how_many(cell: Cell, singular: str, plural: str) -> str:
    """A count in a sentence, as the cell shows it: "1 enquiry", "12 enquiries", "fewer than 5 enquiries"."""
    if cell.hidden:
        return f"{cell.hidden} {plural}"
    number = round(float(cell.value or 0))
    return f"{number:,} {singular if number == 1 else plural}"


def _credit(value: float) -> Cell:
    return Cell(float(value), Kind.CREDIT)


def _money(value) -> Cell:
    return Cell(value, Kind.MONEY)


def _cost(credit: Cell, cost) -> Cell:
    """Spend ÷ credit: hidden with the credit, which it (with the spend beside it) would give away."""
    return Cell(cost, Kind.MONEY, depends=(credit,))


def credit_tables(report: AttributionReport, *, caption: str, campaign_url) -> tuple[dict, list[Group]]:
    """Credited outcomes by channel, phase, campaign, council or month, with each row's share and cost."""
    with_spend = report.dimension in (Dimension.CHANNEL, Dimension.CAMPAIGN)
    outcome_label = report.outcome_label
    rows = []
    credits = [_credit(row.credit) for row in report.rows]
    total = _credit(sum(row.credit for row in report.rows))
    for row, credit in zip(report.rows, credits, strict=True):
        cells = [text(row.label, url=campaign_url(row)), credit, percent(credit, total)]
        if with_spend:
            cells += [_money(row.spend), _cost(credit, row.cost_per_outcome)]
        rows.append(cells)
    totals = [text("Total"), total, percent(total, total)]
    if with_spend:
        totals += [_money(None), _money(None)]
    columns = [
        Column(report.dimension_label, Kind.TEXT),
        Column(f"Credited {outcome_label.lower()}", Kind.CREDIT),
        Column("Share (%)", Kind.PERCENT),
    ]
    if with_spend:
        columns += [Column("Spend (£)", Kind.MONEY), Column(COST_LABELS[report.outcome], Kind.MONEY)]
    table = Table(key="results", caption=caption, columns=columns, rows=rows, totals=[totals])
    return {"results": table}, [Group(tuple(credits), total)]


def credit_chart(table: Table, *, title: str) -> str:
    return charts.bar_chart(
        chart_id="results-chart",
        title=title,
        bars=[charts.Bar(str(row[0].value), row[1].chart_value, row[1].display) for row in table.rows],
        empty="Nothing to show for these choices.",
    )


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


def campaign_tables(results: CampaignResults, *, caption: str) -> tuple[dict, list[Group]]:
    """One campaign's credit and cost under each model; and its spend by channel, which is money, not people."""
    outcomes = list(Outcome.values)
    columns = [Column("Model", Kind.TEXT)]
    for outcome in outcomes:
        columns += [Column(Outcome(outcome).label, Kind.CREDIT), Column(COST_LABELS[outcome], Kind.MONEY)]
    rows = []
    for row in results.rows:
        cells = [text(row.label)]
        for outcome in outcomes:
            credit = _credit(row.credits[outcome])
            cells += [credit, _cost(credit, row.costs[outcome])]
        rows.append(cells)
    tables = {"campaign": Table(key="campaign", caption=caption, columns=columns, rows=rows)}
    if results.spend_by_channel:
        tables["spend"] = Table(
            key="spend",
            caption=f"What {results.campaign} spent on each channel",
            columns=[Column("Channel", Kind.TEXT), Column("Spend (£)", Kind.MONEY)],
            rows=[[text(name), _money(spend)] for name, spend in results.spend_by_channel],
            totals=[[text("Total"), _money(results.spend)]],
        )
    return tables, []
