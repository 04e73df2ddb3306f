"""Campaign results: which channels, Kindred phases and campaigns earn the credit for each outcome.

Everything here returns aggregates only (no names, no households), as plain dataclasses, so the
marketing team can see them. The heavy lifting is one SQL query per table, in ``campaigns.attribution``.

Definitions
-----------
Outcomes, one per household at most (records merged into another are left out):

- *enquiry*: the household's first enquiry (``Household.first_enquiry_at``);
- *registration of interest*: its first ``StageChange`` of kind "advance" to ``registration_of_interest``
  (``effective_at``);
- *approval*: its first advance to ``approved``.

A date range is a range of local dates, both ends included, and applies to the outcome's time.

Eligible touches for an outcome are that household's touchpoints that happened strictly before it.
An outcome with no eligible touch gives its whole credit to a "No tracked touch" row (no channel,
phase or campaign), so every table adds up to the number of outcomes.

Models (each outcome's credit sums to exactly 1; touches in time order, ties by id):

- first touch: 1 to the earliest;
- last touch: 1 to the latest;
- linear: 1/n to each of the n touches;
- position-based 40/20/40: one touch gets 1; two get 0.5 each; from three, 0.4 to the first, 0.4 to the
  last and 0.2 shared equally by those in between;
- time decay: each touch weighs 2^(−Δ/7 days), Δ being the time from the touch to the outcome
  (the half-life is ``campaigns.attribution.HALF_LIFE_DAYS``), normalised to sum to 1.

Breakdowns: by channel, Kindred phase (the touch's ``phase``, which is its channel's) and campaign the
credit follows the touches; by channel, at either level (``campaigns.taxonomy.ChannelLevel``): every
channel, or the business case's key channels with each finer channel's credit and spend added to its
key channel's; by council (the household's) and by month (of the outcome, in local time) each outcome
counts once in full, so every model gives the same figures there.

Cost per outcome: for a campaign, the campaign's total spend over all its channels ÷ its credited
outcomes; for a channel, that channel's spend summed over the campaigns active at some point in the
range ÷ its credited outcomes. None when no spend is recorded or the credit is 0 (to two decimals).
"""

import calendar
import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import F, Q, Sum, Window
from django.db.models.functions import RowNumber
from django.http import Http404
from django.utils import timezone

from campaigns.attribution import (
    AttributionModel,
    Dimension,
    Outcome,
    credit_sums,
    heard_about_counts,
    movement_counts,
    outcomes_by_council,
    outcomes_by_period,
    stored_credit_sums,
    stored_outcomes_by_month,
)
from campaigns.models import Campaign, CampaignChannel, Channel, Phase, Touchpoint
from campaigns.services import SELF_REPORTED_CHANNELS
from campaigns.taxonomy import ChannelLevel, channels_at
from crm.models import Council, HeardAbout
from crm.selectors import sees_everything

__all__ = [
    "AttributionModel",
    "AttributionReport",
    "CampaignResults",
    "ChannelLevel",
    "CreditRow",
    "CrossTable",
    "Dimension",
    "NO_TOUCH",
    "Outcome",
    "PhaseMovement",
    "attribution_report",
    "can_see_campaign_results",
    "campaign_for_results",
    "campaign_results",
    "campaigns_for_results",
    "heard_about_vs_tracked",
    "phase_movement",
]

NO_TOUCH = "No tracked touch"
NO_CAMPAIGN = "No campaign"
NO_LANDING = "No tracked landing"
NOT_ANSWERED = "Not answered"
PENNY = Decimal("0.01")


def can_see_campaign_results(user) -> bool:
    """Marketing editors and managers (anyone who may view campaigns) and superusers.

    Recruitment workers may not: these are the marketing team's figures, not casework.
    """
    if not (user.is_authenticated and user.is_active):
        return False
    return user.is_superuser or sees_everything(user) or user.has_perm("campaigns.view_campaign")


def campaign_for_results(*, pk: int) -> Campaign:
    try:
        return Campaign.objects.get(pk=pk)
    except (Campaign.DoesNotExist, ValueError, TypeError):
        raise Http404("No such campaign") from None


