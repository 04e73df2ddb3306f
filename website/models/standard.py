"""General content pages: about us, adoption support, the journey, privacy, accessibility, contact."""

from django.db import models

from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.search import index

from website.blocks import BaseStreamBlock

from .mixins import BasePage


class StandardPage(BasePage):
    intro = models.TextField(blank=True, max_length=500)
    image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = StreamField(BaseStreamBlock(), blank=True)

    content_panels = BasePage.content_panels + [FieldPanel("intro"), FieldPanel("image"), FieldPanel("body")]
    search_fields = BasePage.search_fields + [index.SearchField("intro", boost=2), index.SearchField("body")]

    parent_page_types = ["website.HomePage", "website.StandardPage"]
    subpage_types = ["website.StandardPage"]

    class Meta:
        verbose_name = "standard page"
