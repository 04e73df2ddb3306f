"""Staff screens for the CRM inside the Wagtail admin. Each module registers its own hooks on import.

The Insight screens are registered here, in menu order, with the report framework's registry
(``core.reports.registry``), which builds their URLs, menu items and tabs.
"""

import crm.views.desk  # noqa: F401
import crm.views.imports_admin  # noqa: F401
import crm.views.privacy_admin  # noqa: F401
from core.reports.registry import INSIGHT_MENU_HOOK, Screen, register
from crm.reports.equality import EqualityView
from crm.reports.family_finding import FamilyFindingView
from crm.reports.funnel import FunnelView
from crm.reports.handover import HandoverView
from crm.reports.overdue import OverdueView
from crm.reports.peers import PeersView
from crm.reports.quarterly_return import QuarterlyReturnView
from crm.reports.timeliness import TimelinessView
from crm.reports.voice import VoiceView
from crm.reports.workload import WorkloadView
from crm.views import bookings_admin, households_admin, peers_admin  # noqa: F401

register(
    Screen("insight/funnel/", FunnelView, "Funnel", order=100, menu_hook=INSIGHT_MENU_HOOK),
    Screen("insight/timeliness/", TimelinessView, "Timeliness", order=200, menu_hook=INSIGHT_MENU_HOOK),
    Screen(
        "insight/timeliness/overdue/", OverdueView, "Overdue cases", order=250, menu_hook=INSIGHT_MENU_HOOK
    ),
    Screen(
        "insight/families-waiting/",
        FamilyFindingView,
        "Families waiting and matched",
        order=300,
        menu_hook=INSIGHT_MENU_HOOK,
    ),
    Screen("insight/peers/", PeersView, "Peers and mentors", order=350, menu_hook=INSIGHT_MENU_HOOK),
    Screen("insight/workload/", WorkloadView, "Workload", order=400, menu_hook=INSIGHT_MENU_HOOK),
    Screen(
        "insight/quarterly-return/",
        QuarterlyReturnView,
        "Quarterly return",
        order=500,
        menu_hook=INSIGHT_MENU_HOOK,
    ),
    Screen(
        "insight/equality/",
        EqualityView,
        "Equality of access",
        order=450,
        menu_hook=INSIGHT_MENU_HOOK,
    ),
    Screen(
        "insight/adopters-voice/", VoiceView, "The adopter's voice", order=600, menu_hook=INSIGHT_MENU_HOOK
    ),
    Screen(
        "insight/handover/",
        HandoverView,
        "Handover to the case system",
        order=700,
        menu_hook=INSIGHT_MENU_HOOK,
    ),
)
