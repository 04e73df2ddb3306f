"""The board pack: its periods, its sections gathered from the Insight screens' builders, and its services.

It lives in the website layer because it reads both the CRM's Insight screens (``crm.reports``) and the
campaigns' (``campaigns.reports``), and the CRM may never import campaigns. Each section calls the very
builder its Insight screen calls, with the screen's own default choices, for the pack's dates and
council, as the person who asked for the pack (a manager, who sees what the screen shows them); each
table is kept as its cells are displayed, so the small-number rule is applied exactly as on screen.
Only managers and the Head of Service (``Audience.EVERYONE``) may see, make or publish a pack.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from campaigns.reports.channels import channels_report
from campaigns.selectors import AttributionModel, ChannelLevel, Dimension
from core.reports.access import Audience, audience_for, audience_require
from core.reports.periods import Cohort
from core.reports.tables import Report
from crm.reports.family_finding import FamilyFindingFilters, family_finding_report
from crm.reports.funnel import FunnelFilters, funnel_report
from crm.reports.timeliness import TimelinessFilters, timeliness_report
from crm.reports.voice import VoiceFilters, voice_report
from crm.reports.workload import WorkloadFilters, workload_report
from website.models import BoardPack

BOARD_PACK_AUDIENCES = {Audience.EVERYONE}
# Tables of a screen left out of the pack: people's own words and each worker's caseload by name.
LEFT_OUT = {"voice": {"comments"}, "workload": {"workers"}}


def may_see(user) -> bool:
    return audience_for(user) in BOARD_PACK_AUDIENCES


def packs_visible_to(user) -> QuerySet[BoardPack]:
    audience_require(user, BOARD_PACK_AUDIENCES)
    return BoardPack.objects.select_related("made_by", "published_by")


# Periods ------------------------------------------------------------------------------------------


def financial_year_start(day: dt.date) -> int:
    return day.year if day.month >= 4 else day.year - 1


def period_dates(key: str) -> tuple[str, dt.date, dt.date]:
    """``"2025"``: the financial year 1 April 2025 to 31 March 2026; ``"2025-Q1"``: April to June 2025."""
    year, _, quarter = key.partition("-Q")
    start = int(year)
    if not quarter:
        return BoardPack.Kind.YEAR, dt.date(start, 4, 1), dt.date(start + 1, 3, 31)
    month = 4 + 3 * (int(quarter) - 1)
    first_year, first_month = (start + 1, month - 12) if month > 12 else (start, month)
    after_year, after_month = (
        (first_year + 1, first_month + 3 - 12)
        if first_month + 3 > 12
        else (
            first_year,
            first_month + 3,
        )
    )
    return (
        BoardPack.Kind.QUARTER,
        dt.date(first_year, first_month, 1),
        (dt.date(after_year, after_month, 1) - dt.timedelta(days=1)),
    )


def period_choices(today: dt.date | None = None) -> list[tuple[str, str]]:
    """The last twelve financial quarters and the last three financial years that have ended, latest first."""
    today = today or timezone.localdate()
    start = financial_year_start(today)
    quarters = [f"{year}-Q{quarter}" for year in range(start, start - 4, -1) for quarter in range(4, 0, -1)]
    ended = [key for key in quarters if period_dates(key)[2] < today][:12]
    years = [str(year) for year in range(start, start - 4, -1) if period_dates(str(year))[2] < today][:3]
    return [(key, _label(key)) for key in [*ended, *years]]


def _label(key: str) -> str:
    kind, date_from, date_to = period_dates(key)
    return BoardPack(kind=kind, date_from=date_from, date_to=date_to).period_label


# Sections -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    reports: Callable[[BoardPack], list[Report]]
    note: Callable[[BoardPack], str] = lambda pack: ""


def _funnel(pack: BoardPack) -> list[Report]:
    filters = FunnelFilters(
        date_from=pack.date_from, date_to=pack.date_to, cohort=Cohort.QUARTER, council=pack.council
    )
    return [funnel_report(user=pack.made_by, filters=filters)]


def _timeliness(pack: BoardPack) -> list[Report]:
    filters = TimelinessFilters(date_from=pack.date_from, date_to=pack.date_to, council=pack.council)
    return [timeliness_report(user=pack.made_by, filters=filters)]


def _family_finding(pack: BoardPack) -> list[Report]:
    filters = FamilyFindingFilters(date_from=pack.date_from, date_to=pack.date_to, council=pack.council)
    return [family_finding_report(user=pack.made_by, filters=filters)]


def channels_reports(pack: BoardPack) -> list[Report]:
    """The Channels and phases screen by channel (its budget and costs too), then by Kindred phase."""
    common = {
        "user": pack.made_by,
        "date_from": pack.date_from,
        "date_to": pack.date_to,
        "model": AttributionModel.LINEAR,
        "level": ChannelLevel.KEY,
        "costs_by": Cohort.QUARTER,
    }
    by_channel = channels_report(dimension=Dimension.CHANNEL, **common)
    by_phase = channels_report(dimension=Dimension.PHASE, **common)
    by_phase.tables = {"credit": by_phase.tables["credit"]}
    return [by_channel, by_phase]


def _workload(pack: BoardPack) -> list[Report]:
    filters = WorkloadFilters(date_from=pack.date_from, date_to=pack.date_to, council=pack.council)
    return [workload_report(user=pack.made_by, filters=filters)]


def _voice(pack: BoardPack) -> list[Report]:
    filters = VoiceFilters(date_from=pack.date_from, date_to=pack.date_to, council=pack.council)
    return [voice_report(user=pack.made_by, filters=filters)]


SECTIONS = [
    Section("funnel", "Funnel: from enquiry to approval", _funnel),
    Section("timeliness", "Timeliness against the clocks", _timeliness),
    Section(
        "family_finding",
        "Approvals and families waiting",
        _family_finding,
        lambda pack: "Families waiting are counted on the day the pack was made.",
    ),
    Section(
        "channels",
        "Channels and phases: spend, cost per approval and the budget",
        channels_reports,
        lambda pack: (
            "Credit under the linear model. The whole partnership's: marketing is not split by council."
            if pack.council
            else "Credit under the linear model."
        ),
    ),
    Section(
        "workload",
        "Support activity: open cases of every service",
        _workload,
        lambda pack: "Open cases on the day the pack was made.",
    ),
    Section("voice", "The adopter's voice", _voice),
]


def _table_figures(table) -> dict:
    return {
        "key": table.key,
        "caption": table.caption,
        "header": table.header,
        "numeric": [column.is_number for column in table.columns],
        "rows": [[cell.display for cell in row] for row in table.rows],
        "totals": [[cell.display for cell in row] for row in table.totals],
        "note": table.note,
    }


def section_figures(section: Section, pack: BoardPack) -> dict:
    """One section's tables as its screen displays them (the adopter's voice only where there are answers)."""
    reports = section.reports(pack)
    note = section.note(pack)
    if section.key == "voice" and not _answers_given(reports[0]):
        return {"key": section.key, "title": section.title, "note": NO_ANSWERS, "tables": []}
    tables = [
        _table_figures(table)
        for report in reports
        for key, table in report.tables.items()
        if key not in LEFT_OUT.get(section.key, set())
    ]
    return {"key": section.key, "title": section.title, "note": note, "tables": tables}


NO_ANSWERS = "No survey answers came in during this period, so this section has no figures."


def _answers_given(report: Report) -> int:
    table = report.tables["responses"]
    return table.totals[0][table.header.index("Answers given")].value


# Services -----------------------------------------------------------------------------------------


class BoardPackError(ValidationError):
    """A move the pack cannot make, in words for the person who tried."""


@transaction.atomic
def board_pack_request(*, user, period: str, council: str = "") -> BoardPack:
    """Ask for a pack; the task that gathers its figures is queued once the row is saved."""
    from website.tasks import board_pack_make_run

    audience_require(user, BOARD_PACK_AUDIENCES)
    kind, date_from, date_to = period_dates(period)
    pack = BoardPack.objects.create(
        kind=kind,
        date_from=date_from,
        date_to=date_to,
        council=council,
        made_by=user,
        sections_total=len(SECTIONS),
    )
    transaction.on_commit(lambda: board_pack_make_run.delay(pack.pk))
    return pack


def board_pack_make(*, pack_id: int) -> BoardPack | None:
    """Gather every section's figures, saving the progress after each; a pack already made is left alone.

    Run twice, the second run finds the pack being made, ready or published and does nothing; a pack
    whose making failed, or whose worker died while making it (the task is delivered again), is made again
    from the start.
    """
    with transaction.atomic():
        pack = BoardPack.objects.select_for_update().filter(pk=pack_id).first()
        if pack is None or not _may_make(pack):
            return pack
        pack.state, pack.failure, pack.sections_done = BoardPack.State.MAKING, "", 0
        pack.making_since = timezone.now()
        pack.sections_total, pack.figures = len(SECTIONS), {"sections": []}
        pack.save(
            update_fields=["state", "failure", "sections_done", "sections_total", "figures", "making_since"]
        )
    sections = []
    try:
        for section in SECTIONS:
            sections.append(section_figures(section, pack))
            pack.sections_done = len(sections)
            pack.figures = {"sections": sections}
            pack.save(update_fields=["sections_done", "figures"])
    except Exception as error:
        pack.state = BoardPack.State.FAILED
        pack.failure = (
            f"The section “{SECTIONS[len(sections)].title}” could not be gathered ({type(error).__name__}: "
            f"{error}). Make the pack again; if it fails again, tell the system's administrators."
        )
        pack.save(update_fields=["state", "failure"])
        raise
    pack.state, pack.made_at = BoardPack.State.READY, timezone.now()
    pack.save(update_fields=["state", "made_at"])
    return pack


# Longer than the task's time limit: a pack still "being made" after this was left by a worker that died.
MAKING_GIVEN_UP_AFTER = dt.timedelta(minutes=15)


def _may_make(pack: BoardPack) -> bool:
    if pack.state in (BoardPack.State.DRAFT, BoardPack.State.FAILED):
        return True
    return pack.state == BoardPack.State.MAKING and pack.making_since < timezone.now() - MAKING_GIVEN_UP_AFTER


def _editable(*, user, pack_id: int) -> BoardPack:
    pack = packs_visible_to(user).select_for_update(of=("self",)).get(pk=pack_id)
    if pack.state == BoardPack.State.PUBLISHED:
        raise BoardPackError("This pack is published and is kept as it was: it cannot be changed.")
    if pack.state != BoardPack.State.READY:
        raise BoardPackError("The pack's figures are not ready yet.")
    return pack


@transaction.atomic
def board_pack_commentary_save(*, user, pack_id: int, commentary: dict[str, str]) -> BoardPack:
    """Save the commentary as a draft; sections the pack does not have are ignored."""
    pack = _editable(user=user, pack_id=pack_id)
    keys = {section["key"] for section in pack.sections}
    pack.commentary = {key: (commentary.get(key) or "").strip() for key in keys}
    pack.save(update_fields=["commentary"])
    return pack


@transaction.atomic
def board_pack_publish(*, user, pack_id: int) -> BoardPack:
    """Publish the pack, which is then kept as it is; refused while any section has no commentary."""
    pack = _editable(user=user, pack_id=pack_id)
    missing = [
        section["title"] for section in pack.sections if not pack.commentary.get(section["key"], "").strip()
    ]
    if missing:
        raise BoardPackError(
            "Write a commentary for every section before publishing. Still empty: " + "; ".join(missing) + "."
        )
    pack.state, pack.published_by, pack.published_at = BoardPack.State.PUBLISHED, user, timezone.now()
    pack.save(update_fields=["state", "published_by", "published_at"])
    return pack
