"""Documents on the household page: asking for one, downloading one and deleting one.

Each reaches the document only through a household the member of staff may see
(``crm.selectors.document_get``), so another team's family's document is the same 404 as the
family itself, and the refusal is recorded. Downloads are streamed from private storage as an
attachment, never shown in the browser and never kept by a cache; each is in the audit trail.
"""

from django.shortcuts import redirect
from django.views import View

from wagtail.admin import messages

from crm.selectors import document_get
from crm.services import PipelineError
from crm.services.documents import DocumentError, document_delete, document_request_create

from .document_download import document_response
from .households_common import CrmPageView, PeopleOnlyMixin, household_url
from .households_page import HouseholdActionView


class DocumentRequestView(HouseholdActionView):
    action = "document"

    def perform(self, household, data):
        try:
            wanted = document_request_create(
                household=household,
                kind=data["kind"],
                label=data["label"],
                note=data["note"],
                by=self.request.user,
            )
        except DocumentError as error:
            raise PipelineError(str(error)) from error
        return f"Asked for: {wanted.title}. It shows on their page until they send it."


class DocumentDownloadView(PeopleOnlyMixin, View):
    http_method_names = ["get"]

    def get(self, request, pk: int):
        document = document_get(user=request.user, pk=pk)
        return document_response(document=document, by=request.user, request=request)


class DocumentDeleteView(CrmPageView):
    """Asks first (GET), then deletes the document and its file (POST)."""

    template_name = "crm/admin/document_delete.html"

    def get(self, request, pk: int):
        self.document = document_get(user=request.user, pk=pk)
        return self.render_to_response(self.get_context_data(document=self.document))

    def post(self, request, pk: int):
        document = document_get(user=request.user, pk=pk)
        household_pk, name = document.household_id, document.original_name
        document_delete(document=document, by=request.user)
        messages.success(request, f"{name} was deleted.")
        return redirect(household_url(household_pk) + "#documents")

    def get_page_title(self):
        return f"Delete {self.document.original_name}"

    def get_breadcrumbs_items(self):
        items = super().get_breadcrumbs_items()
        household = self.document.household
        crumb = {"url": household_url(household.pk), "label": household.display_name}
        return [*items[:-1], crumb, items[-1]]
