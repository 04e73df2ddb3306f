"""Quarantine: submissions that looked like spam wait here for a person to release or reject them."""

from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.views import View

from wagtail.admin import messages

from crm.models import AuditEvent, Enquiry
from crm.selectors import enquiries_quarantined_visible_to, enquiry_quarantined_get
from crm.services import enquiry_mark_spam, enquiry_release
from crm.services.privacy import audit_record

from .households_common import CrmPageView, PeopleOnlyMixin

PAGE_SIZE = 25
STATUSES = {
    Enquiry.Status.QUARANTINED: "Waiting for a decision",
    Enquiry.Status.SPAM: "Confirmed as spam",
}


class QuarantineView(CrmPageView):
    template_name = "crm/admin/quarantine.html"
    page_title = "Quarantine"
    header_icon = "warning"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        status = self.request.GET.get("status", Enquiry.Status.QUARANTINED)
        status = status if status in STATUSES else Enquiry.Status.QUARANTINED
        enquiries = enquiries_quarantined_visible_to(self.request.user)
        page = Paginator(
            enquiries.filter(status=status).select_related("released_by").order_by("-received_at", "-pk"),
            PAGE_SIZE,
        ).get_page(self.request.GET.get("p"))
        if page.object_list:
            audit_record(
                action=AuditEvent.Action.VIEW,
                target=list(page.object_list),
                request=self.request,
                summary="Shown in the quarantine list",
            )
        context.update(
            status=status,
            tabs=[
                {
                    "key": key,
                    "label": label,
                    "current": key == status,
                    "count": enquiries.filter(status=key).count(),
                }
                for key, label in STATUSES.items()
            ],
            page_obj=page,
            enquiries=page.object_list,
            elided_page_range=page.paginator.get_elided_page_range(page.number),
        )
        return context


class QuarantineDecisionView(PeopleOnlyMixin, View):
    """Release a quarantined enquiry into the queue, or confirm it as spam. POST only."""

    http_method_names = ["post"]
    decision = ""

    def post(self, request, pk: int):
        enquiry = enquiry_quarantined_get(user=request.user, pk=pk)
        name = enquiry.data.get("first_name") or "the enquirer"
        if self.decision == "release":
            enquiry = enquiry_release(enquiry=enquiry, by=request.user)
            if enquiry.status == Enquiry.Status.RELEASED:
                messages.success(request, f"The enquiry from {name} was released into the queue.")
            else:
                messages.warning(request, f"The enquiry from {name} was not waiting in quarantine any more.")
        else:
            enquiry = enquiry_mark_spam(enquiry=enquiry, by=request.user)
            messages.success(
                request, f"The enquiry from {name} is confirmed as spam. It is kept, not routed."
            )
        return redirect("crm_quarantine")
