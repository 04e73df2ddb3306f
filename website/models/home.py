"""The home page: a hero, calls to action, featured stories and the next events."""

from django.db import models
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable

from website.blocks import BaseStreamBlock, LinkBlock
from website.forms import InformationPackForm

from .mixins import BasePage

NEXT_EVENTS = 3


class HomePage(BasePage):
    hero_heading = models.CharField(max_length=120)
    hero_strapline = models.CharField(max_length=250, blank=True)
    hero_image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    calls_to_action = StreamField(
        [("link", LinkBlock())],
        blank=True,
        max_num=3,
        help_text="Up to three buttons under the hero: enquire, find an event, can I adopt?",
    )
    intro = models.TextField(blank=True, max_length=600)
    body = StreamField(BaseStreamBlock(), blank=True)

    content_panels = BasePage.content_panels + [
        MultiFieldPanel(
            [FieldPanel("hero_heading"), FieldPanel("hero_strapline"), FieldPanel("hero_image")],
            heading="Hero",
        ),
        FieldPanel("calls_to_action"),
        FieldPanel("intro"),
        InlinePanel("featured_stories", label="Featured stories", max_num=3),
        FieldPanel("body"),
    ]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "website.StoryIndexPage",
        "website.EventIndexPage",
        "website.FAQPage",
        "website.CheckerPage",
        "website.EnquiryPage",
        "website.StandardPage",
        "website.InformationPackPage",
        "website.ShareStoryPage",
    ]
    max_count = 1

    class Meta:
        verbose_name = "home page"

    def get_featured_stories(self):
        return [
            item.story for item in self.featured_stories.select_related("story__image") if item.story.live
        ]

    def get_next_events(self):
        from .events import EventPage

        return (
            EventPage.objects.live()
            .public()
            .filter(end__gte=timezone.now())
            .select_related("venue")
            .order_by("start")[:NEXT_EVENTS]
        )

    def get_context(self, request, *args, **kwargs):
        """The listings are read only when the template makes their fragment (``website.fragments``)."""
        context = super().get_context(request, *args, **kwargs)
        from .information_pack import InformationPackPage

        context.update(
            featured_stories=SimpleLazyObject(self.get_featured_stories),
            next_events=SimpleLazyObject(lambda: list(self.get_next_events())),
            pack_page=SimpleLazyObject(lambda: InformationPackPage.objects.live().public().first()),
            pack_form=InformationPackForm(source="home"),
        )
        return context


class HomePageFeaturedStory(Orderable):
    page = ParentalKey(HomePage, on_delete=models.CASCADE, related_name="featured_stories")
    story = models.ForeignKey("website.StoryPage", on_delete=models.CASCADE, related_name="+")

    panels = [PageChooserPanel("story")]
