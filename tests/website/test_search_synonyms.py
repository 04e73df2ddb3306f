"""People search in their own words: "LGBT", "IVF", "renting", "ages" find the answers on both databases.

These run on PostgreSQL (the suite's DATABASE_URL) and on SQLite (DATABASE_URL unset); the tests
that prove PostgreSQL's own stemming use the ``postgres`` fixture.
"""

from django.core.exceptions import ValidationError
from django.db import connection

from wagtail.search.query import Or, PlainText

import pytest

from tests.factories import FAQCategoryFactory, FAQFactory, add_page, story_index, story_page
from website.cache import HEADER
from website.models import EnquiryPage, FAQPage, SearchSynonym, SiteSettings
from website.search import search_query_clean, search_query_expand

LGBTQ = "Can LGBTQ+ people adopt?"
FERTILITY = "I've had fertility treatment. When can I start?"
RENT = "Can I adopt if I rent my home?"
AGE = "How old do I need to be to adopt?"
SINGLE = "Can I adopt if I'm single?"


@pytest.fixture
def faq_page(home_page):
    return add_page(home_page, FAQPage, title="Questions", slug="faqs")


@pytest.fixture
def faqs(faq_page):
    """The demo site's questions on these subjects, worded as the demo words them."""
    who = FAQCategoryFactory(name="Who can adopt", slug="who-can-adopt", sort_order=0)
    money = FAQCategoryFactory(name="Money and work", slug="money-and-work", sort_order=1)
    FAQFactory(
        category=who,
        question=LGBTQ,
        answer="<p>Yes. Same-sex couples have been able to adopt together in England since 2005.</p>",
    )
    FAQFactory(
        category=who,
        question=FERTILITY,
        answer="<p>We usually suggest waiting about six months after your treatment ends.</p>",
    )
    FAQFactory(category=who, question=RENT, answer="<p>Yes. We'll ask about your tenancy.</p>")
    FAQFactory(
        category=who, question=AGE, answer="<p>You need to be 21 or over. There is no upper age limit.</p>"
    )
    FAQFactory(category=who, question=SINGLE, answer="<p>Yes. Lots of single people adopt.</p>")
    FAQFactory(
        category=money, question="Does adopting cost anything?", answer="<p>No. Our service is free.</p>"
    )


def faq_page_results(client, query: str) -> list[str]:
    return [faq.question for faq in client.get("/faqs/", {"q": query}).context["results"]]


def site_search_faqs(client, query: str) -> list[str]:
    return [faq.question for faq in client.get("/search/", {"q": query}).context["faqs"]]


@pytest.mark.django_db
def test_the_seeded_synonyms_are_there_for_marketing_to_edit():
    words = [group.terms() for group in SearchSynonym.objects.all()]
    assert any({"LGBT", "LGBTQ+", "gay", "lesbian", "bisexual", "trans"} <= set(terms) for terms in words)
    assert any({"IVF", "fertility"} <= set(terms) for terms in words)
    assert any({"renting", "rent", "tenant"} <= set(terms) for terms in words)
    assert any({"age", "ages", "older"} <= set(terms) for terms in words)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "expected"),
    [("LGBT", LGBTQ), ("lgbt", LGBTQ), ("gay", LGBTQ), ("IVF", FERTILITY), ("renting", RENT), ("ages", AGE)],
)
def test_the_faq_page_finds_what_people_type(client, faqs, query, expected):
    """Each of these found nothing before: the answers say "LGBTQ+", "fertility", "rent" and "age"."""
    found = faq_page_results(client, query)
    assert found[:1] == [expected], found
    assert SINGLE not in found


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "expected"), [("LGBT", LGBTQ), ("IVF", FERTILITY), ("renting", RENT), ("ages", AGE)]
)
def test_site_search_finds_the_same_questions(client, faqs, query, expected):
    assert site_search_faqs(client, query)[:1] == [expected]


@pytest.mark.django_db
def test_site_search_finds_pages_through_synonyms(client, home_page):
    stories = story_index(home_page)
    story_page(stories, title="Dev and Marcus", summary="Two dads and the LGBTQ+ adopters group.")
    story_page(stories, title="Three sisters, one home", summary="A sibling group stays together.")
    titles = [page.title for page in client.get("/search/", {"q": "LGBT"}).context["results"]]
    assert titles == ["Dev and Marcus"]


@pytest.mark.django_db
def test_a_group_marketing_adds_is_used_at_once(client, faqs):
    assert faq_page_results(client, "kinship") == []
    SearchSynonym.objects.create(words="kinship, single")
    assert faq_page_results(client, "kinship") == [SINGLE]


