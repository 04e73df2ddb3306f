"""The marketing budget's tables on the Channels and phases screen, from ``campaigns.budgets``.

Budget, planned and spent to date and what is left by channel or Kindred phase; planned against
spent by month; and the cost of an enquiry and of an approval by month or quarter. Money is never a
count of people, so the first two tables hide nothing; the costs table's counts are the months
table's own cells (or their sums, tied to them), so the small-number rule hides the same counts
in both, and a cost worked out from a hidden count is hidden with it, as the credit table's are.
"""

import datetime as dt

from django.utils.formats import date_format

from campaigns.attribution import Dimension
from campaigns.budgets import BudgetPosition, CostPeriod, financial_year_bounds
from campaigns.models import Phase
from campaigns.selectors import cost_per_outcome
from core.reports import charts
from core.reports.periods import Cohort
from core.reports.tables import Cell, Column, Group, Kind, Table, cost, count, money, text

SPREAD_NOTE = (
    "Spend is what the campaigns record against each channel, spread evenly over the days each "
    "campaign runs (a campaign with no end date counts it all on its first day)."
)


def _day(day: dt.date) -> str:
    return date_format(day, "j F Y")


def budget_table(position: BudgetPosition) -> Table:
    """Budget, planned to date, spent to date and left, by channel or phase, with where each stands in words."""
    by_channel = position.dimension == Dimension.CHANNEL
    start, end = financial_year_bounds(position.year)
    columns = [Column("Channel" if by_channel else "Kindred phase", Kind.TEXT)]
    if by_channel:
        columns.append(Column("Kindred phase", Kind.TEXT))
    columns += [
        Column("Budget (£)", Kind.MONEY),
        Column("Planned to date (£)", Kind.MONEY),
        Column("Spent to date (£)", Kind.MONEY),
        Column("Left (£)", Kind.MONEY),
        Column("Position", Kind.TEXT),
    ]
    phases = dict(Phase.choices)
    rows = []
    for line in position.lines:
        cells = [text(line.label)]
        if by_channel:
            cells.append(text(phases[line.phase]))
        cells += [
            money(line.budget),
            money(line.planned),
            money(line.spent),
            money(line.left),
            text(line.position),
        ]
        rows.append(cells)
    total = [text("Total")]
    if by_channel:
        total.append(text(""))
    over = position.spent - position.budget
    total += [
        money(position.budget),
        money(position.planned),
        money(position.spent),
        money(position.left),
        text(f"Over budget by £{over:,.2f}" if over > 0 else ""),
    ]
    return Table(
        key="budget",
        caption=(
            f"Marketing budget for {position.year_label} by {'channel' if by_channel else 'Kindred phase'}, "
            f"to {_day(position.as_of)}"
        ),
        columns=columns,
        rows=rows,
        totals=[total],
        note=(
            f"The financial year runs from {_day(start)} to {_day(end)}, as in UK local government; "
            f"“to date” is to {_day(position.as_of)}, the end date chosen. Planned to date is the monthly "
            "plan (or the budget spread evenly) to that date. " + SPREAD_NOTE
        ),
    )


def budget_months_table(position: BudgetPosition) -> Table:
    """Planned against spent in each month of the year, and both added up as the year goes on."""
    rows = [
        [
            text(month.label),
            money(month.planned),
            money(month.spent),
            money(month.planned_so_far),
            money(month.spent_so_far),
        ]
        for month in position.months
    ]
    total = [text("Total"), money(position.budget), money(position.spent), money(None), money(None)]
    return Table(
        key="budget_months",
        caption=f"Planned and actual spend by month, {position.year_label}",
        columns=[
            Column("Month", Kind.TEXT),
            Column("Planned (£)", Kind.MONEY),
            Column("Spent (£)", Kind.MONEY),
            Column("Planned so far (£)", Kind.MONEY),
            Column("Spent so far (£)", Kind.MONEY),
        ],
        rows=rows,
        totals=[total],
        note=f"Spent is to {_day(position.as_of)}; later months are blank.",
    )


def budget_months_chart(table: Table) -> str:
    """The running totals, planned and spent: where the year is heading, and the gap between them."""
    return charts.line_chart(
        chart_id="chart-budget-months",
        title=f"Planned and actual spend so far, {table.caption.rpartition(', ')[2]}",
        x_labels=[f"{str(row[0].value)[:3]} {str(row[0].value)[-4:]}" for row in table.rows],
        series=[
            charts.Series(
                name=table.columns[index].label.replace(" (£)", ""),
                values=[row[index].chart_value for row in table.rows],
                texts=[row[index].display for row in table.rows],
            )
            for index in (3, 4)
        ],
        unit="£",
    )


def costs_table(
    costs: list[CostPeriod],
    *,
    cohort: str,
    month_cells: dict[str, tuple[Cell, Cell]],
    month_totals: tuple[Cell, Cell],
    groups: list[Group],
    period: str,
) -> Table:
    """Spend, enquiries, approvals and the cost of each, by month or quarter.

    ``month_cells`` are the months table's enquiry and approval cells by month ("yyyy-mm"): a month
    here shows those very cells, and a quarter adds them up with a sum the small-number rule knows.
    """
    rows = []
    for period_costs in costs:
        if cohort == Cohort.QUARTER:
            members = [cells for key, cells in month_cells.items() if _in_quarter(key, period_costs.key)]
            enquiries, approvals = count(period_costs.enquiries), count(period_costs.approvals)
            groups.append(Group(tuple(cells[0] for cells in members), enquiries))
            groups.append(Group(tuple(cells[1] for cells in members), approvals))
        else:
            enquiries, approvals = month_cells[period_costs.key]
        rows.append(
            [
                text(period_costs.label),
                money(period_costs.spend),
                enquiries,
                cost(enquiries, cost_per_outcome(period_costs.spend, float(period_costs.enquiries))),
                approvals,
                cost(approvals, cost_per_outcome(period_costs.spend, float(period_costs.approvals))),
            ]
        )
    spend = sum((period_costs.spend for period_costs in costs), start=0)
    enquiries, approvals = month_totals
    total = [
        text("Total"),
        money(spend),
        enquiries,
        cost(enquiries, cost_per_outcome(spend, float(enquiries.value))),
        approvals,
        cost(approvals, cost_per_outcome(spend, float(approvals.value))),
    ]
    word = "quarter" if cohort == Cohort.QUARTER else "month"
    return Table(
        key="costs",
        caption=f"Cost per enquiry and per approval by {word}, {period}",
        columns=[
            Column(word.capitalize(), Kind.TEXT),
            Column("Spend (£)", Kind.MONEY),
            Column("Enquiries"),
            Column("Cost per enquiry (£)", Kind.MONEY),
            Column("Approvals"),
            Column("Cost per approval (£)", Kind.MONEY),
        ],
        rows=rows,
        totals=[total],
        note=(
            f"All channels' spend in each {word} ÷ the households whose first enquiry, or approval, "
            f"fell in it, each counted once. {SPREAD_NOTE}"
        ),
    )


def _in_quarter(month_key: str, quarter: str) -> bool:
    return month_key[:4] == quarter[:4] and (int(month_key[5:]) - 1) // 3 + 1 == int(quarter[-1])


def costs_chart(table: Table) -> str:
    return charts.line_chart(
        chart_id="chart-costs",
        title=table.caption,
        x_labels=[str(row[0].value) for row in table.rows],
        series=[
            charts.Series(
                name=table.columns[index].label.replace(" (£)", ""),
                values=[row[index].chart_value for row in table.rows],
                texts=[row[index].display for row in table.rows],
            )
            for index in (3, 5)
        ],
        unit="£",
    )
