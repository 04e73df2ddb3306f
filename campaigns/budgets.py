"""The marketing budget against spend: what was planned, what was spent, what is left, and what each outcome cost.

Aggregates only, as plain dataclasses, so the Channels and phases screen and anything else reporting
on a period (a board pack, say) get the very same figures from the same call.

Definitions
-----------
- *Financial year*: UK local government's, 1 April to 31 March, named by the year it starts in
  (``ChannelBudget.year``; 2026 is 1 April 2026 to 31 March 2027).
- *Budget*: a channel's ``ChannelBudget`` for the year; a key channel's is its own plus those of
  the finer channels under it (``campaigns.taxonomy``), a Kindred phase's the sum of its channels'.
- *Plan by month*: the budget's monthly plan where one is given, else the budget spread evenly over
  the twelve months (each month the whole pennies that keep the running total nearest to an even
  share, so the twelve always add up to the budget exactly).
- *Planned to date* (at a date in the year): every whole month before the date's month, and of that
  month the share of its days up to and including the date, to the penny.
- *Spend*: what the campaigns record against each channel (``CampaignChannel.spend``), spread evenly
  over the days each campaign runs, its first and last days included; a campaign with no end date
  counts all its spend on its first day. Spend between two dates is the running total at the end
  less the running total before the start, each to the penny, so the parts always add up to the whole.
- *Spent to date*: spend from 1 April of the year to the date, both included.
- *Left*: the budget less the spend to date; *over budget* when the spend to date is more than the
  budget; *ahead of plan* when it is more than planned to date.
- *Cost per enquiry* (or *approval*) in a month or quarter: all channels' spend in it ÷ the
  households whose first enquiry (or approval) fell in it, each counted once
  (``crm.selectors.outcomes_by_month``); none when there were none.
"""

import calendar
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q
from django.utils import timezone

from campaigns.attribution import Dimension
from campaigns.models import (
    BUDGET_MONTHS,
    CampaignChannel,
    Channel,
    ChannelBudget,
    Phase,
    financial_year_label,
)
from campaigns.taxonomy import ChannelLevel
from core.reports.periods import Cohort, periods
from crm import selectors as crm_selectors

PENNY = Decimal("0.01")
ZERO = Decimal("0.00")
FIRST_MONTH = 4  # April

__all__ = [
    "BUDGET_MONTHS",
    "BudgetLine",
    "BudgetMonth",
    "BudgetPosition",
    "CostPeriod",
    "budget_position",
    "costs_over_time",
    "financial_year_bounds",
    "financial_year_label",
    "financial_year_of",
    "spend_between",
    "spend_by_period",
]


def financial_year_of(day: dt.date) -> int:
    """The financial year a date falls in: 15 March 2027 is in 2026 (2026 to 2027)."""
    return day.year if day.month >= FIRST_MONTH else day.year - 1


def financial_year_bounds(year: int) -> tuple[dt.date, dt.date]:
    """1 April of ``year`` and 31 March of the next."""
    return dt.date(year, FIRST_MONTH, 1), dt.date(year + 1, FIRST_MONTH - 1, 31)


