"""The information pack: one page marketing edits, read on the site and printed to a PDF.

The page's sections are the pack; each council's contact details (``CouncilContact``) and the next
three information events fill themselves in, on the page and in the PDF alike. The PDF is made by a
Celery task when the pack is published (``website.information_pack``), never in a request, and kept
as an ``InformationPackPdf`` for the revision it was made from, so an old PDF is never served as new.
"""

from django.db import models
from django.http import FileResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.search import index

from core.outbox import DONE, FAILED, PENDING, OutboxRow
from website.blocks.information_pack import PackSectionsBlock
from website.forms import InformationPackForm

from .mixins import BasePage

NEXT_EVENTS = 3
PDF_NAME = "APSE-information-pack.pdf"


class InformationPackPage(RoutablePageMixin, BasePage):
    intro = models.TextField(
        max_length=500,
        help_text="A welcome of a sentence or two, at the top of the page and the PDF's cover.",
    )
    sections = StreamField(PackSectionsBlock(), help_text="One section per topic, in the order to read them.")

    content_panels = BasePage.content_panels + [FieldPanel("intro"), FieldPanel("sections")]
    search_fields = BasePage.search_fields + [
        index.SearchField("intro", boost=2),
        index.SearchField("sections"),
    ]

    parent_page_types = ["website.HomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = "information pack"

    def get_next_events(self):
        from .events import EventPage, EventType

        return (
            EventPage.objects.live()
            .public()
            .filter(event_type=EventType.INFORMATION_EVENING, start__gte=timezone.now())
            .select_related("venue")
            .order_by("start")[:NEXT_EVENTS]
        )

    def get_pack_context(self) -> dict:
        from .snippets import CouncilContact

        return {
            "council_contacts": list(CouncilContact.objects.all()),
            "next_events": list(self.get_next_events()),
            "pdf": self.pdf_current(),
        }

    def get_context(self, request, *args, **kwargs):
        from .snippets import CouncilContact

        context = super().get_context(request, *args, **kwargs)
        # Read only when their fragment is made (website/fragments.py): kept, they cost no query.
        context.update(
            council_contacts=SimpleLazyObject(lambda: list(CouncilContact.objects.all())),
            next_events=SimpleLazyObject(lambda: list(self.get_next_events())),
            pdf=self.pdf_current(),
            pack_form=InformationPackForm(source="pack"),
        )
        return context

    def pdf_current(self):
        """The PDF made from the revision now live, or None while it is being made."""
        if not self.live_revision_id:
            return None
        return self.pdfs.filter(revision_id=self.live_revision_id).exclude(file="").first()

    @path("pdf/")
    def pdf(self, request):
        made = self.pdf_current()
        if made is None:
            response = render(
                request, "website/information_pack_pdf_waiting.html", {"page": self}, status=404
            )
            response["Retry-After"] = "60"
            return response
        return made.response()


class InformationPackPdf(models.Model):
    """The PDF made from one revision of the pack, stored where the site's files are."""

    page = models.ForeignKey(InformationPackPage, on_delete=models.CASCADE, related_name="pdfs")
    revision_id = models.PositiveIntegerField()
    file = models.FileField(upload_to="information-packs/", blank=True)
    size = models.PositiveIntegerField(default=0)
    seconds_taken = models.FloatField(default=0)
    made_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["page", "revision_id"], name="information_pack_pdf_one_per_revision"
            )
        ]
        ordering = ["-made_at"]

    def __str__(self) -> str:
        return f"Information pack PDF (revision {self.revision_id})"

    def response(self) -> FileResponse:
        response = FileResponse(self.file.open("rb"), content_type="application/pdf", filename=PDF_NAME)
        response["Content-Disposition"] = f'inline; filename="{PDF_NAME}"'
        return response


class InformationPackRequest(OutboxRow):
    """One request for the pack by email: a row first, so the email is sent once the request is committed.

    It holds no personal data of its own: the name and address are the household's, read when the
    email is sent, so subject access and erasure find them where they find everything else.
    """

    class Status(models.TextChoices):
        PENDING = PENDING, "Waiting to be sent"
        DONE = DONE, "Sent"
        FAILED = FAILED, "Could not be sent"

    class Source(models.TextChoices):
        HOME = "home", "Home page"
        PACK_PAGE = "pack", "Information pack page"
        ENQUIRY = "enquiry", "Enquiry form"

    household = models.ForeignKey("crm.Household", on_delete=models.CASCADE, related_name="pack_requests")
    source = models.CharField(max_length=10, choices=Source.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    first_opened_at = models.DateTimeField(null=True, blank=True)
    times_opened = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["household", "-created_at"]),
            models.Index(fields=["status", "created_at"]),
        ]

    def __str__(self) -> str:
        return f"Information pack request {self.pk}"
