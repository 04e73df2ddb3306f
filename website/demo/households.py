"""Demo households for the CRM, made through the same services as real enquiries.

Names are invented; emails use the reserved example.com domain so nothing can reach a real person.
"""

import datetime as dt
import random

from django.utils import timezone

from crm.journey import RECRUITMENT
from crm.models import Household, Source, Stage
from crm.services import (
    EnquiryDetails,
    booking_create,
    enquiry_create,
    household_advance,
    household_close,
    household_log_call,
    link_create,
    link_match,
    link_order,
    link_place,
    matching_profile_save,
    printed_pack_request,
)

FIRST_NAMES = [
    "Amara",
    "Ben",
    "Chloe",
    "Dev",
    "Ella",
    "Femi",
    "Grace",
    "Harvey",
    "Isla",
    "Jamal",
    "Kasia",
    "Leon",
    "Maya",
    "Nathan",
    "Olu",
    "Priya",
    "Quinn",
    "Rosa",
    "Sunil",
    "Tara",
    "Umar",
    "Vicky",
    "Wes",
    "Yasmin",
]
LAST_NAMES = [
    "Adeyemi",
    "Brooks",
    "Clarke",
    "Dhillon",
    "Evans",
    "Fraser",
    "Green",
    "Hughes",
    "Iqbal",
    "Jones",
    "Kowalski",
    "Lewis",
    "Morris",
    "Nowak",
    "Okafor",
    "Patel",
    "Reid",
    "Singh",
    "Taylor",
    "Walsh",
]
POSTCODES = {
    "kent": ["ME14 2AB", "CT1 3XY", "TN23 4QR", "DA11 9ZZ"],
    "medway": ["ME4 6AB", "ME7 2CD", "ME2 3EF"],
    "bexley": ["DA6 8GH", "DA15 7JK", "DA8 1LM"],
    "elsewhere": ["BR1 3NP", "TN6 2QS"],
}
# How far along each demo household is (the stages it moved on to, in order), with how many days ago
# it first enquired. The longer ones follow the journey table's main road (``crm.journey``), so a new
# stage on the way is walked through without a change here.
JOURNEYS = [
    ([], 0),
    ([], 1),
    ([], 4),
    ([], 9),
    ([Stage.INITIAL_CONVERSATION], 12),
    ([Stage.INITIAL_CONVERSATION], 20),
    ([Stage.INFORMATION_EVENT], 30),
    ([Stage.INITIAL_CONVERSATION, Stage.INFORMATION_EVENT], 45),
    ([Stage.INITIAL_CONVERSATION, Stage.REGISTRATION_OF_INTEREST], 40),
    (RECRUITMENT.route(to=Stage.STAGE_ONE), 90),
    (RECRUITMENT.route(to=Stage.STAGE_TWO), 200),
    (RECRUITMENT.route(to=Stage.APPROVED), 330),
    # After approval: waiting, on hold, and a link with a child through to the adoption order. The moves a
    # link records go through the link services (``demo_link_step``), as a worker's do.
    (RECRUITMENT.route(to=Stage.FAMILY_FINDING), 400),
    (RECRUITMENT.route(to=Stage.ON_HOLD), 420),
    (RECRUITMENT.route(to=Stage.LINKED), 450),
    (RECRUITMENT.route(to=Stage.MATCHED), 500),
    (RECRUITMENT.route(to=Stage.PLACED), 560),
    (RECRUITMENT.route(to=Stage.ADOPTION_ORDER), 800),
]
# The stages reached by recording a link, a match, a placement or an order (``crm.journey.LINKS``).
LINK_STAGES = (Stage.LINKED, Stage.MATCHED, Stage.PLACED, Stage.ADOPTION_ORDER)
# From approval on, a family has a matching profile: what they hope for.
PROFILE_STAGES = (Stage.APPROVED, Stage.ON_HOLD, Stage.FAMILY_FINDING, *LINK_STAGES)
AGE_BANDS = ["under_1", "1_2", "3_4", "5_7", "8_plus"]
DEMO_TOWNS = {"kent": "Maidstone", "medway": "Chatham", "bexley": "Bexleyheath", "elsewhere": "Croydon"}
SOURCES = [Source.WEB, Source.WEB, Source.PHONE, Source.EMAIL]
# How some demo households arrived on the website, so campaign results have data.
ATTRIBUTIONS = [
    {"utm_campaign": "WINTER26", "utm_medium": "radio", "utm_source": "vanity", "vanity": "radio"},
    {"utm_campaign": "SOCIAL26", "utm_medium": "facebook", "utm_source": "facebook"},
    {"utm_campaign": "BUS26", "utm_medium": "posters", "utm_source": "vanity", "vanity": "bus"},
    {"ref": "https://www.google.co.uk/"},
    {},
]


