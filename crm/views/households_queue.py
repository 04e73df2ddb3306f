"""The triage queue, bulk assignment, a worker's availability, and logging a phone or email enquiry."""

import re
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db.models import Case, Exists, F, IntegerField, OuterRef, Q, QuerySet, Value, When
from django.db.models.functions import Replace
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views import View

from wagtail.admin import messages

from core.redirects import redirect_back
from crm.forms_admin import AvailabilityForm, BulkAssignForm, EnquiryLogForm, QueueFilterForm
from crm.models import PARTNER_COUNCILS, STAGE_ORDER, Enquiry, Household
from crm.postcodes import phone_normalise
from crm.selectors import (
    TRIAGE_TABS,
    clock_state,
    households_visible_to,
    sees_everything,
    staff_assignable_by,
    staff_member_for,
    triage_counts,
    triage_queue,
)
from crm.services import EnquiryError, enquiry_create, household_assign, staff_set_away

from .households_common import CrmPageView, PeopleOnlyMixin, household_url

PAGE_SIZE = 25
REFERENCE_RE = re.compile(r"^APSE\s*-?\s*(\d+)$", re.IGNORECASE)
STAGE_POSITION = Case(
    *(When(stage=stage, then=Value(position)) for stage, position in STAGE_ORDER.items()),
    output_field=IntegerField(),
)
# Each sortable column: its label and the fields it sorts by, in order.
SORTS = {
    "name": ("Name", ("last_name", "first_name")),
    "council": ("Council", ("council",)),
    "stage": ("Stage", ("stage_position",)),
    "assigned": ("Assigned to", ("assigned_to__user__first_name", "assigned_to__user__last_name")),
    "due": ("Due", ("due_on",)),
    "last_enquiry": ("Last enquiry", ("last_enquiry_at",)),
}
DEFAULT_SORT = "due"


def queue_search(households: QuerySet[Household], text: str) -> QuerySet[Household]:
    """Partial, case-insensitive search over names, email, postcode, phone digits and the reference.

    Every word must match a name, the email or the postcode; or the whole text matches the postcode
    without spaces, or the phone number once both are reduced to digits.
    """
    text = text.strip()
    if not text:
        return households
    if match := REFERENCE_RE.match(text):
        return households.filter(pk=int(match.group(1)))
    words = Q()
    for word in text.split():
        words &= (
            Q(first_name__icontains=word)
            | Q(last_name__icontains=word)
            | Q(partner_first_name__icontains=word)
            | Q(partner_last_name__icontains=word)
            | Q(email__icontains=word)
            | Q(postcode__icontains=word)
        )
    condition = words | Q(postcode_compact__icontains="".join(text.split()))
    digits = phone_normalise(text)
    if len(digits) >= 4:
        condition |= Q(phone__contains=digits)
    return households.annotate(postcode_compact=Replace("postcode", Value(" "), Value(""))).filter(condition)


def queue_filter(households: QuerySet[Household], filters: dict) -> QuerySet[Household]:
    if filters.get("service"):
        households = households.filter(service=filters["service"])
    if filters.get("council"):
        households = households.filter(council=filters["council"])
    if filters.get("stage"):
        households = households.filter(stage=filters["stage"])
    if filters.get("source"):
        households = households.filter(
            Exists(Enquiry.objects.filter(household=OuterRef("pk"), source=filters["source"]))
        )
    if filters.get("received_from"):
        households = households.filter(first_enquiry_at__date__gte=filters["received_from"])
    if filters.get("received_to"):
        households = households.filter(first_enquiry_at__date__lte=filters["received_to"])
    return queue_search(households, filters.get("q", ""))


def queue_order(households: QuerySet[Household], sort: str) -> QuerySet[Household]:
    key = sort.removeprefix("-")
    fields = SORTS[key][1]
    descending = sort.startswith("-")
    ordering = [
        F(name).desc(nulls_last=True) if descending else F(name).asc(nulls_last=True) for name in fields
    ]
    return households.annotate(stage_position=STAGE_POSITION).order_by(*ordering, "-last_enquiry_at", "pk")


