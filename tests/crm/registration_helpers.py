"""Answers for every step of the registration of interest, as a browser posts them, and filling it in."""

import datetime as dt

from django.utils import timezone

from crm.models import REGISTRATION_STEPS

FULL_NAME = "Alexandra Jane Morgan"
PARTNER_NAME = "Sam Rivers Morgan"
REFEREE = "Priya Okafor-Lindqvist"
HEALTH = "Type 1 diabetes, well controlled with insulin"

VALID: dict[str, dict[str, str]] = {
    "about-you": {
        "full_name": FULL_NAME,
        "date_of_birth_day": "14",
        "date_of_birth_month": "6",
        "date_of_birth_year": "1986",
        "address_line_1": "12 Orchard Way",
        "address_line_2": "",
        "town": "Maidstone",
        "postcode": "me14 1xx",
        "phone": "07700 900123",
        "email": "alex@example.com",
    },
    "your-partner": {
        "applying": "together",
        "partner_full_name": PARTNER_NAME,
        "partner_date_of_birth_day": "2",
        "partner_date_of_birth_month": "11",
        "partner_date_of_birth_year": "1984",
        "partner_phone": "",
        "partner_email": "sam.partner@example.com",
    },
    "your-household": {
        "children": "yes",
        "child_1_age": "7",
        "child_1_relationship": "birth",
        "other_adults": "no",
    },
    "health": {"condition": "yes", "details": HEALTH},
    "referees": {
        "referee_1_name": REFEREE,
        "referee_1_relationship": "friend",
        "referee_1_years": "12",
        "referee_1_phone": "07700 900456",
        "referee_2_name": "Tom Baker",
        "referee_2_relationship": "relative",
        "referee_2_years": "30",
        "referee_2_email": "tom@example.com",
        "referee_3_name": "Jan Novak",
        "referee_3_relationship": "colleague",
        "referee_3_years": "5",
        "referee_3_phone": "01622 123456",
    },
    "checks": dict.fromkeys(("dbs", "local_authority", "health", "references", "previous_partners"), "on"),
    "declarations": {"convictions": "no", "convictions_details": "", "declaration": "on"},
}
STEPS = [step.slug for step in REGISTRATION_STEPS]


def born_years_ago(years: int, *, days: int = 0) -> dict[str, str]:
    """A date of birth ``years`` years before today (less ``days``), as the three boxes post it."""
    today = timezone.localdate()
    try:
        born = today.replace(year=today.year - years)
    except ValueError:  # 29 February
        born = today.replace(year=today.year - years, day=28)
    born -= dt.timedelta(days=days)
    return {
        "date_of_birth_day": str(born.day),
        "date_of_birth_month": str(born.month),
        "date_of_birth_year": str(born.year),
    }


def fill_in(client, steps=STEPS) -> None:
    """Post each step's valid answers, as the applicant signed in on ``client`` would."""
    for slug in steps:
        response = client.post(f"/your-adoption/registration/{slug}/", VALID[slug])
        assert response.status_code == 302, (slug, response.content.decode()[:3000])
