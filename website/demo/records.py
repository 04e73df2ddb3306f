"""The demo's CRM and campaigns records, loaded after the site's pages: each part in the order it needs.

Each part is safe to run again (it finds its rows before making them) and returns what it made, for
the loader's report. A new part of the demo goes in ``PARTS``, not in the loader.
"""

from website.demo import imports, peers, surveys
from website.demo.applicant import demo_applicant_load
from website.demo.board_packs import demo_board_packs_load
from website.demo.campaigns import demo_budgets_load, demo_campaigns_load
from website.demo.equality import demo_equality_load
from website.demo.households import demo_households_load, demo_service_requests_load


def _households() -> str:
    made = demo_households_load()
    return f"{made} demo households" if made else ""


def _equality() -> str:
    answered = demo_equality_load()
    return f"{answered} people's equality answers" if answered else ""


def _requests() -> str:
    made = demo_service_requests_load()
    return f"{made} support and other requests" if made else ""


# Campaigns before households (their touches name the campaigns); households before anything about them.
PARTS = (
    demo_campaigns_load,
    demo_budgets_load,
    _households,
    _requests,
    demo_applicant_load,
    _equality,
    peers.demo_peers_load,
    # Last: the old records moved in join the demo people above by the front door's rules.
    imports.demo_imports_load,
)
# Parts that read the family event bookings the loader makes after ``PARTS``; the board packs, which read
# everything, last.
AFTER_BOOKINGS = (surveys.demo_surveys_load, demo_board_packs_load)


def demo_records_load(parts=PARTS) -> list[str]:
    """Run each part; what the ones that report made, in words."""
    return [made for part in parts if isinstance(made := part(), str) and made]
