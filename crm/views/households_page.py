"""The household page and the actions on it: each action is a small form posting to its own address.

An action validates its form and calls one service. On success it goes back to the household page
with a message; on a problem it shows the page again with the message beside the form and
everything the person typed still in it.
"""

from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse

from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from crm.forms_admin import (
    AdvanceForm,
    AssignForm,
    CloseForm,
    CouncilForm,
    ExtendClockForm,
    FlagsForm,
    HandOverForm,
    LogCallForm,
    MergeConfirmForm,
    MergeFindForm,
    MessageForm,
    NoteForm,
    PrintedPackForm,
    ReopenForm,
)
from crm.forms_documents import DocumentRequestForm
from crm.journey import LINKS, journey_for
from crm.models import (
    PARTNER_COUNCILS,
    STAGES_BEFORE_ENQUIRY,
    AuditEvent,
    Council,
    EnquiryType,
    Household,
    Interest,
    Stage,
)
from crm.selectors import (
    clock_state,
    household_document_requests,
    household_documents,
    household_get,
    household_timeline,
    households_visible_to,
    service_details_display,
    staff_assignable_by,
    staff_member_for,
    support_responsibility,
)
from crm.selectors.registrations import registration_staff_summary
from crm.selectors.surveys import household_surveys
from crm.services import (
    PipelineError,
    RoutingError,
    allowed_moves,
    closure_choices,
    household_add_note,
    household_advance,
    household_assign,
    household_close,
    household_council_set,
    household_extend_clock,
    household_hand_over,
    household_log_call,
    household_opened,
    household_reopen,
    household_set_flags,
    households_merge,
    printed_pack_request,
)
from crm.services.messages import message_from_worker, messages_mark_read
from crm.services.privacy import audit_record

from .households_common import CrmPageView, household_url
from .matching_page import FAMILY_FINDING_TITLES, family_finding_context, family_finding_form

INTEREST_LABELS = dict(Interest.choices)
ACTION_TITLES = {
    "call": "Log a call",
    "note": "Add a note",
    "advance": "Move on",
    "assign": "Assign",
    "claim": "Assign to me",
    "close": "Close the case",
    "reopen": "Reopen the case",
    "flags": "Fast track and early permanence",
    "extend": "Extend the timescale",
    "merge": "Merge a duplicate record",
    "pack": "Post a printed pack",
    "council": "Confirm their council",
    "handover": "Hand over to the council team",
    "message": "Message the applicant",
    "document": "Ask for a document",
}


# The household page's actions, in groups; the group with the likely next action comes first, open.
ACTION_GROUPS = [
    ("contact", "Contact", ("council", "call", "claim", "assign", "handover")),
    ("move", "Move on", ("advance", "flags")),
    ("notes", "Notes and messages", ("note", "message")),
    ("documents", "Documents", ("document",)),
    ("pack", "Information pack", ("pack",)),
    ("timescale", "Timescale", ("extend",)),
    ("close", "Close or reopen", ("close", "reopen")),
    ("merge", "Merge", ("merge",)),
]


def likely_next(household: Household, actions: list[str]) -> str:
    """The group a worker most likely wants now: reopen a closed case, make the first call, or move it on."""
    if not household.is_open:
        return "close"
    opened = household.stage == journey_for(household.service).start
    if "claim" in actions or (opened and household.first_contact_at is None):
        return "contact"
    if "advance" in actions:
        return "move"
    return "notes"


def action_groups(household: Household, actions: list, *, failed: set[str]) -> list[dict]:
    """The actions (name, title, form) in their groups, the likely next first; it and any with an error open."""
    by_name = {action[0]: action for action in actions}
    first = likely_next(household, list(by_name))
    groups = []
    for key, title, names in ACTION_GROUPS:
        members = [by_name[name] for name in names if name in by_name]
        if members:
            is_open = key == first or any(name in failed for name, _, _ in members)
            groups.append({"key": key, "title": title, "actions": members, "open": is_open})
    return sorted(groups, key=lambda group: group["key"] != first)


def can_claim(household: Household, user) -> bool:
    """A member of a team may take an unassigned open household from their own team's queue."""
    staff = staff_member_for(user)
    return bool(
        staff
        and household.is_open
        and household.stage not in STAGES_BEFORE_ENQUIRY
        and household.assigned_to_id is None
        and household.team_id in staff.team_ids()
    )


def council_to_confirm(household: Household) -> bool:
    """Their council is to be confirmed, or they said another council than their postcode's."""
    return bool(household.council_stated) or household.council == Council.UNKNOWN