@pytest.mark.django_db
def test_editing_a_synonym_retires_the_cached_faq_search(client, faqs, settings, home_page):
    """The FAQ page is cached whole, search results included; a synonym edit must show at once."""
    settings.PAGE_CACHE_SECONDS = 300
    SiteSettings.for_site(home_page.get_site())  # made once, on the site's first page view
    first = client.get("/faqs/", {"q": "kinship"})
    assert first[HEADER] == "miss"
    assert client.get("/faqs/", {"q": "kinship"})[HEADER] == "hit"
    group = SearchSynonym.objects.create(words="kinship, single")
    response = client.get("/faqs/", {"q": "kinship"})
    assert response[HEADER] == "miss"
    assert [faq.question for faq in response.context["results"]] == [SINGLE]
    group.words = "kinship, tenancy"
    group.save()
    assert [faq.question for faq in client.get("/faqs/", {"q": "kinship"}).context["results"]] == [RENT]
    group.delete()
    assert client.get("/faqs/", {"q": "kinship"}).context["results"] == []


@pytest.mark.django_db
def test_no_results_offer_the_faq_topics_and_the_enquiry_page(client, faqs, home_page):
    enquire = add_page(home_page, EnquiryPage, title="Ask us about adopting", slug="enquire")
    SiteSettings.objects.update_or_create(site=home_page.get_site(), defaults={"enquire_page": enquire})
    for address in ("/search/", "/faqs/"):
        html = client.get(address, {"q": "zebra"}).content.decode()
        assert "We could not find anything for “zebra”" in html, address
        assert 'href="/faqs/#who-can-adopt">Who can adopt</a>' in html, address
        assert 'href="/faqs/#money-and-work">Money and work</a>' in html, address
        assert 'href="/enquire/">Ask us a question</a>' in html, address


@pytest.mark.django_db
def test_results_do_not_show_the_no_results_help(client, faqs):
    for address in ("/search/", "/faqs/"):
        assert "We could not find anything" not in client.get(address, {"q": "renting"}).content.decode()


def test_expanding_adds_every_other_word_of_a_matching_group():
    groups = [["LGBT", "LGBTQ+", "same-sex"], ["IVF", "fertility treatment"], ["age", "ages"]]
    assert repr(search_query_expand("LGBT adoption", groups=groups)) == repr(
        Or(
            [
                PlainText("LGBT adoption", operator="or"),
                PlainText("LGBTQ", operator="and"),
                PlainText("same-sex", operator="and"),
            ]
        )
    )
    # A phrase of the query matches a phrase in a group, whatever its case and punctuation.
    assert repr(search_query_expand("Fertility  treatment?", groups=groups).subqueries[1]) == repr(
        PlainText("IVF", operator="and")
    )
    assert repr(search_query_expand("sisters", groups=groups)) == repr(PlainText("sisters", operator="or"))


def test_a_query_is_cleaned_the_same_way_for_both_searches():
    assert search_query_clean('  "LGBT\x00  ' + "x" * 200) == ("LGBT " + "x" * 200)[:100]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("words", "message"),
    [
        ("IVF", "at least two different words"),
        ("IVF, ivf", "at least two different words"),
        ("IVF, <script>", "has characters search cannot use"),
        ("IVF, " + "x" * 41, "too long"),
    ],
)
def test_a_group_marketing_cannot_use_is_refused_with_a_reason(words, message):
    with pytest.raises(ValidationError) as error:
        SearchSynonym(words=words).full_clean()
    assert message in str(error.value)


@pytest.mark.django_db
def test_a_group_is_saved_tidy():
    group = SearchSynonym(words=" IVF ,  fertility   treatment,,IVF ")
    group.full_clean()
    assert group.words == "IVF, fertility treatment"


@pytest.mark.django_db
def test_postgres_stems_in_english_whatever_the_servers_default(postgres, client, faqs):
    """With no synonym to help, "renting" still finds "rent" and "ages" finds "age" on PostgreSQL.

    A server created with another locale defaults to the "simple" configuration, which does not
    stem; the site asks for English itself.
    """
    SearchSynonym.objects.all().delete()
    with connection.cursor() as cursor:
        cursor.execute("SET default_text_search_config = 'pg_catalog.simple'")
    from wagtail.search.backends import get_search_backend

    backend = get_search_backend()
    for faq in FAQFactory._meta.model.objects.all():
        backend.add(faq)
    assert faq_page_results(client, "renting") == [RENT]
    assert faq_page_results(client, "ages") == [AGE]
