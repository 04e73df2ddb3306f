"""Family finding in the admin: the actions of the household page's "Family finding" section, and the list
of families waiting to be matched.

Each action posts to its own address, validates its form and calls one service in
``crm.services.matching``; a refusal shows the page again with the message beside the form and what was
typed kept (``HouseholdActionView``). The household is found through ``household_get``, so only those who
may see the household in full can act on it.

The list of families waiting (``family_finding_pool``) is what family finders work from: every waiting
approved family's matching profile across the three councils, and a name and contact details only for
the families the person may see in full.
"""

from django.core.paginator import Paginator

from crm.forms_matching import PoolFilterForm
from crm.models import AuditEvent, Household
from crm.selectors import PoolFilters, is_family_finder, pool_entries, pool_filtered, sees_everything
from crm.services import (
    link_create,
    link_end,
    link_fostering,
    link_match,
    link_order,
    link_place,
    matching_profile_save,
)
from crm.services.matching import day_text
from crm.services.privacy import audit_record

from .households_common import CrmPageView
from .households_page import HouseholdActionView

PAGE_SIZE = 50


class ProfileView(HouseholdActionView):
    action = "profile"

    def perform(self, household, data):
        matching_profile_save(household=household, by=self.request.user, **data)
        return "Matching profile saved."


class LinkView(HouseholdActionView):
    action = "link"

    def perform(self, household, data):
        link = link_create(household=household, by=self.request.user, **data)
        return f"Link with child {link.child_reference} recorded: they are now linked with a child."


class MatchView(HouseholdActionView):
    action = "match"

    def perform(self, household, data):
        link_match(household=household, by=self.request.user, **data)
        return f"Match recorded: matching panel on {day_text(data['matched_on'])}."


class PlaceView(HouseholdActionView):
    action = "place"

    def perform(self, household, data):
        link_place(household=household, by=self.request.user, **data)
        return f"Placement recorded: the child moved in on {day_text(data['placed_on'])}."


class OrderView(HouseholdActionView):
    action = "order"

    def perform(self, household, data):
        link_order(household=household, by=self.request.user, **data)
        return f"Adoption order recorded, made on {day_text(data['order_on'])}."


class FosteringView(HouseholdActionView):
    action = "fostering"

    def perform(self, household, data):
        link_fostering(household=household, by=self.request.user, **data)
        return "Early permanence dates saved."


class EndLinkView(HouseholdActionView):
    action = "endlink"

    def perform(self, household, data):
        link_end(household=household, by=self.request.user, **data)
        return "Link ended: they are waiting for family finding again."


class PoolView(CrmPageView):
    """Families waiting to be matched: each one's matching profile, longest waiting first."""

    template_name = "crm/admin/family_finding_pool.html"
    page_title = "Families waiting"
    header_icon = "group"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        form = PoolFilterForm(self.request.GET or None)
        data = form.cleaned_data if form.is_valid() else {}
        filters = PoolFilters(
            council=data.get("council", ""),
            age_band=data.get("age_band", ""),
            siblings=bool(data.get("siblings")),
            early_permanence=bool(data.get("early_permanence")),
        )
        page = Paginator(pool_filtered(user, filters), PAGE_SIZE).get_page(self.request.GET.get("p"))
        entries = pool_entries(user, page.object_list)
        if entries:
            audit_record(
                action=AuditEvent.Action.VIEW,
                target=[Household(pk=entry.pk) for entry in entries],
                request=self.request,
                summary="Shown in the families waiting list (matching profile)",
            )
        query = self.request.GET.copy()
        query.pop("p", None)
        context.update(
            form=form,
            page_obj=page,
            entries=entries,
            query=query.urlencode(),
            across_councils=sees_everything(user) or is_family_finder(user),
        )
        return context