def household_actions(household: Household, user, *, pack_waiting: bool = False) -> list[str]:
    """The actions that make sense for this household now, in the order the page shows them."""
    if not household.is_open:
        return ["reopen", "call", "note", "merge"]
    if household.stage in STAGES_BEFORE_ENQUIRY:
        # Known, not a case (a family at a family event): nothing to move, give out, time or close.
        return ["call", "note", "merge"]
    recruitment = household.service == EnquiryType.ADOPTING
    actions = ["council"] if council_to_confirm(household) else []
    # The printed pack and the flags are about adopting; the other services' cases have neither.
    actions += ["call", "note"] if pack_waiting or not recruitment else ["call", "note", "pack"]
    if recruitment and household.email:
        # Only an adopting case's applicant has their own page, where messages and requests for documents show.
        actions += ["message", "document"]
    if allowed_moves(household):
        actions.append("advance")
    if can_claim(household, user):
        actions.append("claim")
    actions.append("assign")
    if household.team and household.team.is_central and household.council in PARTNER_COUNCILS:
        actions.append("handover")
    if recruitment:
        actions.append("flags")
    if household.clock_id:
        actions.append("extend")
    return [*actions, "close", "merge"]


def action_form(name: str, *, household: Household, user, data=None):
    """The form for one action, bound to ``data`` when it was just submitted."""
    if name in FAMILY_FINDING_TITLES:
        return family_finding_form(name, household=household, data=data)
    kwargs = {"data": data, "prefix": name}
    if name == "call":
        return LogCallForm(**kwargs)
    if name == "note":
        return NoteForm(**kwargs)
    if name == "advance":
        return AdvanceForm(moves=allowed_moves(household), **kwargs)
    if name == "assign":
        current = str(household.assigned_to_id) if household.assigned_to_id else ""
        return AssignForm(assignable=staff_assignable_by(user), initial={"assign_to": current}, **kwargs)
    if name == "close":
        return CloseForm(reasons=closure_choices(household), **kwargs)
    if name == "reopen":
        return ReopenForm(**kwargs)
    if name == "flags":
        initial = {"fast_track": household.fast_track, "early_permanence": household.early_permanence}
        return FlagsForm(initial=initial, **kwargs)
    if name == "extend":
        return ExtendClockForm(**kwargs)
    if name == "merge":
        return MergeFindForm(**kwargs)
    if name == "council":
        # Nothing chosen for them: saving what they said, unchecked, is the mistake this is here to stop.
        return CouncilForm(**kwargs)
    if name == "handover":
        return HandOverForm(**kwargs)
    if name == "message":
        return MessageForm(**kwargs)
    if name == "document":
        return DocumentRequestForm(**kwargs)
    if name == "pack":
        initial = {"name": household.display_name, "postcode": household.postcode}
        return PrintedPackForm(initial=initial, **kwargs)
    return None


def merged_record_target(*, user, pk: int) -> Household | None:
    """Where a merged record's address should lead, if this user may see the record it went into."""
    merged_into = Household.objects.filter(pk=pk, merged_into__isnull=False).values_list(
        "merged_into", flat=True
    )
    return households_visible_to(user).filter(pk__in=merged_into).first()