@dataclass(frozen=True)
class CreditRow:
    """One row of a results table. ``value`` is the channel or campaign id, phase number, council or month."""

    value: int | str | None
    label: str
    credit: float
    tracked: bool = True
    spend: Decimal | None = None
    cost_per_outcome: Decimal | None = None

    @property
    def credit_display(self) -> float:
        return round(self.credit, 2)


@dataclass(frozen=True)
class AttributionReport:
    outcome: str
    model: str
    dimension: str
    date_from: dt.date
    date_to: dt.date
    rows: list[CreditRow]

    @property
    def outcomes(self) -> int:
        """How many outcomes the table shares out: the credit always sums to this."""
        return round(sum(row.credit for row in self.rows))

    @property
    def outcome_label(self) -> str:
        return Outcome(self.outcome).label

    @property
    def model_label(self) -> str:
        return AttributionModel(self.model).label

    @property
    def dimension_label(self) -> str:
        return Dimension(self.dimension).label


def day_bounds(date_from: dt.date, date_to: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """The start of ``date_from`` and the start of the day after ``date_to``, local time, as aware datetimes."""
    zone = timezone.get_current_timezone()
    start = dt.datetime.combine(date_from, dt.time.min, tzinfo=zone)
    end = dt.datetime.combine(date_to + dt.timedelta(days=1), dt.time.min, tzinfo=zone)
    return start, end


def local_months(date_from: dt.date, date_to: dt.date) -> list[tuple[str, dt.datetime, dt.datetime]]:
    """(yyyy-mm, start, end) for each local calendar month in the range, clipped to the range."""
    start, end = day_bounds(date_from, date_to)
    zone = timezone.get_current_timezone()
    months = []
    year, month = date_from.year, date_from.month
    while (year, month) <= (date_to.year, date_to.month):
        first = dt.datetime(year, month, 1, tzinfo=zone)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        following = dt.datetime(year, month, 1, tzinfo=zone)
        months.append((f"{first:%Y-%m}", max(first, start), min(following, end)))
    return months


def month_label(key: str) -> str:
    """A month's name for people ("April 2025") from its key ("2025-04")."""
    return f"{calendar.month_name[int(key[5:])]} {key[:4]}"


def _spend_by_channel(date_from: dt.date, date_to: dt.date) -> dict[int, Decimal]:
    """Each channel's spend over the campaigns running at some point between the two dates."""
    active = Q(campaign__starts_on__lte=date_to) & (
        Q(campaign__ends_on__isnull=True) | Q(campaign__ends_on__gte=date_from)
    )
    rows = CampaignChannel.objects.filter(active).values("channel_id").annotate(total=Sum("spend"))
    return {row["channel_id"]: row["total"] for row in rows}


def _spend_by_campaign(campaign_ids=None) -> dict[int, Decimal]:
    rows = CampaignChannel.objects.all()
    if campaign_ids is not None:
        rows = rows.filter(campaign_id__in=campaign_ids)
    return {
        row["campaign_id"]: row["total"] for row in rows.values("campaign_id").annotate(total=Sum("spend"))
    }


def _campaigns_active(date_from: dt.date, date_to: dt.date):
    return Campaign.objects.filter(
        Q(starts_on__lte=date_to) & (Q(ends_on__isnull=True) | Q(ends_on__gte=date_from))
    )


def cost_per_outcome(spend: Decimal | None, credit: float) -> Decimal | None:
    """Spend ÷ credit, to the penny; None without spend or when the credit shows as 0.00.

    Time decay leaves tiny shares on touches months before an outcome; a cost worked out from
    one of those would be a meaningless billion pounds.
    """
    if spend is None or round(credit, 2) <= 0:
        return None
    return (Decimal(spend) / Decimal(repr(credit))).quantize(PENNY, rounding=ROUND_HALF_UP)


def _touch_rows(
    *,
    dimension: str,
    sums: dict[tuple[int | None, bool], float],
    date_from: dt.date,
    date_to: dt.date,
    level: str = ChannelLevel.ALL,
) -> list[CreditRow]:
    tracked = {value: credit for (value, is_tracked), credit in sums.items() if is_tracked}
    spend: dict = {}
    if dimension == Dimension.CHANNEL:
        channels = channels_at(level)
        tracked = channels.rolled_up(tracked)
        spend = channels.rolled_up(_spend_by_channel(date_from, date_to))
        names = channels.names
        labels = {pk: names.get(pk, f"Channel {pk}") for pk in [*tracked, *spend]}
    elif dimension == Dimension.CAMPAIGN:
        active = set(_campaigns_active(date_from, date_to).values_list("pk", flat=True))
        spend = _spend_by_campaign([*active, *(pk for pk in tracked if pk is not None)])
        spend = {pk: total for pk, total in spend.items() if pk in tracked or pk in active}
        campaigns = Campaign.objects.filter(pk__in=[*tracked, *spend])
        labels = {campaign.pk: str(campaign) for campaign in campaigns}
        labels[None] = NO_CAMPAIGN
    else:
        labels = {phase: Phase(phase).label for phase in tracked}
    # Rows that earned nothing are left out unless they had spend: that is worth seeing.
    values = {value for value, credit in tracked.items() if credit > 1e-9} | set(spend)
    rows = [
        CreditRow(
            value=value,
            label=labels.get(value, str(value)),
            credit=tracked.get(value, 0.0),
            spend=spend.get(value),
            cost_per_outcome=cost_per_outcome(spend.get(value), tracked.get(value, 0.0)),
        )
        for value in values
    ]
    if dimension == Dimension.PHASE:
        rows.sort(key=lambda row: row.value)
    else:
        rows.sort(key=lambda row: (-row.credit, row.value is None, row.label))
    return rows


def attribution_report(
    *,
    outcome: str,
    model: str,
    dimension: str,
    date_from: dt.date,
    date_to: dt.date,
    stored: bool = False,
    level: str = ChannelLevel.ALL,
) -> AttributionReport:
    """Credit for ``outcome`` in the date range, shared out by ``model`` and broken down by ``dimension``.

    By channel, ``level`` says whether every channel has its row or finer channels are rolled up into
    their key channels. With ``stored``, the credit by channel, phase or campaign is added up from the stored credit's day sums (``campaigns.models.CreditDay``)
    (the same figures, kept as touches and outcomes change) instead of being shared out again.
    """
    outcome, model, dimension = Outcome(outcome), AttributionModel(model), Dimension(dimension)
    start, end = day_bounds(date_from, date_to)
    if dimension == Dimension.COUNCIL:
        counts = outcomes_by_council(outcome=outcome, start=start, end=end)
        order = list(Council.values)
        rows = [
            CreditRow(value=council, label=Council(council).label, credit=float(count))
            for council, count in counts.items()
        ]
        rows.sort(key=lambda row: (-row.credit, order.index(row.value)))
    elif dimension == Dimension.MONTH:
        months = local_months(date_from, date_to)
        if stored:
            counts = stored_outcomes_by_month(outcome=outcome, date_from=date_from, date_to=date_to)
        else:
            counts = outcomes_by_period(outcome=outcome, periods=months)
        rows = [
            CreditRow(
                value=label,
                label=month_label(label),
                credit=float(counts.get(label, 0)),
            )
            for label, _, _ in months
        ]
    else:
        if stored:
            sums = stored_credit_sums(
                outcome=outcome, models=[model], dimension=dimension, date_from=date_from, date_to=date_to
            )
        else:
            sums = credit_sums(outcome=outcome, models=[model], dimension=dimension, start=start, end=end)
        by_value = {(row.value, row.tracked): row.credits[0] for row in sums}
        rows = _touch_rows(
            dimension=dimension, sums=by_value, date_from=date_from, date_to=date_to, level=level
        )
        untracked = sum(credit for (_, is_tracked), credit in by_value.items() if not is_tracked)
        if untracked:
            rows.append(CreditRow(value=None, label=NO_TOUCH, credit=untracked, tracked=False))
    return AttributionReport(
        outcome=outcome, model=model, dimension=dimension, date_from=date_from, date_to=date_to, rows=rows
    )


@dataclass(frozen=True)
class CampaignModelRow:
    """One model's credit to a campaign for each outcome, and the cost of each."""

    model: str
    label: str
    credits: dict[str, float]
    costs: dict[str, Decimal | None]


@dataclass(frozen=True)
class CampaignResults:
    campaign: Campaign
    date_from: dt.date
    date_to: dt.date
    spend: Decimal | None
    spend_by_channel: list[tuple[str, Decimal]]
    rows: list[CampaignModelRow] = field(default_factory=list)


def campaigns_for_results():
    """Every campaign, newest first, for choosing one to look at."""
    return Campaign.objects.order_by("-starts_on", "name")


def campaign_results(*, campaign: Campaign, date_from: dt.date, date_to: dt.date) -> CampaignResults:
    """What one campaign earned: credited enquiries, registrations and approvals under each model.

    One query per outcome adds up all five models together, from the stored credit's day sums.
    """
    models = list(AttributionModel.values)
    credits: dict[str, dict[str, float]] = {model: {} for model in models}
    for outcome in Outcome.values:
        sums = stored_credit_sums(
            outcome=outcome,
            models=models,
            dimension=Dimension.CAMPAIGN,
            date_from=date_from,
            date_to=date_to,
            campaign_id=campaign.pk,
        )
        totals = [sum(row.credits[index] for row in sums) for index in range(len(models))]
        for model, total in zip(models, totals, strict=True):
            credits[model][outcome] = total
    spend_rows = list(
        CampaignChannel.objects.filter(campaign=campaign)
        .select_related("channel")
        .order_by("-spend", "channel__name")
    )
    spend = sum((row.spend for row in spend_rows), Decimal(0)) if spend_rows else None
    rows = [
        CampaignModelRow(
            model=model,
            label=AttributionModel(model).label,
            credits=credits[model],
            costs={outcome: cost_per_outcome(spend, credit) for outcome, credit in credits[model].items()},
        )
        for model in models
    ]
    return CampaignResults(
        campaign=campaign,
        date_from=date_from,
        date_to=date_to,
        spend=spend,
        spend_by_channel=[(row.channel.name, row.spend) for row in spend_rows],
        rows=rows,
    )


@dataclass(frozen=True)
class ChannelCount:
    value: int
    label: str
    phase: int
    households: int


@dataclass(frozen=True)
class PhaseMovement:
    """Households that registered interest in the range, and the road their touches took to get there.

    ``matrix[i][j]`` counts a touch in phase i+1 followed directly by a touch in phase j+1.
    """

    households: int
    households_touched: int
    channels: list[ChannelCount]
    phases: list[tuple[int, str, int]]
    matrix: list[list[int]]

    @property
    def phase_labels(self) -> list[str]:
        return list(Phase.labels)


def phase_movement(*, date_from: dt.date, date_to: dt.date, level: str = ChannelLevel.ALL) -> PhaseMovement:
    """Which channels (at ``level``) and phases come before a phase 4 decision (registration of interest)."""
    start, end = day_bounds(date_from, date_to)
    counts = movement_counts(start=start, end=end, key_channels=level == ChannelLevel.KEY)
    channels = {channel.pk: channel for channel in Channel.objects.filter(pk__in=counts.by_channel)}
    channel_rows = [
        ChannelCount(value=pk, label=channels[pk].name, phase=channels[pk].phase, households=households)
        for pk, households in counts.by_channel.items()
        if pk in channels
    ]
    channel_rows.sort(key=lambda row: (-row.households, row.phase, row.label))
    matrix = [[counts.transitions.get((i, j), 0) for j in Phase.values] for i in Phase.values]
    return PhaseMovement(
        households=counts.households,
        households_touched=counts.households_touched,
        channels=channel_rows,
        phases=[(phase, Phase(phase).label, counts.by_phase.get(phase, 0)) for phase in Phase.values],
        matrix=matrix,
    )


@dataclass(frozen=True)
class CrossTable:
    """Counts of enquiries by what they told us (rows) against the first tracked landing (columns)."""

    row_labels: list[str]
    column_labels: list[str]
    counts: list[list[int]]

    @property
    def row_totals(self) -> list[int]:
        return [sum(row) for row in self.counts]

    @property
    def column_totals(self) -> list[int]:
        return [sum(column) for column in zip(*self.counts, strict=True)] if self.counts else []

    @property
    def total(self) -> int:
        return sum(self.row_totals)

    def rows(self) -> list[tuple[str, list[int], int]]:
        return list(zip(self.row_labels, self.counts, self.row_totals, strict=True))


def heard_about_vs_tracked(
    *, date_from: dt.date, date_to: dt.date, level: str = ChannelLevel.ALL
) -> CrossTable:
    """For enquiries in the range: the "how did you hear about us?" answer against the first tracked landing.

    The answer is the one on the household's first enquiry, or, if that was left blank, the one
    its self-reported touch records. The landings are channels at ``level``.
    """
    start, end = day_bounds(date_from, date_to)
    raw = heard_about_counts(start=start, end=end)
    channels = channels_at(level)
    slugs = dict(Channel.objects.values_list("pk", "slug"))
    names = channels.names
    answers_by_slug = {slug: answer for answer, slug in SELF_REPORTED_CHANNELS.items()}
    cells: dict[tuple[str, int | None], int] = {}
    for answer, said_channel, landing_channel, count in raw:
        if not answer and said_channel is not None:
            answer = answers_by_slug.get(slugs.get(said_channel), "")
        key = (answer, channels.reported_as.get(landing_channel, landing_channel))
        cells[key] = cells.get(key, 0) + count
    answer_order = {answer: position for position, answer in enumerate([*HeardAbout.values, ""])}
    answers = sorted(
        {answer for answer, _ in cells}, key=lambda answer: (answer_order.get(answer, 99), answer)
    )
    landings = sorted(
        {channel for _, channel in cells}, key=lambda pk: (pk is None, names.get(pk, "") if pk else "")
    )
    return CrossTable(
        row_labels=[_answer_label(answer) for answer in answers],
        column_labels=[names.get(pk, str(pk)) if pk is not None else NO_LANDING for pk in landings],
        counts=[[cells.get((answer, pk), 0) for pk in landings] for answer in answers],
    )


def _answer_label(answer: str) -> str:
    if not answer:
        return NOT_ANSWERED
    return HeardAbout(answer).label if answer in HeardAbout.values else answer


class FirstTouches:
    """Each household's first touch, for the CRM's reports: its earliest touchpoint at or before its first enquiry.

    Registered with the CRM when the app loads (``crm.services.journeys.register_touch_source``); the CRM
    stores what it answers with each household's journey dates.
    """

    dimensions = {"channel": "Source channel", "phase": "Kindred phase", "campaign": "Campaign"}

    def first_touches(self, *, household_ids) -> dict[int, tuple[int, int, int | None]]:
        """(channel, phase, campaign) of each household's first touch, ties by id; households with none are left out."""
        ranked = (
            Touchpoint.objects.filter(
                household_id__in=list(household_ids), occurred_at__lte=F("household__first_enquiry_at")
            )
            .annotate(
                rank=Window(
                    RowNumber(), partition_by=[F("household_id")], order_by=[F("occurred_at"), F("id")]
                )
            )
            .filter(rank=1)
            .values_list("household_id", "channel_id", "phase", "campaign_id")
        )
        return {household: (channel, phase, campaign) for household, channel, phase, campaign in ranked}

    def labels(self, *, dimension: str) -> dict:
        if dimension == "channel":
            return dict(Channel.objects.order_by("phase", "name").values_list("pk", "name"))
        if dimension == "phase":
            return dict(Phase.choices)
        if dimension == "campaign":
            return {
                campaign.pk: str(campaign) for campaign in Campaign.objects.order_by("-starts_on", "name")
            }
        raise ValueError(f"Unknown dimension {dimension!r}")
