import pytest

from tests.factories import FAQFactory, add_page, story_index, story_page
from website.models import FAQPage, StandardPage


@pytest.mark.django_db
def test_search_finds_pages_and_faqs(client, home_page):
    add_page(home_page, FAQPage, title="FAQs", slug="faqs")
    index = story_index(home_page)
    story_page(index, title="Adopting three sisters", summary="How we welcomed a sibling group.")
    add_page(home_page, StandardPage, title="Privacy notice", slug="privacy-notice", intro="How we use data.")
    FAQFactory(question="Can a sibling group be adopted together?")
    response = client.get("/search/", {"q": "sibling"})
    assert response.status_code == 200
    titles = [page.title for page in response.context["results"]]
    assert "Adopting three sisters" in titles
    assert "Privacy notice" not in titles
    assert [faq.question for faq in response.context["faqs"]] == ["Can a sibling group be adopted together?"]
    assert (
        'href="/faqs/?q=Can%20a%20sibling%20group%20be%20adopted%20together%3F"' in response.content.decode()
    )


@pytest.mark.django_db
def test_search_does_not_show_drafts(client, home_page):
    index = story_index(home_page)
    draft = story_page(index, title="Secret sibling draft")
    draft.unpublish()
    assert client.get("/search/", {"q": "sibling"}).context["results"].paginator.count == 0


@pytest.mark.django_db
def test_empty_search_shows_just_the_form(client, home_page):
    response = client.get("/search/")
    assert response.context["results"] is None
    assert '<meta name="robots" content="noindex">' in response.content.decode()


@pytest.mark.django_db
def test_search_rejects_post(client, home_page):
    assert client.post("/search/", {"q": "x"}).status_code == 405


@pytest.mark.postgres
@pytest.mark.django_db
def test_search_uses_postgres_full_text_with_stemming(postgres, client, home_page):
    """On PostgreSQL, 'adopting' matches 'adopted' through the English stemmer."""
    from wagtail.search.backends import get_search_backend

    backend = get_search_backend()
    assert type(backend).__module__.startswith("modelsearch.backends.database.postgres")
    index = story_index(home_page)
    story_page(index, title="We adopted in spring", summary="A family story.")
    titles = [page.title for page in client.get("/search/", {"q": "adopting"}).context["results"]]
    assert titles == ["We adopted in spring"]