class QueueView(CrmPageView):
    """One queue for every enquiry, whichever door it came through: tabs, filters, search, sorting."""

    template_name = "crm/admin/queue.html"
    page_title = "Enquiries"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        request, user = self.request, self.request.user
        default_tab = "all" if sees_everything(user) else "mine"
        tab = request.GET.get("tab", default_tab)
        tab = tab if tab in TRIAGE_TABS else default_tab
        sort = request.GET.get("sort", DEFAULT_SORT)
        sort = sort if sort.removeprefix("-") in SORTS else DEFAULT_SORT

        filter_form = QueueFilterForm(request.GET or None)
        filters = filter_form.cleaned_data if filter_form.is_valid() else {}
        if filter_form.is_bound and not filter_form.is_valid():
            # Keep the valid filters and explain the others beside their fields.
            filters = {name: value for name, value in filter_form.cleaned_data.items() if value}

        households = queue_order(queue_filter(triage_queue(user=user, tab=tab), filters), sort)
        counts = triage_counts(user=user)
        paginator = Paginator(households, PAGE_SIZE)
        if not any(filters.values()):
            # The tab's count is this listing's count: no need to count it twice.
            paginator.count = counts[tab]
        page = paginator.get_page(request.GET.get("p"))
        today = timezone.localdate()
        for household in page.object_list:
            household.clock_state = clock_state(household, today)

        staff = staff_member_for(user)
        # The filters beside the search box stay folded away unless one is in use or needs correcting.
        filters_in_use = sum(1 for name, value in filters.items() if name != "q" and value)
        context.update(
            tab=tab,
            tabs=self.tabs(tab, counts),
            sort=sort,
            columns=self.columns(sort),
            filter_form=filter_form,
            filters_in_use=filters_in_use,
            filters_open=bool(filters_in_use or (filter_form.is_bound and filter_form.errors)),
            is_filtering=any(filters.values()),
            page_obj=page,
            households=page.object_list,
            elided_page_range=page.paginator.get_elided_page_range(page.number),
            bulk_form=BulkAssignForm(assignable=staff_assignable_by(user), prefix="bulk"),
            staff=staff,
            availability_form=AvailabilityForm(initial={"away": "0" if staff and staff.is_away else "1"})
            if staff
            else None,
            next_url=request.get_full_path(),
        )
        return context

    def tabs(self, current: str, counts: dict[str, int]) -> list[dict]:
        tabs = []
        for key, label in TRIAGE_TABS.items():
            tabs.append(
                {
                    "key": key,
                    "label": label,
                    "count": counts[key],
                    "url": "?" + urlencode({"tab": key}),
                    "current": key == current,
                }
            )
        return tabs

    def columns(self, sort: str) -> list[dict]:
        """Column headings that sort the listing, keeping the tab, filters and search."""
        params = self.request.GET.copy()
        params.pop("p", None)
        columns = []
        for key, (label, _fields) in SORTS.items():
            state = "ascending" if sort == key else "descending" if sort == f"-{key}" else ""
            params["sort"] = f"-{key}" if state == "ascending" else key
            columns.append({"key": key, "label": label, "url": "?" + params.urlencode(), "aria_sort": state})
        return columns


class BulkAssignView(PeopleOnlyMixin, View):
    """Give the ticked households to one person. Rows this user cannot see are ignored."""

    http_method_names = ["post"]

    def post(self, request):
        form = BulkAssignForm(request.POST, assignable=staff_assignable_by(request.user), prefix="bulk")
        if not form.is_valid():
            messages.error(request, " ".join(error for errors in form.errors.values() for error in errors))
            return redirect_back(request, default=reverse("crm_households"))
        staff = form.cleaned_data["assign_to"]
        households = (
            households_visible_to(request.user).active().filter(pk__in=form.cleaned_data["households"])
        )
        count = 0
        for household in households.select_related("team"):
            household_assign(household=household, staff=staff, by=request.user)
            count += 1
        who = str(staff) if staff else "the team queue"
        noun = "household" if count == 1 else "households"
        messages.success(request, f"{count} {noun} assigned to {who}.")
        return redirect_back(request, default=reverse("crm_households"))


class AvailabilityView(PeopleOnlyMixin, View):
    """A worker says they are away (no new enquiries) or back."""

    http_method_names = ["post"]

    def post(self, request):
        staff = staff_member_for(request.user)
        form = AvailabilityForm(request.POST)
        if staff is None:
            messages.error(request, "Only members of a recruitment team can set their availability.")
            return redirect_back(request, default=reverse("crm_households"))
        if not form.is_valid():
            messages.error(request, "Choose whether you are away or back.")
            return redirect_back(request, default=reverse("crm_households"))
        away = form.cleaned_data["away"]
        staff_set_away(staff=staff, away=away, by=request.user)
        if away:
            messages.success(request, "You are marked as away. New enquiries go to the rest of your team.")
        else:
            messages.success(request, "Welcome back. New enquiries can come to you again.")
        return redirect_back(request, default=reverse("crm_households"))


class EnquiryLogView(CrmPageView):
    """Log a phone call or email to the front door: one form, one click to save."""

    template_name = "crm/admin/enquiry_new.html"
    page_title = "Log an enquiry"
    header_icon = "plus"

    def get(self, request):
        return self.render_to_response(self.get_context_data(form=EnquiryLogForm()))

    def post(self, request):
        form = EnquiryLogForm(request.POST)
        if form.is_valid():
            try:
                enquiry = enquiry_create(
                    source=form.cleaned_data["source"],
                    details=form.details(),
                    submission_key=form.cleaned_data["submission_key"],
                    logged_by=request.user,
                )
            except EnquiryError as error:
                form.add_error(None, str(error))
            else:
                return self.logged(enquiry)
        messages.error(request, "The enquiry was not saved. Check the highlighted answers.")
        return self.render_to_response(self.get_context_data(form=form))

    def logged(self, enquiry: Enquiry):
        """Confirm the enquiry was taken. Where it went is said only if this person may see that household.

        An email or phone number may match a family in another council's care; a worker who may not
        see them learns nothing about them here: no names, reference, team or worker, only that the
        enquiry reached the team that looks after them.
        """
        household = Household.objects.select_related("team", "assigned_to__user").get(pk=enquiry.household_id)
        if households_visible_to(self.request.user).filter(pk=household.pk).exists():
            messages.success(
                self.request, f"Enquiry logged for {household.display_name}. {self.where(household)}"
            )
            return redirect(household_url(household.pk))
        messages.success(
            self.request,
            "Enquiry logged. It has gone to the team that looks after them, so it is not in your queue.",
        )
        return redirect("crm_households")

    @staticmethod
    def where(household: Household) -> str:
        if household.council not in PARTNER_COUNCILS:
            return "They live outside Kent, Medway and Bexley, so it went to the central queue."
        team = household.team.name if household.team else "the team queue"
        if household.assigned_to:
            return f"It went to the {team} and is assigned to {household.assigned_to}."
        return f"It is waiting in the {team} queue."