def demo_households_load(*, count: int = 36, seed: int = 2020) -> int:
    """Make ``count`` demo households once; running again adds nothing."""
    if Household.objects.filter(email__endswith="@example.com").exists():
        return 0
    rng = random.Random(seed)
    now = timezone.now()
    made = 0
    councils = ["kent"] * 5 + ["medway"] * 2 + ["bexley"] * 2 + ["elsewhere"]
    for number in range(count):
        council = councils[number % len(councils)]
        stages, days_ago = JOURNEYS[number % len(JOURNEYS)]
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        received = now - dt.timedelta(days=days_ago, hours=rng.randint(1, 9))
        details = EnquiryDetails(
            first_name=first,
            last_name=last,
            email=f"{first.lower()}.{last.lower()}{number}@example.com",
            phone=f"07700 900{number:03d}",
            postcode=rng.choice(POSTCODES[council]),
            household_type=rng.choice(["single", "couple"]),
            children_at_home=rng.choice(["none", "none", "one", "two_or_more"]),
            interests=rng.sample(
                ["siblings", "older_children", "early_permanence", "disability", "unsure"], 2
            ),
            heard_about=rng.choice(["search", "social", "radio", "friend", "event", "poster"]),
            best_time_to_call=rng.choice(["any", "morning", "evening"]),
            message="I'd like to know more about adopting." if number % 3 else "",
            contact_consent=True,
            newsletter_consent=number % 2 == 0,
        )
        source = SOURCES[number % len(SOURCES)]
        attribution = ATTRIBUTIONS[number % len(ATTRIBUTIONS)] if source == Source.WEB else {}
        household = enquiry_create(
            source=source, details=details, received_at=received, attribution=attribution
        ).household
        by = household.assigned_to.user if household.assigned_to else None
        if stages:
            household_log_call(
                household=household,
                by=by,
                reached=True,
                summary="First chat about adopting",
                at=received + dt.timedelta(days=1),
            )
        step = dt.timedelta(days=max(1, days_ago // (len(stages) + 1)))
        moment = received
        for stage in stages:
            moment += step
            if stage in LINK_STAGES:
                demo_link_step(
                    household=household, stage=stage, on=timezone.localdate(moment), by=by, number=number
                )
            else:
                household_advance(
                    household=household, to_stage=stage, by=by, effective_at=moment, note="Demo history"
                )
        household.refresh_from_db()
        if household.stage in PROFILE_STAGES:
            first_band = rng.randrange(len(AGE_BANDS) - 1)
            matching_profile_save(
                household=household,
                by=by,
                age_bands=AGE_BANDS[first_band : first_band + 2],
                siblings=rng.choice(["yes", "maybe", "no"]),
                disability=rng.choice(["yes", "maybe", "no", ""]),
                early_permanence=number % 4 == 0,
            )
        if number % 9 == 4 and household.is_open:
            # Someone who asked on the phone for a printed pack: it waits on the print list.
            printed_pack_request(
                household=household,
                name=f"{first} {last}",
                address=f"{number + 3} Station Road\n{DEMO_TOWNS.get(council, 'Maidstone')}",
                postcode=details.postcode,
                by=by,
            )
        if number % 11 == 10 and household.stage not in LINK_STAGES:
            household_close(
                household=household, reason="withdrew_circumstances", by=by, note="Demo: moving abroad"
            )
        made += 1
    return made


def demo_link_step(*, household: Household, stage: str, on: dt.date, by, number: int) -> None:
    """One step of a demo family's link with a child, dated ``on``: a made-up reference, never a name."""
    if stage == Stage.LINKED:
        council = household.council if household.council in ("kent", "medway", "bexley") else "other"
        link_create(
            household=household,
            by=by,
            child_reference=f"DEMO-{number:04d}",
            child_council=council,
            age_band=AGE_BANDS[number % len(AGE_BANDS)],
            siblings=number % 2,
            linked_on=on,
            early_permanence=number % 4 == 0,
            note="Demo history",
        )
    elif stage == Stage.MATCHED:
        link_match(household=household, by=by, matched_on=on, note="Demo history")
    elif stage == Stage.PLACED:
        link_place(household=household, by=by, placed_on=on, note="Demo history")
    else:
        link_order(household=household, by=by, order_on=on, note="Demo history")


# Families the demo books on its family events who were never demo enquirers: the CRM knows them
# only from their booking ("Booked a family event"), in no queue or count of casework.
NEW_FAMILIES = [
    ("Sam", "Okafor", "ME1 1AA"),
    ("Jess", "Hughes", "ME4 6AB"),
]


def demo_family_bookings_load(*, events: list[tuple[int, int]]) -> int:
    """Adoptive families booked on the demo's family events (``events``: page id and capacity of each):
    the approved demo households, whose records the bookings join, and two families nobody knew.

    Once only: running again adds nothing.
    """
    from crm.models import EventBooking

    if not events or EventBooking.objects.filter(event_id__in=[pk for pk, _ in events]).exists():
        return 0
    approved = Household.objects.active().filter(stage=Stage.APPROVED, email__endswith="@example.com")
    families = [
        EnquiryDetails(
            first_name=household.first_name,
            last_name=household.last_name,
            email=household.email,
            phone=household.phone,
            postcode=household.postcode,
            contact_consent=True,
        )
        for household in approved.order_by("pk")
    ]
    families += [
        EnquiryDetails(
            first_name=first,
            last_name=last,
            email=f"{first.lower()}.{last.lower()}.family@example.com",
            postcode=postcode,
            contact_consent=True,
        )
        for first, last, postcode in NEW_FAMILIES
    ]
    made = 0
    for number, details in enumerate(families):
        for event_id, capacity in events[: 1 + number % 2]:
            booking_create(event_id=event_id, capacity=capacity, details=details, places=1 + number % 2)
            made += 1
    return made


# Requests to the agency's other services: (type, first name, last name, postcode, days ago, what they
# told us, the stages it moved on to). Most are support requests from adoptive families.
SERVICE_REQUESTS = [
    (
        "support",
        "Hannah",
        "Price",
        "ME15 6AB",
        1,
        {"child_age": 7, "order_date": 2, "placing_council": "medway", "needs": ["therapy", "education"]},
        "Our son is struggling at school since he moved up a year.",
        [],
    ),
    (
        "support",
        "Tom",
        "Bishop",
        "DA6 8GH",
        3,
        {
            "child_age": 12,
            "order_date": 5,
            "placing_council": "other",
            "placing_council_other": "Surrey County Council",
            "needs": ["life_story"],
        },
        "Our daughter has started asking about her birth family.",
        [],
    ),
    (
        "support",
        "Ruth",
        "Adebayo",
        "CT1 3XY",
        15,
        {
            "child_age": 4,
            "order_date": 1,
            "placing_council": "other",
            "placing_council_other": "Lewisham",
            "financial_support_before_order": True,
            "needs": ["therapy"],
        },
        "We were told therapy might help with sleep and big feelings.",
        [Stage.SUPPORT_ASSESSMENT],
    ),
    (
        "support",
        "Gary",
        "Lowe",
        "ME4 6AB",
        60,
        {"child_age": 9, "order_date": 4, "placing_council": "kent", "needs": ["training", "contact"]},
        "",
        [Stage.SUPPORT_ASSESSMENT, Stage.SUPPORT_PLAN],
    ),
    (
        "records",
        "Denise",
        "Marsh",
        "TN23 4QR",
        6,
        {"who": "adopted_adult", "needs": ["records"]},
        "I was adopted in 1979 through Kent and would like to see my file.",
        [],
    ),
    (
        "records",
        "Linda",
        "Carey",
        "DA15 7JK",
        25,
        {"who": "birth_relative", "needs": ["intermediary"]},
        "I would like to know if my son, adopted in 1990, is well.",
        [Stage.RECORDS_IN_PROGRESS],
    ),
    ("step_parent", "Mark", "Ellis", "ME7 2CD", 2, {}, "I want to adopt my wife's daughter, who is 10.", []),
    ("inter_country", "Anita", "Rao", "ME14 2AB", 5, {"country": "India"}, "", []),
    (
        "advice",
        "Jo",
        "Whitman",
        "",
        1,
        {"organisation": "Maidstone primary school", "role": "Designated teacher"},
        "How can we best support an adopted child joining in year 3?",
        [],
    ),
]


def demo_service_requests_load() -> int:
    """Support requests and the other services' requests, through the one front door. Once only."""
    from crm.models import EnquiryType

    if (
        Household.objects.exclude(service=EnquiryType.ADOPTING)
        .filter(email__endswith="@example.com")
        .exists()
    ):
        return 0
    now = timezone.now()
    made = 0
    for number, (service, first, last, postcode, days_ago, told, message, stages) in enumerate(
        SERVICE_REQUESTS
    ):
        received = now - dt.timedelta(days=days_ago, hours=2 + number % 5)
        if "order_date" in told:
            told = {
                **told,
                "order_date": (
                    timezone.localdate() - dt.timedelta(days=365 * told["order_date"] + 40)
                ).isoformat(),
            }
        details = EnquiryDetails(
            first_name=first,
            last_name=last,
            email=f"{first.lower()}.{last.lower()}.{service}@example.com",
            phone=f"07700 901{number:03d}",
            postcode=postcode,
            message=message,
            contact_consent=True,
            enquiry_type=service,
            service_details=told,
        )
        household = enquiry_create(
            source=SOURCES[number % len(SOURCES)], details=details, received_at=received
        ).household
        by = household.assigned_to.user if household.assigned_to else None
        if stages:
            household_log_call(
                household=household,
                by=by,
                reached=True,
                summary="First call",
                at=received + dt.timedelta(days=1),
            )
        moment = received + dt.timedelta(days=1)
        for stage in stages:
            moment += dt.timedelta(days=max(1, days_ago // (len(stages) + 2)))
            household_advance(
                household=household, to_stage=stage, by=by, effective_at=moment, note="Demo history"
            )
            household.refresh_from_db()
            by = household.assigned_to.user if household.assigned_to else by
        made += 1
    return made
