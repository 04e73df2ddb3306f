"""A small hand-built history for the Insight reports, whose every figure is worked out by hand in the tests.

Eight households first enquired in the first half of 2025 (a ninth was merged into the eighth and
never counts), and two enquired recently and are overdue now:

| | council, team | first enquiry | moves (2025) | now |
|---|---|---|---|---|
| Ada | Kent, Kent worker | 6 Jan, called 7 Jan | IC 8 Jan, event 20 Jan, ROI 3 Feb, accepted 6 Feb, stage one 10 Feb, stage two 7 Apr, panel 4 Aug, approved 11 Aug | approved, no child linked: approval to the first link overdue since 11 Oct 2025 |
| Ben | Kent, Kent worker | 13 Jan, called 14 Jan | IC 14 Jan | closed 3 Mar, lost contact |
| Cat | Medway, Medway worker | 15 Jan, called 20 Jan | ROI 10 Feb, accepted 20 Feb, stage one 24 Feb | closed 10 Apr, not suitable at stage one |
| Dev | Bexley, nobody | 20 Jan, called 21 Jan | none | at enquiry |
| Eve | Kent, Kent worker | 3 Feb, called 4 Feb | IC 5 Feb, event 17 Feb, ROI 3 Mar, accepted 5 Mar, stage one 6 Mar (extended to 30 Jun), break 9 Jun, stage two 1 Sep | stage two, overdue since 1 Jan 2026 |
| Fay | elsewhere, no team | 10 Feb | none | closed 11 Feb, moved out of area |
| Gus | Medway, Medway worker, fast track | 12 Feb, called 13 Feb | IC 13 Feb, ROI 20 Feb, accepted 24 Feb, stage two 3 Mar, panel 1 Jul, approved 8 Jul | approved, no child linked: approval to the first link overdue since 8 Sep 2025 |
| Hal | Kent, nobody | 7 Apr, never called | IC 15 Apr, event 28 Apr | at information event |
| Ivy | Medway, Kent worker | 10 days ago | none | first contact overdue |
| Jo | Kent, Kent worker | 60 days ago, called next day | IC 59 days ago, ROI 30 days ago | ROI decision overdue |

First touches: Ada and Cat the winter radio campaign, Ben and Eve an online search, Gus Facebook;
Cat also used Facebook after she enquired, which is not her first touch.
"""

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from campaigns.credits import credits_refresh
from campaigns.models import Campaign, CampaignChannel, Channel, Touchpoint
from campaigns.services import touches_changed
from crm.models import Clock, ClockExtension, Enquiry, Household, StaffMember, StageChange, Team
from crm.services.pipeline import clock_refresh
from tests.factories import staff_member

ORDER = [
    "initial_conversation",
    "information_event",
    "registration_of_interest",
    "roi_accepted",
    "stage_one",
    "break",
    "stage_two",
    "panel",
    "approved",
]


def day(month: int, date: int, year: int = 2025) -> dt.datetime:
    """Ten in the morning UTC: the same local date in London, summer or winter."""
    return dt.datetime(year, month, date, 10, tzinfo=dt.UTC)


@dataclass
class History:
    households: dict[str, Household]
    kent_worker: StaffMember
    medway_worker: StaffMember
    manager: StaffMember
    winter: Campaign


def household_make(
    name: str,
    council: str,
    enquired: dt.datetime,
    *,
    moves: dict[str, dt.datetime] | None = None,
    contact: dt.datetime | None = None,
    closed: tuple[dt.datetime, str] | None = None,
    assigned_to: StaffMember | None = None,
    enquiries: tuple[dt.datetime, ...] = (),
    **fields,
) -> Household:
    """A household with its stage moves, closure and enquiries, and its clock worked out as the pipeline does."""
    moves = moves or {}
    stage = max(moves, key=ORDER.index) if moves else "enquiry"
    household = Household.objects.create(
        first_name=name,
        last_name="Test",
        email=f"{name.lower()}@example.com",
        council=council,
        team=Team.objects.filter(council=council).first(),
        assigned_to=assigned_to,
        assigned_at=enquired if assigned_to else None,
        stage=stage,
        stage_entered_at=moves[stage] if moves else enquired,
        stage_dates={key: timezone.localdate(value).isoformat() for key, value in moves.items()},
        first_enquiry_at=enquired,
        last_enquiry_at=max([enquired, *enquiries]),
        first_contact_at=contact,
        **fields,
    )
    previous = "enquiry"
    for to_stage, at in sorted(moves.items(), key=lambda item: item[1]):
        StageChange.objects.create(
            household=household, kind="advance", from_stage=previous, to_stage=to_stage, effective_at=at
        )
        previous = to_stage
    for at in (enquired, *enquiries):
        Enquiry.objects.create(household=household, source="web", council=council, received_at=at)
    if closed:
        at, reason = closed
        StageChange.objects.create(
            household=household,
            kind="close",
            from_stage=stage,
            to_stage=stage,
            closure_reason=reason,
            effective_at=at,
        )
        Household.objects.filter(pk=household.pk).update(closed_at=at, closure_reason=reason)
        household.refresh_from_db()
    clock_refresh(household)
    # As the campaigns tasks do once the enquiry and the moves have arrived.
    credits_refresh(household_ids=[household.pk])
    household.refresh_from_db()
    return household


