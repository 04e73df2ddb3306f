"""Peer connection in the admin: the matching screen, the volunteers, one volunteer, one match, and a
household's peer page (Enquiries menu, beside "Families waiting").

Who sees what is ``crm.selectors.peers``: approved volunteers' profiles across the three councils for every
CRM worker, names and everything else only for households the person may already open. Each action posts
to its own address, validates its form and calls one service; a refusal shows the page again with the
message above the form and what was typed kept.
"""

from django.shortcuts import redirect
from django.urls import path, reverse, reverse_lazy

from wagtail import hooks
from wagtail.admin import messages

from crm.forms_peers import (
    ContactForm,
    MatchForm,
    PeerRequestForm,
    ReasonForm,
    VolunteerApproveForm,
    VolunteerOfferForm,
    WorkerEndForm,
)
from crm.models import AuditEvent, Household, PeerRole, PeerSource, PeerVolunteer, SideEffect
from crm.selectors import household_get, households_visible_to
from crm.selectors.peers import (
    household_peers,
    peer_match_get,
    peer_matching_board,
    peer_request_get,
    peer_volunteer_get,
    peer_volunteers_for,
    volunteer_entries,
)
from crm.services.peers import (
    PeerError,
    peer_contact_log,
    peer_match_create,
    peer_match_end,
    peer_request_create,
    peer_volunteer_approve,
    peer_volunteer_decline,
    peer_volunteer_offer,
    peer_volunteer_stand_down,
)
from crm.services.privacy import audit_record

from .households_admin import PeopleMenuItem
from .households_common import CrmPageView, household_url
from .households_setup import CRM_MENU_HOOK

BOARD_CRUMB = {"url": reverse_lazy("crm_peers"), "label": "Peer matching"}
VOLUNTEERS_CRUMB = {"url": reverse_lazy("crm_peer_volunteers"), "label": "Peer volunteers"}


def _shown(request, households: list[int], summary: str) -> None:
    if households:
        audit_record(
            action=AuditEvent.Action.VIEW,
            target=[Household(pk=pk) for pk in sorted(set(households))],
            request=request,
            summary=summary,
        )


class BoardView(CrmPageView):
    """People waiting for a peer (theirs to open), each with the approved volunteers who fit best."""

    template_name = "crm/peers/board.html"
    page_title = "Peer matching"
    header_icon = "group"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        board = peer_matching_board(self.request.user)
        shown = [entry.request.household_id for entry in board]
        shown += [c.volunteer.household_id for entry in board for c in entry.candidates if c.visible]
        _shown(self.request, shown, "Shown on the peer matching screen")
        context.update(board=board, roles=PeerRole.choices)
        return context


class MatchCreateView(CrmPageView):
    http_method_names = ["post"]

    def post(self, request, pk: int):
        peer_request = peer_request_get(user=request.user, pk=pk)
        form = MatchForm(request.POST)
        volunteer = None
        if form.is_valid():
            volunteer = PeerVolunteer.objects.filter(pk=form.cleaned_data["volunteer"]).first()
        if volunteer is None:
            messages.error(request, "Choose a volunteer from the list, and mentor or buddy.")
            return redirect("crm_peers")
        try:
            match = peer_match_create(
                request=peer_request, volunteer=volunteer, role=form.cleaned_data["role"], by=request.user
            )
        except PeerError as error:
            messages.error(request, str(error))
            return redirect("crm_peers")
        messages.success(request, "Matched. Each side has been sent an introduction email.")
        return redirect("crm_peer_match", pk=match.pk)


class VolunteersView(CrmPageView):
    template_name = "crm/peers/volunteers.html"
    page_title = "Peer volunteers"
    crumbs = [BOARD_CRUMB]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        order = {PeerVolunteer.Status.OFFERED: 0, PeerVolunteer.Status.APPROVED: 1}
        volunteers = sorted(
            peer_volunteers_for(self.request.user), key=lambda v: (order.get(v.status, 2), v.offered_at)
        )
        entries = volunteer_entries(self.request.user, volunteers)
        _shown(
            self.request,
            [e.volunteer.household_id for e in entries if e.visible],
            "Shown in the peer volunteers list",
        )
        context["entries"] = entries
        return context


