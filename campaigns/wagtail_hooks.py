"""Campaign screens in the Wagtail admin. Each module registers its own hooks on import.

The report screens are registered here with the report framework's registry
(``core.reports.registry``), which builds their URLs, menu items and tabs: Channels and phases in
the Insight menu, and the Campaign results screens, tabbed together, behind one item of the
Campaigns menu.
"""

from campaigns.reports.base import CAMPAIGN_RESULTS
from campaigns.reports.campaign import CampaignResultsView
from campaigns.reports.channels import ChannelsView
from campaigns.reports.heard_about import HeardAboutView
from campaigns.reports.phases import PhaseMovementView
from campaigns.reports.results import ResultsView
from campaigns.views import admin_setup, budgets_admin, newsletter_admin  # noqa: F401
from campaigns.views.admin_setup import CAMPAIGNS_MENU_HOOK
from core.reports.registry import INSIGHT_MENU_HOOK, Screen, register

register(
    Screen("insight/channels/", ChannelsView, "Channels and phases", order=300, menu_hook=INSIGHT_MENU_HOOK),
    Screen(
        "campaigns/results/",
        ResultsView,
        "Credit by model",
        group=CAMPAIGN_RESULTS,
        order=1000,
        menu_hook=CAMPAIGNS_MENU_HOOK,
        menu_label="Campaign results",
        menu_order=300,
    ),
    Screen(
        "campaigns/results/phases/", PhaseMovementView, "Phase movement", group=CAMPAIGN_RESULTS, order=1010
    ),
    Screen(
        "campaigns/results/said-and-tracked/",
        HeardAboutView,
        "Said and tracked",
        group=CAMPAIGN_RESULTS,
        order=1020,
    ),
    Screen(
        "campaigns/results/campaign/<int:pk>/",
        CampaignResultsView,
        "",
        group=CAMPAIGN_RESULTS,
        order=1030,
        tab=False,
    ),
)