def touch(household: Household, slug: str, at: dt.datetime, campaign: Campaign | None = None) -> None:
    channel = Channel.objects.get(slug=slug)
    Touchpoint.objects.create(
        household=household,
        kind="landing",
        channel=channel,
        phase=channel.phase,
        campaign=campaign,
        occurred_at=at,
    )
    # As the campaigns services do once they have recorded a touch.
    touches_changed(household_ids=[household.pk])


def history_make() -> History:
    kent_worker = staff_member("kent.worker", council="kent", first_name="Kim", last_name="Kent")
    medway_worker = staff_member("medway.worker", council="medway", first_name="Mo", last_name="Medway")
    manager = staff_member("manager", role="manager", council=None, first_name="Mel", last_name="Manager")
    winter = Campaign.objects.create(
        name="Winter radio", code="WINTER25", starts_on=dt.date(2024, 12, 1), ends_on=dt.date(2025, 1, 31)
    )
    CampaignChannel.objects.create(campaign=winter, channel=Channel.objects.get(slug="radio"), spend=1000)
    now = timezone.now()
    made = {}
    made["Ada"] = household_make(
        "Ada",
        "kent",
        day(1, 6),
        contact=day(1, 7),
        assigned_to=kent_worker,
        enquiries=(day(5, 1),),
        moves={
            "initial_conversation": day(1, 8),
            "information_event": day(1, 20),
            "registration_of_interest": day(2, 3),
            "roi_accepted": day(2, 6),
            "stage_one": day(2, 10),
            "stage_two": day(4, 7),
            "panel": day(8, 4),
            "approved": day(8, 11),
        },
    )
    made["Ben"] = household_make(
        "Ben",
        "kent",
        day(1, 13),
        contact=day(1, 14),
        assigned_to=kent_worker,
        moves={"initial_conversation": day(1, 14)},
        closed=(day(3, 3), "lost_contact"),
    )
    made["Cat"] = household_make(
        "Cat",
        "medway",
        day(1, 15),
        contact=day(1, 20),
        assigned_to=medway_worker,
        moves={"registration_of_interest": day(2, 10), "roi_accepted": day(2, 20), "stage_one": day(2, 24)},
        closed=(day(4, 10), "not_suitable_stage_one"),
    )
    made["Dev"] = household_make("Dev", "bexley", day(1, 20), contact=day(1, 21))
    made["Eve"] = household_make(
        "Eve",
        "kent",
        day(2, 3),
        contact=day(2, 4),
        assigned_to=kent_worker,
        early_permanence=True,
        moves={
            "initial_conversation": day(2, 5),
            "information_event": day(2, 17),
            "registration_of_interest": day(3, 3),
            "roi_accepted": day(3, 5),
            "stage_one": day(3, 6),
            "break": day(6, 9),
            "stage_two": day(9, 1),
        },
    )
    ClockExtension.objects.create(
        household=made["Eve"],
        clock=Clock.objects.get(code="stage_one"),
        due_on=dt.date(2025, 6, 30),
        reason="References were late.",
        recorded_at=day(4, 20),
    )
    # As household_extend_clock does: the stored clocks follow the extension.
    clock_refresh(made["Eve"])
    made["Fay"] = household_make("Fay", "elsewhere", day(2, 10), closed=(day(2, 11), "moved_out_of_area"))
    made["Gus"] = household_make(
        "Gus",
        "medway",
        day(2, 12),
        contact=day(2, 13),
        assigned_to=medway_worker,
        fast_track=True,
        moves={
            "initial_conversation": day(2, 13),
            "registration_of_interest": day(2, 20),
            "roi_accepted": day(2, 24),
            "stage_two": day(3, 3),
            "panel": day(7, 1),
            "approved": day(7, 8),
        },
    )
    made["Hal"] = household_make(
        "Hal",
        "kent",
        day(4, 7),
        moves={"initial_conversation": day(4, 15), "information_event": day(4, 28)},
    )
    made["Hal2"] = household_make("Hal", "kent", day(4, 8), merged_into=made["Hal"])
    made["Ivy"] = household_make("Ivy", "medway", now - dt.timedelta(days=10), assigned_to=kent_worker)
    made["Jo"] = household_make(
        "Jo",
        "kent",
        now - dt.timedelta(days=60),
        contact=now - dt.timedelta(days=59),
        assigned_to=kent_worker,
        moves={
            "initial_conversation": now - dt.timedelta(days=59),
            "registration_of_interest": now - dt.timedelta(days=30),
        },
    )
    touch(made["Ada"], "radio", day(1, 2), winter)
    touch(made["Ben"], "search", day(1, 10))
    touch(made["Cat"], "radio", day(1, 3), winter)
    touch(made["Cat"], "facebook", day(1, 21))
    touch(made["Eve"], "search", day(1, 30))
    touch(made["Gus"], "facebook", day(2, 1))
    return History(made, kent_worker, medway_worker, manager, winter)