def year_months(year: int) -> list[tuple[int, int]]:
    """(year, month) of each month of the financial year, April first."""
    return [
        (year + (index + FIRST_MONTH - 1) // 12, (index + FIRST_MONTH - 1) % 12 + 1) for index in range(12)
    ]


def pennies(value: Decimal) -> Decimal:
    return Decimal(value).quantize(PENNY, rounding=ROUND_HALF_UP)


def even_plan(amount: Decimal) -> list[Decimal]:
    """``amount`` over twelve months in whole pennies that add up to it exactly."""
    running = [pennies(Decimal(amount) * index / 12) for index in range(13)]
    return [running[index + 1] - running[index] for index in range(12)]


def monthly_plan(budget: ChannelBudget) -> list[Decimal]:
    """The budget's twelve months, April first: its own plan, or the budget spread evenly."""
    plan = budget.plan
    return [pennies(month) for month in plan] if plan is not None else even_plan(budget.amount)


def planned_to(plan: Sequence[Decimal], *, year: int, as_of: dt.date) -> Decimal:
    """What ``plan`` (twelve months, April first) meant to spend from 1 April of ``year`` to ``as_of``."""
    start, end = financial_year_bounds(year)
    if as_of < start:
        return ZERO
    if as_of >= end:
        return sum(plan, ZERO)
    total = ZERO
    for (month_year, month), amount in zip(year_months(year), plan, strict=True):
        if (month_year, month) < (as_of.year, as_of.month):
            total += amount
        elif (month_year, month) == (as_of.year, as_of.month):
            days = calendar.monthrange(month_year, month)[1]
            total += pennies(amount * as_of.day / days)
    return total


@dataclass(frozen=True)
class SpendLine:
    """One campaign's spend on one channel, and the days it runs over."""

    channel_id: int
    spend: Decimal
    starts_on: dt.date
    ends_on: dt.date

    def to(self, day: dt.date) -> Decimal:
        """The running total of this spend up to and including ``day``, to the penny."""
        if day < self.starts_on:
            return ZERO
        if day >= self.ends_on:
            return pennies(self.spend)
        days = (self.ends_on - self.starts_on).days + 1
        return pennies(self.spend * ((day - self.starts_on).days + 1) / days)

    def between(self, date_from: dt.date, date_to: dt.date) -> Decimal:
        return self.to(date_to) - self.to(date_from - dt.timedelta(days=1))


def spend_lines(*, date_from: dt.date, date_to: dt.date) -> list[SpendLine]:
    """Every campaign's spend on each channel that falls at least partly between the two dates: one query."""
    running = Q(campaign__starts_on__lte=date_to) & (
        Q(campaign__ends_on__gte=date_from)
        | Q(campaign__ends_on__isnull=True, campaign__starts_on__gte=date_from)
    )
    rows = CampaignChannel.objects.filter(running).values_list(
        "channel_id", "spend", "campaign__starts_on", "campaign__ends_on"
    )
    return [
        SpendLine(channel_id, spend, starts_on, ends_on or starts_on)
        for channel_id, spend, starts_on, ends_on in rows
    ]


def spend_between(*, date_from: dt.date, date_to: dt.date) -> dict[int, Decimal]:
    """Each channel's spend between the two dates, both included, spread over its campaigns' days."""
    totals: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for line in spend_lines(date_from=date_from, date_to=date_to):
        totals[line.channel_id] += line.between(date_from, date_to)
    return {pk: total for pk, total in totals.items() if total}


@dataclass(frozen=True)
class BudgetLine:
    """One channel's (or phase's) budget for the year, against its spend to the date."""

    value: int
    label: str
    phase: int
    budget: Decimal | None
    planned: Decimal
    spent: Decimal

    @property
    def left(self) -> Decimal | None:
        return None if self.budget is None else self.budget - self.spent

    @property
    def over_budget(self) -> bool:
        return self.spent > (self.budget or ZERO)

    @property
    def position(self) -> str:
        """Where it stands, in words, so nobody needs colour to see a channel over budget."""
        if self.budget is None:
            return f"No budget set: £{self.spent:,.2f} spent" if self.spent else "No budget set"
        if self.over_budget:
            return f"Over budget by £{self.spent - self.budget:,.2f}"
        if self.spent > self.planned:
            return f"Ahead of plan by £{self.spent - self.planned:,.2f}"
        return "Within plan"


@dataclass(frozen=True)
class BudgetMonth:
    """One month of the year: planned and spent, and the running totals. ``spent`` is None after the date."""

    key: str
    label: str
    planned: Decimal
    spent: Decimal | None
    planned_so_far: Decimal
    spent_so_far: Decimal | None


@dataclass(frozen=True)
class BudgetPosition:
    year: int
    as_of: dt.date
    dimension: str
    lines: list[BudgetLine]
    months: list[BudgetMonth]

    @property
    def year_label(self) -> str:
        return financial_year_label(self.year)

    @property
    def budget(self) -> Decimal:
        return sum((line.budget or ZERO for line in self.lines), ZERO)

    @property
    def planned(self) -> Decimal:
        return sum((line.planned for line in self.lines), ZERO)

    @property
    def spent(self) -> Decimal:
        return sum((line.spent for line in self.lines), ZERO)

    @property
    def left(self) -> Decimal:
        return self.budget - self.spent


def _add(totals: dict, key, values: Iterable[Decimal]) -> None:
    current = totals.get(key)
    totals[key] = list(values) if current is None else [a + b for a, b in zip(current, values, strict=True)]


def budget_position(
    *, as_of: dt.date, dimension: str = Dimension.CHANNEL, level: str = ChannelLevel.KEY
) -> BudgetPosition:
    """The budget of the financial year ``as_of`` falls in, against the spend from 1 April to ``as_of``.

    By channel (at ``level``: key channels with their finer channels added in, or every channel) or
    by Kindred phase. Lines are the channels or phases with a budget or spend in the year, in phase
    order. Three queries, whatever the number of channels, budgets and campaigns.
    """
    year = financial_year_of(as_of)
    start, end = financial_year_bounds(year)
    channels = {
        pk: (parent, name, phase)
        for pk, parent, name, phase in Channel.objects.values_list("pk", "parent_id", "name", "phase")
    }
    if dimension == Dimension.PHASE:
        key_of = {pk: phase for pk, (_, _, phase) in channels.items()}
        labels = {phase: (Phase(phase).label, phase) for phase in Phase.values}
    else:
        rolled = level == ChannelLevel.KEY
        key_of = {pk: (parent or pk) if rolled else pk for pk, (parent, _, _) in channels.items()}
        labels = {pk: (name, phase) for pk, (_, name, phase) in channels.items()}
    plans: dict = {}
    for budget in ChannelBudget.objects.filter(year=year):
        _add(plans, key_of[budget.channel_id], monthly_plan(budget))
    lines_of_spend = spend_lines(date_from=start, date_to=end)
    spent: dict = defaultdict(lambda: ZERO)
    month_spend: dict = defaultdict(lambda: ZERO)
    months = year_months(year)
    for line in lines_of_spend:
        spent[key_of[line.channel_id]] += line.between(start, min(as_of, end))
        for month_year, month in months:
            first = dt.date(month_year, month, 1)
            if first > as_of:
                break
            last = min(dt.date(month_year, month, calendar.monthrange(month_year, month)[1]), as_of)
            month_spend[(month_year, month)] += line.between(first, last)
    lines = [
        BudgetLine(
            value=key,
            label=labels[key][0],
            phase=labels[key][1],
            budget=sum(plans[key], ZERO) if key in plans else None,
            planned=planned_to(plans[key], year=year, as_of=as_of) if key in plans else ZERO,
            spent=spent.get(key, ZERO),
        )
        for key in {*plans, *(key for key, total in spent.items() if total)}
    ]
    lines.sort(key=lambda line: (line.phase, line.label))
    plan_total = [sum((plan[index] for plan in plans.values()), ZERO) for index in range(12)]
    budget_months, planned_so_far, spent_so_far = [], ZERO, ZERO
    for index, (month_year, month) in enumerate(months):
        reached = dt.date(month_year, month, 1) <= as_of
        planned_so_far += plan_total[index]
        spent_in = month_spend.get((month_year, month), ZERO) if reached else None
        spent_so_far += spent_in or ZERO
        budget_months.append(
            BudgetMonth(
                key=f"{month_year}-{month:02d}",
                label=f"{calendar.month_name[month]} {month_year}",
                planned=plan_total[index],
                spent=spent_in,
                planned_so_far=planned_so_far,
                spent_so_far=spent_so_far if reached else None,
            )
        )
    return BudgetPosition(year=year, as_of=as_of, dimension=dimension, lines=lines, months=budget_months)


@dataclass(frozen=True)
class CostPeriod:
    """A month or quarter: all channels' spend in it, and the enquiries and approvals that fell in it."""

    key: str
    label: str
    spend: Decimal
    enquiries: int
    approvals: int


def spend_by_period(periods: Sequence[tuple[str, dt.date, dt.date]]) -> dict[str, Decimal]:
    """All channels' spend in each (key, first day, last day) period: one query for them all."""
    if not periods:
        return {}
    lines = spend_lines(
        date_from=min(first for _, first, _ in periods), date_to=max(last for _, _, last in periods)
    )
    return {key: sum((line.between(first, last) for line in lines), ZERO) for key, first, last in periods}


def cohort_periods(
    date_from: dt.date, date_to: dt.date, cohort: str
) -> list[tuple[str, str, dt.date, dt.date]]:
    """(key, label, first day, last day) of each local month or quarter in the range, clipped to it."""
    return [
        (
            period.key,
            period.label,
            timezone.localtime(period.starts).date(),
            timezone.localtime(period.ends).date() - dt.timedelta(days=1),
        )
        for period in periods(date_from, date_to, cohort)
    ]


def quarter_key(month_key: str) -> str:
    """The quarter ("2026-Q2") a month ("2026-05") is in, as ``core.reports.periods`` names quarters."""
    return f"{month_key[:4]}-Q{(int(month_key[5:]) - 1) // 3 + 1}"


def costs_over_time(
    *, date_from: dt.date, date_to: dt.date, cohort: str = Cohort.MONTH, counts: dict | None = None
) -> list[CostPeriod]:
    """Spend, enquiries and approvals in each month or quarter of the range, for the cost of each outcome.

    ``counts`` is ``crm.selectors.outcomes_by_month`` for the same range, when the caller has it already.
    """
    if counts is None:
        counts = crm_selectors.outcomes_by_month(date_from=date_from, date_to=date_to)
    found = cohort_periods(date_from, date_to, cohort)
    spend = spend_by_period([(key, first, last) for key, _, first, last in found])
    outcomes: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for month_key, (enquiries, _, approvals) in counts.items():
        key = quarter_key(month_key) if cohort == Cohort.QUARTER else month_key
        outcomes[key][0] += enquiries
        outcomes[key][1] += approvals
    return [
        CostPeriod(
            key=key, label=label, spend=spend[key], enquiries=outcomes[key][0], approvals=outcomes[key][1]
        )
        for key, label, _, _ in found
    ]