class HouseholdView(CrmPageView):
    """Everything about one household: details, clock, next moves, timeline, and the actions."""

    template_name = "crm/admin/household.html"

    def get(self, request, pk: int):
        try:
            household = household_get(user=request.user, pk=pk)
        except Http404:
            if target := merged_record_target(user=request.user, pk=pk):
                messages.info(request, f"That record was merged into {target.reference}, shown here.")
                return redirect(household_url(target.pk))
            raise
        household_opened(household=household, request=request)
        return self.render_page(household)

    def render_page(self, household: Household, *, bound: dict | None = None) -> TemplateResponse:
        self.household = household
        self.bound = bound or {}
        return self.render_to_response(self.get_context_data())

    def get_page_title(self):
        return f"{self.household.display_name} ({self.household.reference})"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        household, user = self.household, self.request.user
        printed_packs = list(household.printed_packs.order_by("-requested_at"))
        pack_waiting = any(pack.posted_at is None for pack in printed_packs)
        actions = household_actions(household, user, pack_waiting=pack_waiting)
        forms = {
            name: self.bound.get(name) or action_form(name, household=household, user=user)
            for name in actions
        }
        failed = [(name, form) for name, form in self.bound.items() if form.errors]
        shown = [(name, ACTION_TITLES[name], forms[name]) for name in actions]
        family_finding = family_finding_context(household, bound=self.bound)
        titles = {**ACTION_TITLES, **FAMILY_FINDING_TITLES}
        on_page = {*actions, *family_finding.get("names", ())}
        context.update(
            household=household,
            clock_state=clock_state(household),
            before_enquiry=household.stage in STAGES_BEFORE_ENQUIRY,
            # The next steps, those recorded with a child's link (under Family finding) included.
            moves=[Stage(stage).label for stage in allowed_moves(household, recorded_by=LINKS)],
            actions=shown,
            action_groups=action_groups(household, shown, failed={name for name, _ in failed}),
            failed=[(name, titles[name], form, name in on_page) for name, form in failed],
            family_finding=family_finding,
            timeline=household_timeline(household=household),
            stage_changes=household.stage_changes.select_related("by").order_by(
                "-effective_at", "-recorded_at"
            ),
            enquiries=household.enquiries.select_related("logged_by").order_by("-received_at"),
            bookings=household.bookings.select_related("event").order_by("-created_at"),
            consents=household.consents.order_by("-recorded_at"),
            extensions=household.clock_extensions.select_related("clock", "by"),
            interest_labels=[INTEREST_LABELS.get(value, value) for value in household.interests],
            recruitment=household.service == EnquiryType.ADOPTING,
            service_details=service_details_display(household),
            support=support_responsibility(household),
            merged=household.merged.all(),
            printed_packs=printed_packs,
            registration=registration_staff_summary(household),
            applicant_messages=list(household.applicant_messages.select_related("author")),
            document_requests=household_document_requests(household=household),
            documents=household_documents(household=household),
            surveys=household_surveys(household=household),
        )
        if self.request.method == "GET":
            messages_mark_read(household=household, by_applicant=False)
        return context


class HouseholdActionView(HouseholdView):
    """One action on a household: POST only, one service call, then back to the household page."""

    http_method_names = ["post"]
    action = ""

    def post(self, request, pk: int):
        household = household_get(user=request.user, pk=pk)
        form = action_form(self.action, household=household, user=request.user, data=request.POST)
        if form.is_valid():
            try:
                message = self.perform(household, form.cleaned_data)
            except PipelineError as error:
                form.add_error(None, str(error))
            else:
                return self.done(household, message)
        return self.render_page(household, bound={self.action: form})

    def done(self, household: Household, message: str):
        """Back to the household page; or, once it has been handed to a team they are not in, to their queue."""
        if households_visible_to(self.request.user).filter(pk=household.pk).exists():
            messages.success(self.request, message)
            return redirect(household_url(household.pk))
        team = str(Household.objects.select_related("team").get(pk=household.pk).team or "managers")
        messages.success(
            self.request, message if team in message else f"{message} It is now with the {team}."
        )
        return redirect("crm_households")

    def perform(self, household: Household, data: dict) -> str:
        raise NotImplementedError


class LogCallView(HouseholdActionView):
    action = "call"

    def perform(self, household, data):
        household_log_call(
            household=household,
            by=self.request.user,
            at=data["at"],
            reached=data["reached"],
            summary=data["summary"],
            notes=data["notes"],
        )
        return "Call logged."


class AddNoteView(HouseholdActionView):
    action = "note"

    def perform(self, household, data):
        household_add_note(household=household, by=self.request.user, text=data["text"])
        return "Note added."


class AdvanceView(HouseholdActionView):
    action = "advance"

    def perform(self, household, data):
        household_advance(
            household=household,
            to_stage=data["to_stage"],
            by=self.request.user,
            effective_at=data["effective_at"],
            note=data["note"],
        )
        return f"Moved on to {Stage(data['to_stage']).label.lower()}."


class AssignView(HouseholdActionView):
    action = "assign"

    def perform(self, household, data):
        staff = data["assign_to"]
        household_assign(household=household, staff=staff, by=self.request.user)
        return f"Assigned to {staff}." if staff else "Returned to the team queue."


class ClaimView(HouseholdActionView):
    """'Assign to me': only while the household is still unassigned in the person's own team."""

    action = "claim"

    def post(self, request, pk: int):
        household = household_get(user=request.user, pk=pk)
        if not can_claim(household, request.user):
            who = household.assigned_to or "nobody in your team"
            messages.error(request, f"You cannot take this household: it is assigned to {who}.")
            return redirect(household_url(household.pk))
        staff = staff_member_for(request.user)
        household_assign(household=household, staff=staff, by=request.user)
        messages.success(request, "This household is now yours.")
        return redirect(household_url(household.pk))


