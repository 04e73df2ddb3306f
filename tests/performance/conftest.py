"""A small public site with every kind of page, and ways to grow its stories and events."""

import datetime as dt

from django.utils import timezone

import pytest

from tests.factories import (
    FAQFactory,
    ImageFactory,
    VenueFactory,
    add_page,
    event_index,
    event_page,
    staff_member,
    story_index,
    story_page,
)
from website.models import (
    EnquiryPage,
    EventPage,
    FAQPage,
    HomePage,
    HomePageFeaturedStory,
    SiteSettings,
    StandardPage,
    StoryPage,
)

JOURNEY_STEPS = {
    "heading": "Your adoption journey, step by step",
    "steps": [
        {"title": "First chat", "summary": "Ask us anything.", "duration": "a day", "icon": "chat"},
        {"title": "Stage one", "summary": "Checks and training.", "duration": "2 months", "icon": "form"},
        {"title": "Panel", "summary": "A panel recommends you.", "duration": "", "icon": "panel"},
    ],
}


class PublicSite:
    """The pages of the site, built once per test."""

    def __init__(self, home: HomePage):
        self.home = home
        self.venue = VenueFactory(name="Maidstone community hall")
        self.stories = story_index(home)
        self.events = event_index(home)
        self.story = story_page(self.stories, title="Our first year", tags=["siblings"], image=ImageFactory())
        self.event = event_page(self.events, title="Information evening", venue=self.venue)
        self.faq_page = add_page(home, FAQPage, title="Questions", slug="faqs")
        self.faq = FAQFactory(question="Can I adopt if I rent my home?")
        self.journey = add_page(
            home,
            StandardPage,
            title="The adoption journey",
            slug="adoption-journey",
            intro="Every family's journey is different.",
            image=ImageFactory(),
            body=[("steps", JOURNEY_STEPS), ("paragraph", "<p>The main steps are the same.</p>")],
        )
        staff_member("kent.worker", council="kent")
        self.enquiry = add_page(home, EnquiryPage, title="Ask us about adopting", slug="enquire")
        settings = SiteSettings.for_site(home.get_site())
        settings.phone = "0300 123 4567"
        settings.enquire_page = self.enquiry
        settings.main_navigation = [
            ("link", {"page": page, "label": page.title})
            for page in (self.stories, self.events, self.journey)
        ]
        settings.footer_navigation = [("link", {"page": self.faq_page, "label": "FAQs"})]
        settings.save()
        HomePageFeaturedStory.objects.create(page=home, story=self.story, sort_order=0)

    def grow(self, count: int) -> None:
        """Add stories (with pictures and tags) and events until there are ``count`` of each.

        Pages are added as live children directly: the listings only read live pages.
        """
        tag_names = ["siblings", "older-children", "single-adopters", "early-permanence"]
        images = [ImageFactory() for _ in range(4)]
        start = timezone.now() + dt.timedelta(days=3)
        for n in range(StoryPage.objects.count(), count):
            page = StoryPage(
                title=f"Story {n}",
                slug=f"story-{n}",
                author="Sam",
                summary="A family's story.",
                date=timezone.localdate() - dt.timedelta(days=n),
                image=images[n % 4],
                body=[
                    ("paragraph", "<p>How we became a family.</p>")
                ],  # a story needs a body to be published
            )
            self.stories.add_child(instance=page)
            page.tags.add(tag_names[n % 4], tag_names[(n + 1) % 4])
        for n in range(EventPage.objects.count(), count):
            self.events.add_child(
                instance=EventPage(
                    title=f"Event {n}",
                    slug=f"event-{n}",
                    summary="An information evening.",
                    start=start + dt.timedelta(hours=n),
                    end=start + dt.timedelta(hours=n + 2),
                    venue=VenueFactory() if n % 5 else self.venue,
                    capacity=30,
                )
            )


@pytest.fixture
def public_site(home_page, crm_reference) -> PublicSite:
    return PublicSite(home_page)
