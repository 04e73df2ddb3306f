"""The print list: printed information packs waiting to be posted, for whoever does the post.

Each person sees the packs of the households they may see (``crm.selectors.printed_packs_waiting``).
They can download the addresses for labels (an audited export), and tick the packs they posted.
"""

from django.shortcuts import redirect
from django.urls import reverse

from wagtail.admin import messages

from core.exports import csv_response
from crm.selectors import printed_packs_waiting
from crm.services import audit_export, printed_packs_mark_posted

from .households_common import CrmPageView, household_url

TITLE = "Printed packs to post"
LABEL_HEADER = (
    "Reference",
    "Name",
    "Address line 1",
    "Address line 2",
    "Address line 3",
    "Address line 4",
    "Address line 5",
    "Address line 6",
    "Postcode",
    "Asked for",
)


class PrintedPacksView(CrmPageView):
    template_name = "crm/admin/printed_packs.html"
    page_title = TITLE

    def get(self, request):
        packs = list(printed_packs_waiting(request.user))
        if request.GET.get("format") == "csv":
            return self.labels(packs)
        return self.render_to_response(self.get_context_data(packs=packs))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["rows"] = [(pack, household_url(pack.household_id)) for pack in kwargs["packs"]]
        return context

    def labels(self, packs):
        audit_export(
            request=self.request,
            what=TITLE,
            rows=len(packs),
            household_ids=[pack.household_id for pack in packs],
        )
        rows = [
            (
                pack.household.reference,
                pack.name,
                *(pack.address.splitlines() + [""] * 6)[:6],
                pack.postcode,
                pack.requested_at.date(),
            )
            for pack in packs
        ]
        return csv_response(title="printed-packs-to-post", header=LABEL_HEADER, rows=rows)

    def post(self, request):
        ids = [value for value in request.POST.getlist("pack") if value.isdigit()]
        if not ids:
            messages.error(request, "Tick the packs you have posted, then press “Mark as posted”.")
            return redirect(reverse("crm_printed_packs"))
        count = printed_packs_mark_posted(user=request.user, pack_ids=[int(value) for value in ids])
        if count:
            noun = "pack" if count == 1 else "packs"
            messages.success(request, f"{count} printed {noun} marked as posted.")
        else:
            messages.info(request, "Those packs were already marked as posted.")
        return redirect(reverse("crm_printed_packs"))
