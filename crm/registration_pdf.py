"""A registration of interest as a PDF: for the applicant's own copy, and for staff.

Made on request from the answers (nothing is stored) with WeasyPrint, the same way as the information
pack's PDF (``website.information_pack``): a tagged PDF (PDF/UA-1: a title, the language, headings as
bookmarks, text that can be selected and read aloud). The page carries its own styles and asks for no
file, and the fetcher refuses any address, so making it never sends a request anywhere.
"""

import logging

from django.template.loader import render_to_string
from django.utils import timezone

from crm.models import RegistrationOfInterest
from crm.selectors.registrations import registration_sections

logger = logging.getLogger(__name__)

PDF_VARIANT = "pdf/ua-1"
MISSING_LIBRARIES = "WeasyPrint needs: apt-get install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0"


class PdfUnavailable(Exception):
    """The PDF cannot be made on this server (WeasyPrint's system libraries are missing)."""


def registration_pdf_html(registration: RegistrationOfInterest, *, for_staff: bool = False) -> str:
    household = registration.household
    return render_to_string(
        "crm/registration/pdf.html",
        {
            "registration": registration,
            "household": household,
            "sections": registration_sections(registration),
            "made_at": timezone.now(),
            "for_staff": for_staff,
        },
    )


def _refuse_every_address(weasyprint):
    class NoFetching(weasyprint.URLFetcher):
        def fetch(self, url, headers=None):
            raise ValueError(f"The registration PDF fetches nothing: {url}")

    return NoFetching(allowed_protocols=())


def registration_pdf(registration: RegistrationOfInterest, *, for_staff: bool = False) -> bytes:
    """The PDF's bytes. Raises ``PdfUnavailable`` where WeasyPrint cannot run."""
    try:
        # Imported here: WeasyPrint needs Pango from the operating system, and only this needs WeasyPrint.
        import weasyprint

        document = weasyprint.HTML(
            string=registration_pdf_html(registration, for_staff=for_staff),
            base_url="/",
            url_fetcher=_refuse_every_address(weasyprint),
        )
        return document.write_pdf(pdf_variant=PDF_VARIANT)
    except (OSError, ImportError) as error:
        logger.error("Registration of interest PDF not made: %s (%s)", error, MISSING_LIBRARIES)
        raise PdfUnavailable(str(error)) from error


def registration_pdf_filename(registration: RegistrationOfInterest) -> str:
    return f"registration-of-interest-{registration.household.reference}.pdf"
