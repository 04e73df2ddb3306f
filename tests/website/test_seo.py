import re

import pytest

from tests.factories import (
    FAQFactory,
    ImageFactory,
    VenueFactory,
    add_page,
    event_index,
    event_page,
    story_index,
    story_page,
)
from tests.website.schema_org import json_ld_objects, validate
from website.models import FAQPage, StandardPage


def by_type(html: str) -> dict[str, dict]:
    return {item["@type"]: item for item in json_ld_objects(html)}


def test_validator_catches_mistakes():
    assert validate({"@context": "https://schema.org", "@type": "Event", "name": "x"}) != []
    assert "has no property 'colour'" in " ".join(
        validate({"@context": "https://schema.org", "@type": "Person", "name": "x", "colour": "red"})
    )
    assert validate({"@context": "https://schema.org", "@type": "Person", "name": "Sam"}) == []


@pytest.mark.django_db
def test_every_page_has_a_valid_organization(client, home_page):
    page = add_page(home_page, StandardPage, title="About us", slug="about-us")
    for url in ["/", page.url, "/search/?q=adopt"]:
        objects = json_ld_objects(client.get(url).content.decode())
        organization = objects[0]
        assert organization["@type"] == "GovernmentOrganization"
        assert organization["name"] == "Adoption Partnership south east"
        assert validate(organization) == []


@pytest.mark.django_db
def test_story_has_a_valid_article(client, home_page):
    index = story_index(home_page)
    story = story_page(
        index,
        title="Our first year",
        author="Priya",
        author_description="who adopted in 2022",
        image=ImageFactory(),
    )
    article = by_type(client.get(story.url).content.decode())["Article"]
    assert validate(article) == []
    assert article["headline"] == "Our first year"
    assert article["author"] == {"@type": "Person", "name": "Priya"}
    assert article["image"].startswith("http://testserver/media/images/")
    assert article["publisher"]["@id"].endswith("/#organization")


@pytest.mark.django_db
def test_blog_is_a_blog_posting(client, home_page):
    story = story_page(story_index(home_page), title="A blog", kind="blog")
    assert validate(by_type(client.get(story.url).content.decode())["BlogPosting"]) == []


@pytest.mark.django_db
@pytest.mark.parametrize("area", ["kent", "online"])
def test_event_has_a_valid_event(client, home_page, area):
    venue = VenueFactory(
        area=area, **({"address": "", "town": "", "postcode": ""} if area == "online" else {})
    )
    event = event_page(event_index(home_page), title="Information evening", venue=venue)
    data = by_type(client.get(event.url).content.decode())["Event"]
    assert validate(data) == []
    expected_mode = "Online" if area == "online" else "Offline"
    assert data["eventAttendanceMode"] == f"https://schema.org/{expected_mode}EventAttendanceMode"
    assert data["location"]["@type"] == ("VirtualLocation" if area == "online" else "Place")


@pytest.mark.django_db
def test_faq_page_has_a_valid_faq_page(client, home_page):
    FAQFactory(question="Can I adopt if I rent?", answer="<p>Yes, <strong>you can</strong>.</p>")
    page = add_page(home_page, FAQPage, title="FAQs", slug="faqs")
    data = by_type(client.get(page.url).content.decode())["FAQPage"]
    assert validate(data) == []
    assert data["mainEntity"] == [
        {
            "@type": "Question",
            "name": "Can I adopt if I rent?",
            "acceptedAnswer": {"@type": "Answer", "text": "Yes, you can."},
        }
    ]


@pytest.mark.django_db
def test_json_ld_cannot_break_out_of_its_script(client, home_page):
    story = story_page(story_index(home_page), title="</script><script>alert(1)</script>")
    html = client.get(story.url).content.decode()
    assert "</script><script>alert(1)" not in html
    assert by_type(html)["Article"]["headline"] == "</script><script>alert(1)</script>"


@pytest.mark.django_db
def test_title_description_canonical_and_open_graph(client, home_page):
    page = add_page(
        home_page,
        StandardPage,
        title="About us",
        slug="about-us",
        seo_title="About Adoption Partnership south east",
        search_description="Who we are and how we work.",
        social_image=ImageFactory(),
    )
    html = client.get(page.url).content.decode()
    assert "<title>About Adoption Partnership south east | Adoption Partnership south east</title>" in html
    assert '<meta name="description" content="Who we are and how we work.">' in html
    assert '<link rel="canonical" href="http://localhost/about-us/">' in html
    assert '<meta property="og:title" content="About Adoption Partnership south east">' in html
    assert re.search(r'<meta property="og:image" content="http://testserver/media/images/[^"]+\.jpg">', html)


@pytest.mark.django_db
def test_description_falls_back_to_summary(client, home_page):
    story = story_page(story_index(home_page), title="Story", summary="A short summary.")
    assert '<meta name="description" content="A short summary.">' in client.get(story.url).content.decode()


@pytest.mark.django_db
def test_sitemap_lists_live_pages(client, home_page):
    story = story_page(story_index(home_page), title="Story one")
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    xml = response.content.decode()
    assert "<loc>http://localhost/stories/story-one/</loc>" in xml
    assert "<loc>http://localhost/</loc>" in xml
    assert story.url in xml


@pytest.mark.django_db
def test_robots_txt_points_at_the_sitemap_and_keeps_out_of_admin(client, home_page):
    response = client.get("/robots.txt")
    assert response["Content-Type"] == "text/plain"
    body = response.content.decode()
    assert "Disallow: /admin/" in body
    assert "Sitemap: http://testserver/sitemap.xml" in body


@pytest.mark.django_db
def test_the_home_page_is_titled_with_the_organisation_not_its_admin_name(client, home_page):
    # The home page's title is "Home" in the page tree; that is no title for a browser tab or a search result.
    html = client.get("/").content.decode()
    assert "<title>Adoption Partnership south east</title>" in html
    assert '<meta property="og:title" content="Adoption Partnership south east">' in html
    home_page.seo_title = "Adopt a child in Kent, Medway and Bexley"
    home_page.save_revision().publish()
    html = client.get("/").content.decode()
    assert "<title>Adopt a child in Kent, Medway and Bexley | Adoption Partnership south east</title>" in html
