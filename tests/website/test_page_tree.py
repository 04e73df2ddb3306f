"""Which page may live where, and that every page type can be created, routed and rendered."""

from django.core.exceptions import ValidationError

from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

import pytest

from tests.factories import VenueFactory, add_page, event_index, event_page, story_index, story_page
from website.models import (
    CheckerPage,
    EnquiryPage,
    EventIndexPage,
    EventPage,
    FAQPage,
    HomePage,
    InformationPackPage,
    ShareStoryPage,
    StandardPage,
    StoryIndexPage,
    StoryPage,
)


class PageTreeTests(WagtailPageTestCase):
    def test_home_page_is_only_allowed_at_the_root(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})
        self.assertAllowedSubpageTypes(
            HomePage,
            {
                StoryIndexPage,
                EventIndexPage,
                FAQPage,
                CheckerPage,
                EnquiryPage,
                StandardPage,
                InformationPackPage,
                ShareStoryPage,
            },
        )

    def test_the_information_pack_is_one_page_under_home(self):
        self.assertAllowedParentPageTypes(InformationPackPage, {HomePage})
        self.assertAllowedSubpageTypes(InformationPackPage, set())

    def test_stories_live_under_the_story_index(self):
        self.assertAllowedParentPageTypes(StoryPage, {StoryIndexPage})
        self.assertAllowedSubpageTypes(StoryPage, set())
        self.assertCanNotCreateAt(HomePage, StoryPage)

    def test_events_live_under_the_event_index(self):
        self.assertAllowedParentPageTypes(EventPage, {EventIndexPage})
        self.assertCanNotCreateAt(StandardPage, EventPage)

    def test_standard_pages_nest(self):
        self.assertAllowedParentPageTypes(StandardPage, {HomePage, StandardPage})
        self.assertCanCreateAt(StandardPage, StandardPage)


@pytest.fixture
def site_pages(home_page):
    stories = story_index(home_page)
    story = story_page(stories, title="Our first year", tags=["Single adopters"])
    events = event_index(home_page)
    event = event_page(events, title="Information evening in Maidstone")
    faqs = add_page(home_page, FAQPage, title="FAQs", slug="faqs")
    standard = add_page(home_page, StandardPage, title="About us", slug="about-us", intro="Who we are.")
    checker = add_page(
        home_page,
        CheckerPage,
        title="Can I adopt?",
        slug="can-i-adopt",
        questions=[
            (
                "question",
                {
                    "key": "age",
                    "question": "Are you 21 or over?",
                    "help_text": "",
                    "options": [
                        {"label": "Yes", "outcome": "fine", "feedback": "Good."},
                        {"label": "No", "outcome": "not_yet", "feedback": "Not yet."},
                    ],
                },
            )
        ],
    )
    return [home_page, stories, story, events, event, faqs, standard, checker]


@pytest.mark.django_db
def test_every_page_type_is_routable_and_renders(client, site_pages):
    for page in site_pages:
        response = client.get(page.url)
        assert response.status_code == 200, page.url
        assert "<h1" in response.content.decode(), page.url


@pytest.mark.django_db
def test_every_page_has_exactly_one_h1(client, site_pages):
    for page in site_pages:
        html = client.get(page.url).content.decode()
        assert html.count("<h1") == 1, page.url


@pytest.mark.django_db
def test_editor_can_create_a_story_through_the_admin(admin_client, home_page):
    index = story_index(home_page)
    data = nested_form_data(
        {
            "title": "Two brothers and a dog",
            "slug": "two-brothers",
            "date": "2026-01-10",
            "kind": "story",
            "author": "Priya",
            "author_description": "who adopted two brothers",
            "summary": "How we became a family of four.",
            "body": streamfield([("paragraph", rich_text("<p>We met them in spring.</p>"))]),
            "tags": "Sibling groups, Older children",
            "action-publish": "publish",
            "comments": inline_formset([]),
        }
    )
    response = admin_client.post(f"/admin/pages/add/website/storypage/{index.pk}/", data)
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    story = StoryPage.objects.get(slug="two-brothers")
    assert story.live
    assert sorted(tag.name for tag in story.tags.all()) == ["Older children", "Sibling groups"]


@pytest.mark.django_db
def test_event_must_end_after_it_starts(home_page):
    from django.core.exceptions import ValidationError

    index = event_index(home_page)
    event = event_page(index, title="Back to front")
    event.end = event.start
    with pytest.raises(ValidationError) as error:
        event.full_clean()
    assert "end" in error.value.message_dict


@pytest.mark.django_db
def test_venue_in_an_area_needs_an_address_but_online_does_not():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="needs an address"):
        VenueFactory.build(address="", town="", postcode="").full_clean()
    VenueFactory.build(name="Online", area="online", address="", town="", postcode="").full_clean()


@pytest.mark.django_db
def test_unpublished_pages_are_not_served(client, home_page):
    index = story_index(home_page)
    draft = StoryPage(title="Draft", slug="draft", author="A", summary="S", body=[], live=False)
    index.add_child(instance=draft)
    draft.unpublish()
    assert client.get("/stories/draft/").status_code == 404


@pytest.mark.django_db
def test_unknown_url_gets_the_friendly_404(client, home_page):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


@pytest.mark.django_db
def test_a_page_made_in_code_is_held_to_the_rules_of_its_blocks(home_page):
    # The editor's form checks every block; a page saved from code (demo content, an import) must be
    # checked the same way, or the next editor to publish it meets errors they did not make.
    option = {"label": "Yes", "outcome": "fine", "feedback": "Good."}
    question = {"key": "time-and-support", "question": "Time?", "help_text": "", "options": [option, option]}
    page = CheckerPage(title="Can I adopt?", slug="can-i-adopt", questions=[("question", question)])
    with pytest.raises(ValidationError) as error:
        home_page.add_child(instance=page)
    assert error.value.message_dict == {
        "questions": [
            "questions, item 1, key: Use lower-case letters, numbers and underscores, starting with a letter."
        ]
    }
