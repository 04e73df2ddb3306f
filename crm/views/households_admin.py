"""Staff screens for households inside the Wagtail admin: the addresses, the menu and the reference tables.

Everything is under /admin/, so Wagtail's ``require_admin_access`` sends anonymous visitors to the
login page first; each view then asks ``crm.selectors`` what this person may see.
https://docs.wagtail.org/en/stable/reference/hooks.html#register-admin-urls
"""

from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html

from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem

from crm.selectors import can_see_people

from . import family_finding as finding
from . import households_documents as documents
from . import households_page as page
from .households_quarantine import QuarantineDecisionView, QuarantineView
from .households_queue import AvailabilityView, BulkAssignView, EnquiryLogView, QueueView
from .households_registration import RegistrationPdfView, RegistrationView
from .households_setup import CRM_MENU_HOOK, VIEWSETS
from .printed_packs import PrintedPacksView

urlpatterns = [
    path("crm/households/", QueueView.as_view(), name="crm_households"),
    path("crm/households/assign/", BulkAssignView.as_view(), name="crm_households_bulk_assign"),
    path("crm/households/<int:pk>/", page.HouseholdView.as_view(), name="crm_household"),
    path("crm/households/<int:pk>/call/", page.LogCallView.as_view(), name="crm_household_call"),
    path("crm/households/<int:pk>/note/", page.AddNoteView.as_view(), name="crm_household_note"),
    path("crm/households/<int:pk>/advance/", page.AdvanceView.as_view(), name="crm_household_advance"),
    path("crm/households/<int:pk>/assign/", page.AssignView.as_view(), name="crm_household_assign"),
    path("crm/households/<int:pk>/claim/", page.ClaimView.as_view(), name="crm_household_claim"),
    path("crm/households/<int:pk>/close/", page.CloseView.as_view(), name="crm_household_close"),
    path("crm/households/<int:pk>/reopen/", page.ReopenView.as_view(), name="crm_household_reopen"),
    path("crm/households/<int:pk>/flags/", page.FlagsView.as_view(), name="crm_household_flags"),
    path("crm/households/<int:pk>/extend/", page.ExtendClockView.as_view(), name="crm_household_extend"),
    path("crm/households/<int:pk>/merge/", page.MergeView.as_view(), name="crm_household_merge"),
    path("crm/households/<int:pk>/pack/", page.PrintedPackView.as_view(), name="crm_household_pack"),
    path("crm/households/<int:pk>/council/", page.CouncilView.as_view(), name="crm_household_council"),
    path("crm/households/<int:pk>/handover/", page.HandOverView.as_view(), name="crm_household_handover"),
    path("crm/households/<int:pk>/profile/", finding.ProfileView.as_view(), name="crm_household_profile"),
    path("crm/households/<int:pk>/link/", finding.LinkView.as_view(), name="crm_household_link"),
    path("crm/households/<int:pk>/match/", finding.MatchView.as_view(), name="crm_household_match"),
    path("crm/households/<int:pk>/place/", finding.PlaceView.as_view(), name="crm_household_place"),
    path("crm/households/<int:pk>/order/", finding.OrderView.as_view(), name="crm_household_order"),
    path(
        "crm/households/<int:pk>/fostering/", finding.FosteringView.as_view(), name="crm_household_fostering"
    ),
    path("crm/households/<int:pk>/endlink/", finding.EndLinkView.as_view(), name="crm_household_endlink"),
    path("crm/families-waiting/", finding.PoolView.as_view(), name="crm_families_waiting"),
    path(
        "crm/households/<int:pk>/document/",
        documents.DocumentRequestView.as_view(),
        name="crm_household_document",
    ),
    path(
        "crm/documents/<int:pk>/download/",
        documents.DocumentDownloadView.as_view(),
        name="crm_document_download",
    ),
    path(
        "crm/documents/<int:pk>/delete/", documents.DocumentDeleteView.as_view(), name="crm_document_delete"
    ),
    path(
        "crm/households/<int:pk>/registration/",
        RegistrationView.as_view(),
        name="crm_household_registration",
    ),
    path(
        "crm/households/<int:pk>/registration/pdf/",
        RegistrationPdfView.as_view(),
        name="crm_household_registration_pdf",
    ),
    path("crm/households/<int:pk>/message/", page.MessageView.as_view(), name="crm_household_message"),
    path("crm/printed-packs/", PrintedPacksView.as_view(), name="crm_printed_packs"),
    path("crm/enquiries/new/", EnquiryLogView.as_view(), name="crm_enquiry_new"),
    path("crm/availability/", AvailabilityView.as_view(), name="crm_availability"),
    path("crm/quarantine/", QuarantineView.as_view(), name="crm_quarantine"),
    path(
        "crm/quarantine/<int:pk>/release/",
        QuarantineDecisionView.as_view(decision="release"),
        name="crm_quarantine_release",
    ),
    path(
        "crm/quarantine/<int:pk>/spam/",
        QuarantineDecisionView.as_view(decision="spam"),
        name="crm_quarantine_spam",
    ),
]


@hooks.register("register_admin_urls")
def register_household_urls():
    return urlpatterns


class PeopleMenuItem(MenuItem):
    def is_shown(self, request):
        return can_see_people(request.user)


class EnquiriesMenuItem(SubmenuMenuItem):
    """The CRM's place in the admin menu: only for people who may see personal data."""

    def is_shown(self, request):
        return can_see_people(request.user) and super().is_shown(request)


@hooks.register("register_admin_menu_item")
def register_enquiries_menu():
    return EnquiriesMenuItem(
        "Enquiries",
        Menu(register_hook_name=CRM_MENU_HOOK),
        name="enquiries",
        icon_name="group",
        order=150,
    )


@hooks.register(CRM_MENU_HOOK)
def register_queue_menu_item():
    return PeopleMenuItem("Triage queue", reverse("crm_households"), icon_name="list-ul", order=100)


@hooks.register(CRM_MENU_HOOK)
def register_log_enquiry_menu_item():
    return PeopleMenuItem("Log an enquiry", reverse("crm_enquiry_new"), icon_name="plus", order=110)


@hooks.register(CRM_MENU_HOOK)
def register_quarantine_menu_item():
    return PeopleMenuItem("Quarantine", reverse("crm_quarantine"), icon_name="warning", order=120)


@hooks.register(CRM_MENU_HOOK)
def register_families_waiting_menu_item():
    return PeopleMenuItem("Families waiting", reverse("crm_families_waiting"), icon_name="group", order=125)


@hooks.register(CRM_MENU_HOOK)
def register_printed_packs_menu_item():
    return PeopleMenuItem("Printed packs to post", reverse("crm_printed_packs"), icon_name="mail", order=130)


@hooks.register("register_admin_viewset")
def register_crm_viewsets():
    return VIEWSETS


@hooks.register("insert_global_admin_css")
def crm_admin_css():
    return format_html('<link rel="stylesheet" href="{}">', static("crm/admin.css"))