class VolunteerView(CrmPageView):
    """One volunteer whose household the person may open: their offer, checks, and what to do next."""

    template_name = "crm/peers/volunteer.html"
    crumbs = [BOARD_CRUMB, VOLUNTEERS_CRUMB]

    def get(self, request, pk: int):
        return self.render_page(peer_volunteer_get(user=request.user, pk=pk))

    def render_page(self, volunteer, *, bound: dict | None = None, status: int = 200):
        self.volunteer = volunteer
        bound = bound or {}
        initial = {
            "training_on": volunteer.training_on,
            "dbs_checked_on": volunteer.dbs_checked_on,
            "capacity": volunteer.capacity,
        }
        self.forms = {
            "approve": bound.get("approve") or VolunteerApproveForm(initial=initial, prefix="approve"),
            "decline": bound.get("decline") or ReasonForm(prefix="decline"),
            "standdown": bound.get("standdown") or ReasonForm(prefix="standdown"),
        }
        response = self.render_to_response(self.get_context_data())
        response.status_code = status
        return response

    def get_page_title(self):
        return f"Peer volunteer PV-{self.volunteer.pk:05d}"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        volunteer = self.volunteer
        audit_record(
            action=AuditEvent.Action.VIEW,
            target=volunteer,
            request=self.request,
            summary="Peer volunteer opened",
        )
        context.update(
            volunteer=volunteer,
            forms=self.forms,
            matches=list(volunteer.matches.select_related("request").order_by("-started_at")),
        )
        return context


class VolunteerActionView(VolunteerView):
    http_method_names = ["post"]
    action = ""

    def post(self, request, pk: int):
        volunteer = peer_volunteer_get(user=request.user, pk=pk)
        form_class = VolunteerApproveForm if self.action == "approve" else ReasonForm
        form = form_class(request.POST, prefix=self.action)
        if form.is_valid():
            try:
                message = self.perform(volunteer, form.cleaned_data)
            except PeerError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, message)
                return redirect("crm_peer_volunteer", pk=volunteer.pk)
        return self.render_page(volunteer, bound={self.action: form}, status=400)

    def perform(self, volunteer, data) -> str:
        user = self.request.user
        if self.action == "approve":
            peer_volunteer_approve(
                volunteer=volunteer,
                training_on=data["training_on"],
                dbs_checked_on=data["dbs_checked_on"],
                capacity=data["capacity"],
                by=user,
            )
            return "Approved: they can now be matched."
        if self.action == "decline":
            peer_volunteer_decline(volunteer=volunteer, reason=data["reason"], by=user)
            return "Offer declined."
        peer_volunteer_stand_down(volunteer=volunteer, reason=data["reason"], by=user)
        return "Stood down: they will not be offered for new matches."


class MatchView(CrmPageView):
    """One match: both sides (named where the person may open them), its contacts, and ending it."""

    template_name = "crm/peers/match.html"
    crumbs = [BOARD_CRUMB]

    def get(self, request, pk: int):
        return self.render_page(peer_match_get(user=request.user, pk=pk))

    def render_page(self, match, *, bound: dict | None = None, status: int = 200):
        self.match = match
        bound = bound or {}
        self.forms = {
            "contact": bound.get("contact") or ContactForm(prefix="contact"),
            "end": bound.get("end") or WorkerEndForm(prefix="end"),
        }
        response = self.render_to_response(self.get_context_data())
        response.status_code = status
        return response

    def get_page_title(self):
        return f"Peer match {self.match.pk}"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        match = self.match
        sides = [match.request.household_id, match.volunteer.household_id]
        visible = set(household_get_ids(self.request.user, sides))
        _shown(self.request, list(visible), f"Peer match {match.pk} opened")
        context.update(
            match=match,
            forms=self.forms,
            requester_visible=match.request.household_id in visible,
            volunteer_visible=match.volunteer.household_id in visible,
            contacts=list(match.contacts.select_related("logged_by")),
            introductions=list(
                SideEffect.objects.filter(key__startswith=f"peer-introduction:{match.pk}:").order_by("key")
            ),
        )
        return context


def household_get_ids(user, ids: list[int]) -> list[int]:
    return list(households_visible_to(user).filter(pk__in=ids).values_list("pk", flat=True))


class MatchActionView(MatchView):
    http_method_names = ["post"]
    action = ""

    def post(self, request, pk: int):
        match = peer_match_get(user=request.user, pk=pk)
        form_class = ContactForm if self.action == "contact" else WorkerEndForm
        form = form_class(request.POST, prefix=self.action)
        if form.is_valid():
            data = form.cleaned_data
            try:
                if self.action == "contact":
                    peer_contact_log(
                        match=match, on=data["on"], kind=data["kind"], note=data["note"], by=request.user
                    )
                    message = "Contact logged."
                else:
                    peer_match_end(
                        match=match,
                        ended_by=data["ended_by"],
                        reason=data["reason"],
                        note=data["note"],
                        by=request.user,
                    )
                    message = "Match ended."
            except PeerError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, message)
                return redirect("crm_peer_match", pk=match.pk)
        return self.render_page(match, bound={self.action: form}, status=400)


