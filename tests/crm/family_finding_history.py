"""A small hand-built history after approval, for the Families waiting and matched screen, made through the
services with the dates below; every figure the tests expect is worked out by hand from this table.

| | council | approved (2025) | after approval (2025) | now |
|---|---|---|---|---|
| Amy | Kent | 10 Jan | linked 20 Feb, matched 20 Mar (69 days), placed 15 Apr, order 1 Oct | adoption order |
| Bob | Kent | 15 Jan | linked 1 May, matched 5 Jun (141 days), placed 20 Jun | placed |
| Cas | Medway | 1 Feb | linked 1 Mar, link ended 20 Mar; linked again 1 Jun, matched 10 Jul (159 days) | matched |
| Dee | Medway | 1 Sep | family finding 2 Sep; hopes for 1 to 2 and 3 to 4, siblings yes, disability maybe, early permanence | waiting |
| Eli | Bexley | 1 Dec | none; hopes for under 1, siblings no | waiting (approved) |
| Fin | Kent | 5 Jan | on hold 1 Mar; no profile | waiting, on hold |
| Gil | Kent | 1 May | family finding 2 May; hopes for 5 to 7 and 8 and over, siblings maybe, disability no | waiting |
| Hal | Bexley | 3 Mar | linked 10 Mar (early permanence: fostering placement 20 Mar), matched 30 May (88 days), placed 2 Jun | placed |
| Ivo | Kent | 1 Feb | closed 1 Jun, approval ended | closed |

"Today" for the waiting bands is 15 January 2026: Eli under 3 months, Dee 3 to 6, Gil 6 to 12, Fin over 12.
Matched more than 3 calendar months after approval: Bob and Cas; within: Amy and Hal.
"""

import datetime as dt

from django.utils import timezone

from crm.journey import RECRUITMENT
from crm.models import Household, Source, Stage
from crm.services import (
    enquiry_create,
    household_advance,
    household_close,
    link_create,
    link_end,
    link_match,
    link_order,
    link_place,
    matching_profile_save,
)
from tests.factories import enquiry_details, staff_member

POSTCODES = {"kent": "ME14 1XX", "medway": "ME4 4AA", "bexley": "DA7 4AA"}
TODAY = dt.date(2026, 1, 15)
NOTE = "Recorded from the panel minutes"


def day(month: int, date: int, year: int = 2025) -> dt.date:
    return dt.date(year, month, date)


def moment(on: dt.date) -> dt.datetime:
    return dt.datetime.combine(on, dt.time(10), tzinfo=timezone.get_current_timezone())


def approved(name: str, council: str, on: dt.date, by) -> Household:
    """A household walked along the main road to approval, a day a step, approved on ``on``."""
    route = RECRUITMENT.route(to=Stage.APPROVED)
    start = moment(on) - dt.timedelta(days=len(route) + 1)
    household = enquiry_create(
        source=Source.WEB,
        details=enquiry_details(
            first_name=name,
            last_name="Family",
            email=f"{name.lower()}@example.com",
            phone="",
            postcode=POSTCODES[council],
        ),
        received_at=start,
    ).household
    for step, stage in enumerate(route, start=1):
        at = moment(on) if stage == Stage.APPROVED else start + dt.timedelta(days=step)
        household_advance(household=household, to_stage=stage, by=by, effective_at=at, note=NOTE)
    household.refresh_from_db()
    assert household.council == council
    return household


def link(household: Household, by, on: dt.date, reference: str, **fields):
    return link_create(
        household=household,
        by=by,
        child_reference=reference,
        child_council=fields.pop("child_council", "kent"),
        age_band=fields.pop("age_band", "1_2"),
        siblings=fields.pop("siblings", 0),
        linked_on=on,
        note=NOTE,
        **fields,
    )


def history_make() -> dict[str, Household]:
    manager = staff_member("ff.manager", role="manager", council=None).user
    staff_member("kent.worker", council="kent")
    made = {}

    made["Amy"] = amy = approved("Amy", "kent", day(1, 10), manager)
    link(amy, manager, day(2, 20), "K-1001")
    link_match(household=amy, by=manager, matched_on=day(3, 20), note=NOTE)
    link_place(household=amy, by=manager, placed_on=day(4, 15), note=NOTE)
    link_order(household=amy, by=manager, order_on=day(10, 1), note=NOTE)

    made["Bob"] = bob = approved("Bob", "kent", day(1, 15), manager)
    link(bob, manager, day(5, 1), "K-1002", siblings=1)
    link_match(household=bob, by=manager, matched_on=day(6, 5), note=NOTE)
    link_place(household=bob, by=manager, placed_on=day(6, 20), note=NOTE)

    made["Cas"] = cas = approved("Cas", "medway", day(2, 1), manager)
    link(cas, manager, day(3, 1), "M-2001", child_council="medway")
    link_end(household=cas, by=manager, ended_on=day(3, 20), reason="not_proceeded", note=NOTE)
    link(cas, manager, day(6, 1), "M-2002", child_council="other", age_band="3_4")
    link_match(household=cas, by=manager, matched_on=day(7, 10), note=NOTE)

    made["Dee"] = dee = approved("Dee", "medway", day(9, 1), manager)
    household_advance(
        household=dee, to_stage=Stage.FAMILY_FINDING, by=manager, effective_at=moment(day(9, 2)), note=NOTE
    )
    matching_profile_save(
        household=dee,
        by=manager,
        age_bands=["1_2", "3_4"],
        siblings="yes",
        disability="maybe",
        early_permanence=True,
    )

    made["Eli"] = eli = approved("Eli", "bexley", day(12, 1), manager)
    matching_profile_save(
        household=eli, by=manager, age_bands=["under_1"], siblings="no", disability="", early_permanence=False
    )

    made["Fin"] = fin = approved("Fin", "kent", day(1, 5), manager)
    household_advance(
        household=fin, to_stage=Stage.ON_HOLD, by=manager, effective_at=moment(day(3, 1)), note=NOTE
    )

    made["Gil"] = gil = approved("Gil", "kent", day(5, 1), manager)
    household_advance(
        household=gil, to_stage=Stage.FAMILY_FINDING, by=manager, effective_at=moment(day(5, 2)), note=NOTE
    )
    matching_profile_save(
        household=gil,
        by=manager,
        age_bands=["8_plus", "5_7"],
        siblings="maybe",
        disability="no",
        early_permanence=False,
    )

    made["Hal"] = hal = approved("Hal", "bexley", day(3, 3), manager)
    link(hal, manager, day(3, 10), "B-3001", early_permanence=True, placed_for_fostering_on=day(3, 20))
    link_match(household=hal, by=manager, matched_on=day(5, 30), note=NOTE)
    link_place(household=hal, by=manager, placed_on=day(6, 2), note=NOTE)

    made["Ivo"] = ivo = approved("Ivo", "kent", day(2, 1), manager)
    household_close(
        household=ivo, reason="approval_ended", by=manager, effective_at=moment(day(6, 1)), note=NOTE
    )

    for household in made.values():
        household.refresh_from_db()
    return made
