import re

import pytest

from tests.factories import ImageFactory, story_index, story_page
from website.models.stories import STORIES_PER_PAGE


@pytest.fixture
def index(home_page):
    return story_index(home_page)


@pytest.mark.django_db
def test_index_lists_newest_first(client, index):
    story_page(index, title="Older story", days_ago=30)
    story_page(index, title="Newer story", days_ago=1)
    html = client.get("/stories/").content.decode()
    assert html.index("Newer story") < html.index("Older story")


@pytest.mark.django_db
def test_index_filters_by_tag_and_shows_counts(client, index):
    story_page(index, title="On my own", tags=["Single adopters"])
    story_page(index, title="Three at once", tags=["Sibling groups"])
    response = client.get("/stories/", {"tag": "sibling-groups"})
    html = response.content.decode()
    assert "Three at once" in html
    assert "On my own" not in html
    assert "1 story about Sibling groups" in html
    assert [tag.name for tag in response.context["tags"]] == ["Sibling groups", "Single adopters"]


@pytest.mark.django_db
def test_unknown_tag_shows_every_story(client, index):
    story_page(index, title="On my own", tags=["Single adopters"])
    response = client.get("/stories/", {"tag": "no-such-tag"})
    assert response.context["selected_tag"] is None
    assert "On my own" in response.content.decode()


@pytest.mark.django_db
def test_index_is_paginated_and_survives_bad_page_numbers(client, index):
    for number in range(STORIES_PER_PAGE + 2):
        story_page(index, title=f"Story {number}", days_ago=number)
    first = client.get("/stories/")
    assert len(first.context["stories"]) == STORIES_PER_PAGE
    second = client.get("/stories/", {"page": 2})
    assert len(second.context["stories"]) == 2
    assert client.get("/stories/", {"page": "x"}).context["stories"].number == 1
    assert client.get("/stories/", {"page": 99}).context["stories"].number == 2


@pytest.mark.django_db
def test_related_stories_prefer_shared_tags(index):
    story = story_page(index, title="Main", tags=["Older children", "Disability"])
    both = story_page(index, title="Both tags", tags=["Older children", "Disability"], days_ago=10)
    one = story_page(index, title="One tag", tags=["Disability"], days_ago=1)
    story_page(index, title="No tags in common", tags=["Early permanence"], days_ago=0)
    related = story.related_stories(limit=2)
    assert [page.title for page in related] == [both.title, one.title]


@pytest.mark.django_db
def test_related_stories_fill_up_with_the_newest(index):
    story = story_page(index, title="Main", tags=["Older children"])
    story_page(index, title="Unrelated", tags=["Early permanence"])
    assert [page.title for page in story.related_stories()] == ["Unrelated"]


@pytest.mark.django_db
def test_story_page_shows_byline_tags_and_related(client, index):
    story = story_page(
        index, title="Main", tags=["Disability"], author="Priya", author_description="who adopted in 2022"
    )
    story_page(index, title="Another", tags=["Disability"])
    html = client.get(story.url).content.decode()
    assert "By Priya, who adopted in 2022." in html
    assert 'href="/stories/?tag=disability"' in html
    assert "More stories like this" in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("description", "alt"),
    [("Two children on a swing in the garden", "Two children on a swing in the garden"), ("", "")],
)
def test_the_main_image_says_what_its_editor_described(client, index, description, alt):
    image = ImageFactory(title="IMG_0042.jpg", description=description)
    story = story_page(index, title="Our garden", image=image)
    html = client.get(story.url).content.decode()
    lead = re.search(r'<img [^>]*class="page-lead-image"[^>]*>', html).group(0)
    assert f'alt="{alt}"' in lead  # the description, or decorative: never the file's title
