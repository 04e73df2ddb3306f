"""The information pack's PDF: made from the published page by a Celery task, never in a request.

``pack_pdf_make`` renders the live revision through ``templates/website/information_pack_pdf.html``
with WeasyPrint as a tagged PDF (PDF/UA-1: a title, the page's language, headings as bookmarks,
text that can be selected and read aloud) and stores it once per revision; running it twice makes
nothing new. WeasyPrint fetches only this site's own files (uploaded images and static files, read
from storage): any other address in the content is left out rather than fetched, so making a PDF
never sends a request anywhere. https://doc.courtbouillon.org/weasyprint/stable/first_steps.html
"""

import logging
import mimetypes
import time
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from website.models import InformationPackPage, InformationPackPdf

logger = logging.getLogger(__name__)

PDF_VARIANT = "pdf/ua-1"
MISSING_LIBRARIES = "WeasyPrint needs: apt-get install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0"


class NotOurFile(ValueError):
    """An address in the pack that is not one of this site's own files."""


def _local_file(url: str) -> tuple[bytes, str]:
    """The bytes of one of the site's own files at ``url`` (an upload or a static file)."""
    address = unquote(urlsplit(url).path)
    media_url, static_url = settings.MEDIA_URL, settings.STATIC_URL
    if media_url and address.startswith(media_url):
        name = address[len(media_url) :]
        if ".." in name.split("/"):
            raise NotOurFile(url)
        with default_storage.open(name) as handle:
            return handle.read(), name
    if static_url and address.startswith(static_url):
        found = finders.find(address[len(static_url) :])
        if not found:
            raise NotOurFile(url)
        with open(found, "rb") as handle:
            return handle.read(), found
    raise NotOurFile(url)


def own_files_fetcher(weasyprint):
    """A WeasyPrint fetcher that reads this site's files from storage and fetches nothing from elsewhere."""

    class OwnFilesFetcher(weasyprint.URLFetcher):
        def fetch(self, url, headers=None):
            content, name = _local_file(url)
            kind = mimetypes.guess_type(name)[0] or "application/octet-stream"
            return weasyprint.urls.URLFetcherResponse(url, body=content, headers={"Content-Type": kind})

    return OwnFilesFetcher(allowed_protocols=())


def pdf_html(page: InformationPackPage) -> str:
    site = page.get_site()
    context = {"page": page, "root_url": site.root_url if site else "", **page.get_pack_context()}
    return render_to_string("website/information_pack_pdf.html", context)


def pdf_bytes(page: InformationPackPage) -> bytes:
    # Imported here: WeasyPrint needs Pango from the operating system, which only the worker uses.
    import weasyprint

    site = page.get_site()
    document = weasyprint.HTML(
        string=pdf_html(page),
        base_url=(site.root_url if site else "") + "/",
        url_fetcher=own_files_fetcher(weasyprint),
    )
    return document.write_pdf(pdf_variant=PDF_VARIANT)


def _fresh(made: InformationPackPdf | None) -> bool:
    """Made today: the next information events it lists are still the next ones."""
    return bool(made and made.file and timezone.localdate(made.made_at) == timezone.localdate())


def pack_pdf_make(*, page_id: int, revision_id: int) -> InformationPackPdf | None:
    """Make and store the PDF of this revision of the pack, unless today's is made or it is no longer live.

    The PDF lists the next information events, so a day-old one is made again (by the sweep).
    """
    page = InformationPackPage.objects.live().filter(pk=page_id).first()
    if page is None or page.live_revision_id != revision_id:
        return None
    made = InformationPackPdf.objects.filter(page=page, revision_id=revision_id).first()
    if _fresh(made):
        return made
    started = time.monotonic()
    try:
        content = pdf_bytes(page)
    except OSError as error:  # WeasyPrint could not load Pango: the page is still there, without a PDF
        logger.error("Information pack PDF not made: %s (%s)", error, MISSING_LIBRARIES)
        return None
    seconds = time.monotonic() - started
    name = f"apse-information-pack-r{revision_id}-{timezone.localdate():%Y%m%d}.pdf"
    try:
        with transaction.atomic():
            made, _ = InformationPackPdf.objects.select_for_update().get_or_create(
                page=page, revision_id=revision_id
            )
            if _fresh(made):
                return made  # another worker made it at the same moment
            old_name = made.file.name
            made.file.save(name, ContentFile(content), save=False)
            made.size, made.seconds_taken, made.made_at = len(content), seconds, timezone.now()
            made.save()
            if old_name and old_name != made.file.name:
                transaction.on_commit(lambda: default_storage.delete(old_name))
    except IntegrityError:
        return InformationPackPdf.objects.get(page=page, revision_id=revision_id)
    logger.info(
        "Information pack PDF made: revision %s, %s bytes in %.1f s", revision_id, len(content), seconds
    )
    return made


def packs_needing_pdf() -> list[tuple[int, int]]:
    """Live packs with no PDF of their live revision made today: (page id, revision id), for the sweep."""
    waiting = []
    for page in InformationPackPage.objects.live().exclude(live_revision=None):
        if not _fresh(page.pdfs.filter(revision_id=page.live_revision_id).first()):
            waiting.append((page.pk, page.live_revision_id))
    return waiting
