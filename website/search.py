"""What both searches share: cleaning what was typed, widening it with synonyms, and the no-results help.

Site search (``website.views.search``) and the FAQ page's own search (``website.models.faqs``) read a
query the same way, so "LGBT", "IVF", "renting" or "ages" finds the same answers in both. Stemming
("renting" to "rent") comes from PostgreSQL's English full-text configuration where the site runs on
PostgreSQL; the synonym groups marketing edits under Site content work on every database, SQLite too.
"""

import re

from django.apps import apps

from wagtail.search.query import Or, PlainText, SearchQuery

from website.models.enquiry import EnquiryPage
from website.models.search import SearchSynonym, term_key
from website.models.site_settings import SiteSettings
from website.models.snippets import FAQCategory

MAX_QUERY_LENGTH = 100
# Characters the search backends read as syntax (a lone double quote breaks SQLite's full-text
# query) or cannot take (PostgreSQL refuses NUL); no one searching this site needs them.
SEARCH_UNSAFE = str.maketrans({'"': " ", "\x00": " "})
# The longest synonym phrase looked for in a query, in words ("in vitro fertilisation").
LONGEST_PHRASE = 3
# What a synonym keeps when it is added to a query: words, hyphens and apostrophes ("LGBTQ+" is "LGBTQ").
NOT_SEARCHABLE = re.compile(r"[^\w\s'’-]")


def search_query_clean(raw: str) -> str:
    """What was typed, without syntax characters, trimmed to a length any search can take."""
    return " ".join(raw.translate(SEARCH_UNSAFE).split())[:MAX_QUERY_LENGTH].strip()


def synonym_groups() -> list[list[str]]:
    """Every synonym group's terms, as marketing wrote them."""
    return [group.terms() for group in SearchSynonym.objects.all()]


def query_phrases(query: str) -> set[str]:
    """The keys of every run of up to ``LONGEST_PHRASE`` words in the query: its words and short phrases."""
    words = [key for key in (term_key(word) for word in query.split()) if key]
    return {
        " ".join(words[start : start + length])
        for length in range(1, LONGEST_PHRASE + 1)
        for start in range(len(words) - length + 1)
    }


def search_query_expand(query: str, *, groups: list[list[str]] | None = None) -> SearchQuery:
    """The query as typed, or any word of it, or any synonym of a word or phrase in it.

    Each synonym must be found whole (every word of "fertility treatment"), and the words typed
    are matched as before, any of them. Pass ``groups`` to skip reading them from the database.
    """
    typed = PlainText(query, operator="or")
    phrases = query_phrases(query)
    if not phrases:
        return typed
    extra: dict[str, str] = {}
    for terms in synonym_groups() if groups is None else groups:
        keys = [term_key(term) for term in terms]
        if phrases.isdisjoint(keys):
            continue
        for term, key in zip(terms, keys, strict=True):
            searchable = " ".join(NOT_SEARCHABLE.sub(" ", term).split())
            if key not in phrases and searchable and key not in extra:
                extra[key] = searchable
    if not extra:
        return typed
    return Or([typed, *(PlainText(term, operator="and") for term in extra.values())])


def search_help(request) -> dict:
    """Where to go when nothing matched: the FAQ topics and the enquiry page.

    The FAQ page's own search uses this too, so its model is looked up by name, not imported.
    """
    faq_page_model = apps.get_model("website", "FAQPage")
    faq_page = faq_page_model.objects.live().public().first()
    categories = (
        list(FAQCategory.objects.filter(faqs__isnull=False).distinct().order_by("sort_order", "name"))
        if faq_page
        else []
    )
    enquiry_page = SiteSettings.for_request(request).enquire_page
    if enquiry_page is None or not enquiry_page.live:
        enquiry_page = EnquiryPage.objects.live().public().first()
    return {"help_faq_page": faq_page, "help_categories": categories, "help_enquiry_page": enquiry_page}
