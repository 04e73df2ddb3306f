"""A household's registration of interest, for staff: the answers it was sent with, and a PDF of them.

The answers hold health and conviction details, so they are on a page of their own, opened from the
household page, and each opening and each download is in the audit trail. Until the applicant sends
it, staff see only how far they have got ("Started online, step 3 of 7"), never the answers.
"""

from django.http import HttpResponse
from django.shortcuts import redirect

from wagtail.admin import messages

from crm.registration_pdf import PdfUnavailable, registration_pdf, registration_pdf_filename
from crm.selectors import household_get
from crm.selectors.registrations import registration_sections, registration_staff_summary
from crm.services.registrations import registration_looked_at

from .households_common import CrmPageView, household_url


class RegistrationView(CrmPageView):
    template_name = "crm/admin/registration.html"

    def get(self, request, pk: int):
        self.household = household_get(user=request.user, pk=pk)
        self.summary = registration_staff_summary(self.household)
        sections = []
        if self.summary and self.summary.registration.is_submitted:
            registration_looked_at(registration=self.summary.registration, request=request)
            sections = [(section, "") for section in registration_sections(self.summary.registration)]
        self.sections = sections
        return self.render_to_response(self.get_context_data())

    def get_page_title(self):
        return f"Registration of interest: {self.household.display_name} ({self.household.reference})"

    def get_breadcrumbs_items(self):
        items = super().get_breadcrumbs_items()
        crumb = {"url": household_url(self.household.pk), "label": self.household.display_name}
        return [*items[:-1], crumb, items[-1]]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(household=self.household, summary=self.summary, sections=self.sections)
        return context


class RegistrationPdfView(CrmPageView):
    """The sent registration as a PDF (an audited export); before it is sent there is nothing to download."""

    def get(self, request, pk: int):
        household = household_get(user=request.user, pk=pk)
        summary = registration_staff_summary(household)
        if summary is None or not summary.registration.is_submitted:
            messages.error(request, "There is no registration of interest sent online to download yet.")
            return redirect(household_url(household.pk))
        registration = summary.registration
        try:
            content = registration_pdf(registration, for_staff=True)
        except PdfUnavailable:
            messages.error(
                request,
                "The PDF cannot be made on this server just now (WeasyPrint's system libraries are missing). "
                "The answers are on this page.",
            )
            return redirect("crm_household_registration", pk=household.pk)
        registration_looked_at(registration=registration, request=request, pdf=True)
        response = HttpResponse(content, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{registration_pdf_filename(registration)}"'
        response["Cache-Control"] = "private, no-store"
        return response