class CloseView(HouseholdActionView):
    action = "close"

    def perform(self, household, data):
        household_close(
            household=household,
            reason=data["reason"],
            by=self.request.user,
            effective_at=data["effective_at"],
            note=data["note"],
        )
        return "Case closed."


class ReopenView(HouseholdActionView):
    action = "reopen"

    def perform(self, household, data):
        household_reopen(household=household, by=self.request.user, note=data["note"])
        return "Case reopened."


class FlagsView(HouseholdActionView):
    action = "flags"

    def perform(self, household, data):
        household_set_flags(
            household=household,
            by=self.request.user,
            fast_track=data["fast_track"],
            early_permanence=data["early_permanence"],
        )
        return "Flags saved."


class ExtendClockView(HouseholdActionView):
    action = "extend"

    def perform(self, household, data):
        household_extend_clock(
            household=household, due_on=data["due_on"], reason=data["reason"], by=self.request.user
        )
        return f"Due date moved to {data['due_on']:%d %B %Y}."


class PrintedPackView(HouseholdActionView):
    action = "pack"

    def perform(self, household, data):
        printed_pack_request(household=household, by=self.request.user, **data)
        return "The printed pack is on the print list."


class CouncilView(HouseholdActionView):
    action = "council"

    def perform(self, household, data):
        try:
            household_council_set(
                household=household, council=data["council"], by=self.request.user, why=data["why"]
            )
        except RoutingError as error:
            raise PipelineError(str(error)) from error
        household.refresh_from_db()
        team = f", with the {household.team}" if household.team else ""
        return f"Council saved: {household.get_council_display()}{team}."


class HandOverView(HouseholdActionView):
    action = "handover"

    def perform(self, household, data):
        try:
            team = household_hand_over(household=household, by=self.request.user)
        except RoutingError as error:
            raise PipelineError(str(error)) from error
        return f"Handed over to the {team}."


class MessageView(HouseholdActionView):
    action = "message"

    def perform(self, household, data):
        message_from_worker(household=household, by=self.request.user, body=data["body"])
        return "Message sent. They are emailed that it has come, and read it on their own page."


class MergeView(HouseholdView):
    """Merge a duplicate into this record: find it (GET), check both side by side, then confirm (POST)."""

    confirm_template_name = "crm/admin/merge_confirm.html"

    def get(self, request, pk: int):
        household = household_get(user=request.user, pk=pk)
        form = MergeFindForm(request.GET, prefix="merge")
        other = self.other(household, form)
        if other is None:
            return self.render_page(household, bound={"merge": form})
        self.household, self.other_household = household, other
        audit_record(
            action=AuditEvent.Action.VIEW,
            target=[household, other],
            request=request,
            summary=f"Compared for merging: {other.reference} into {household.reference}",
        )
        context = WagtailAdminTemplateMixin.get_context_data(self)
        context.update(
            household=household,
            records=[("Keep this record", household), ("Merge in and close this one", other)],
            form=MergeConfirmForm(initial={"other": other.pk}),
        )
        return TemplateResponse(request, self.confirm_template_name, context)

    def post(self, request, pk: int):
        household = household_get(user=request.user, pk=pk)
        form = MergeConfirmForm(request.POST)
        if not form.is_valid():
            messages.error(request, "The merge was not confirmed. Find the other record again.")
            return redirect(household_url(household.pk))
        other = household_get(user=request.user, pk=form.cleaned_data["other"])
        try:
            households_merge(keep=household, remove=other, by=request.user)
        except PipelineError as error:
            messages.error(request, str(error))
            return redirect(household_url(household.pk))
        messages.success(request, f"{other.reference} ({other.display_name}) was merged into this record.")
        return redirect(household_url(household.pk))

    def other(self, household: Household, form: MergeFindForm) -> Household | None:
        if not form.is_valid():
            return None
        pk = form.cleaned_data["other"]
        if pk == household.pk:
            form.add_error("other", "That is this record. Enter the reference of the duplicate.")
            return None
        try:
            return household_get(user=self.request.user, pk=pk)
        except Http404:
            form.add_error("other", f"There is no record APSE-{pk:06d} that you can see.")
            return None

    def get_page_title(self):
        if getattr(self, "other_household", None):
            return f"Merge {self.other_household.reference} into {self.household.reference}"
        return super().get_page_title()

    def get_breadcrumbs_items(self):
        items = super().get_breadcrumbs_items()
        if not getattr(self, "other_household", None):
            return items
        crumb = {"url": household_url(self.household.pk), "label": self.household.display_name}
        return [*items[:-1], crumb, items[-1]]
