import pytest

from tests.factories import FAQCategoryFactory, FAQFactory, add_page
from website.models import FAQPage


@pytest.fixture
def faq_page(home_page):
    return add_page(home_page, FAQPage, title="Questions", slug="faqs")


@pytest.mark.django_db
def test_faqs_grouped_by_category_in_order(client, faq_page):
    process = FAQCategoryFactory(name="The process", slug="process", sort_order=2)
    who = FAQCategoryFactory(name="Who can adopt", slug="who", sort_order=1)
    FAQFactory(category=process, question="How long does it take?")
    FAQFactory(category=who, question="Can I adopt if I am single?")
    FAQCategoryFactory(name="Empty", slug="empty", sort_order=3)
    response = client.get("/faqs/")
    assert [category.name for category in response.context["categories"]] == ["Who can adopt", "The process"]
    html = response.content.decode()
    assert '<details class="accordion-item-native">' in html
    assert "Empty" not in html


@pytest.mark.django_db
def test_search_finds_questions_by_words_in_question_or_answer(client, faq_page):
    FAQFactory(question="Can I adopt if I rent my home?", answer="<p>Yes. Many adopters rent.</p>")
    FAQFactory(question="Do I need a spare bedroom?", answer="<p>Each child needs their own space.</p>")
    FAQFactory(question="How long does it take?", answer="<p>About six months after you register.</p>")
    response = client.get("/faqs/", {"q": "rent"})
    assert [faq.question for faq in response.context["results"]] == ["Can I adopt if I rent my home?"]
    response = client.get("/faqs/", {"q": "months"})
    assert [faq.question for faq in response.context["results"]] == ["How long does it take?"]


@pytest.mark.django_db
def test_search_with_no_match_says_so_kindly(client, faq_page):
    FAQFactory(question="Can I adopt if I rent my home?")
    html = client.get("/faqs/", {"q": "zebra"}).content.decode()
    assert "0 questions found" in html
    assert "ask us directly" in html


@pytest.mark.django_db
def test_search_query_is_trimmed_and_escaped(client, faq_page):
    html = client.get("/faqs/", {"q": "<script>alert(1)</script>" + "x" * 500}).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html