class HouseholdPeersView(CrmPageView):
    """A household's peer connection: their offer to volunteer, their requests, their matches, and forms
    for a worker to record an offer or a request they made by phone or in person."""

    template_name = "crm/peers/household.html"

    def get(self, request, pk: int):
        return self.render_page(household_get(user=request.user, pk=pk))

    def render_page(self, household, *, bound: dict | None = None, status: int = 200):
        self.household = household
        bound = bound or {}
        initial = {
            "council": household.council,
            "single_adopter": household.household_type == "single",
            "early_permanence": household.early_permanence,
        }
        self.forms = {
            "volunteer": bound.get("volunteer") or VolunteerOfferForm(initial=initial, prefix="volunteer"),
            "request": bound.get("request") or PeerRequestForm(initial=initial, prefix="request"),
        }
        response = self.render_to_response(self.get_context_data())
        response.status_code = status
        return response

    def get_page_title(self):
        return f"Peer connection: {self.household.display_name} ({self.household.reference})"

    def get_breadcrumbs_items(self):
        crumb = {"url": household_url(self.household.pk), "label": self.household.reference}
        return [
            *self.breadcrumbs_items,
            {"url": reverse("crm_households"), "label": "Enquiries"},
            crumb,
            {"url": "", "label": "Peer connection"},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        audit_record(
            action=AuditEvent.Action.VIEW,
            target=self.household,
            request=self.request,
            summary="Peer connection opened",
        )
        context.update(household=self.household, forms=self.forms, **household_peers(self.household))
        return context


class HouseholdPeersActionView(HouseholdPeersView):
    http_method_names = ["post"]
    action = ""

    def post(self, request, pk: int):
        household = household_get(user=request.user, pk=pk)
        form_class = VolunteerOfferForm if self.action == "volunteer" else PeerRequestForm
        form = form_class(request.POST, prefix=self.action)
        if form.is_valid():
            try:
                if self.action == "volunteer":
                    peer_volunteer_offer(
                        household=household,
                        profile=form.profile(),
                        about=form.cleaned_data["about"],
                        source=PeerSource.WORKER,
                        by=request.user,
                    )
                    message = (
                        "Offer to volunteer recorded: check them and approve them on their volunteer page."
                    )
                else:
                    peer_request_create(
                        household=household,
                        profile=form.profile(),
                        note=form.cleaned_data["note"],
                        source=PeerSource.WORKER,
                        by=request.user,
                    )
                    message = "Request recorded: they are on the peer matching screen."
            except PeerError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, message)
                return redirect("crm_household_peers", pk=household.pk)
        return self.render_page(household, bound={self.action: form}, status=400)


urlpatterns = [
    path("crm/peers/", BoardView.as_view(), name="crm_peers"),
    path("crm/peers/requests/<int:pk>/match/", MatchCreateView.as_view(), name="crm_peer_request_match"),
    path("crm/peers/volunteers/", VolunteersView.as_view(), name="crm_peer_volunteers"),
    path("crm/peers/volunteers/<int:pk>/", VolunteerView.as_view(), name="crm_peer_volunteer"),
    *(
        path(
            f"crm/peers/volunteers/<int:pk>/{action}/",
            VolunteerActionView.as_view(action=action),
            name=f"crm_peer_volunteer_{action}",
        )
        for action in ("approve", "decline", "standdown")
    ),
    path("crm/peers/matches/<int:pk>/", MatchView.as_view(), name="crm_peer_match"),
    *(
        path(
            f"crm/peers/matches/<int:pk>/{action}/",
            MatchActionView.as_view(action=action),
            name=f"crm_peer_match_{action}",
        )
        for action in ("contact", "end")
    ),
    path("crm/households/<int:pk>/peers/", HouseholdPeersView.as_view(), name="crm_household_peers"),
    *(
        path(
            f"crm/households/<int:pk>/peers/{action}/",
            HouseholdPeersActionView.as_view(action=action),
            name=f"crm_household_peers_{action}",
        )
        for action in ("volunteer", "request")
    ),
]


@hooks.register("register_admin_urls")
def register_peer_urls():
    return urlpatterns


@hooks.register(CRM_MENU_HOOK)
def register_peer_matching_menu_item():
    return PeopleMenuItem("Peer matching", reverse("crm_peers"), icon_name="group", order=126)


@hooks.register(CRM_MENU_HOOK)
def register_peer_volunteers_menu_item():
    return PeopleMenuItem("Peer volunteers", reverse("crm_peer_volunteers"), icon_name="user", order=127)
