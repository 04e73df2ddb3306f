"""The FAQ page: every FAQ snippet, grouped by category and searchable."""

from django.db import models
from django.utils.functional import SimpleLazyObject
from django.utils.html import strip_tags

from wagtail.admin.panels import FieldPanel
from wagtail.search import index

from website.search import search_help, search_query_clean, search_query_expand

from .mixins import BasePage
from .snippets import FAQ, FAQCategory


def faqs_search(*, query: str):
    """FAQs matching ``query`` or its synonyms, best match first (PostgreSQL full text where there is one)."""
    return FAQ.objects.select_related("category").search(search_query_expand(query))


class FAQPage(BasePage):
    intro = models.TextField(blank=True, max_length=500)

    content_panels = BasePage.content_panels + [FieldPanel("intro")]
    search_fields = BasePage.search_fields + [index.SearchField("intro")]

    parent_page_types = ["website.HomePage"]
    subpage_types: list[str] = []
    max_count = 1

    class Meta:
        verbose_name = "FAQ page"

    def get_categories(self):
        return FAQCategory.objects.prefetch_related("faqs").order_by("sort_order", "name")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        query = search_query_clean(request.GET.get("q", ""))
        context["query"] = query
        if query:
            context["results"] = list(faqs_search(query=query))
            if not context["results"]:
                context.update(search_help(request))
        else:
            # Read only when the template makes the list's fragment (website.fragments).
            context["categories"] = SimpleLazyObject(
                lambda: [category for category in self.get_categories() if category.faqs.all()]
            )
        return context

    def get_structured_data(self, request) -> list[dict]:
        faqs = FAQ.objects.select_related("category").all()
        return [
            {
                "@context": "https://schema.org",
                "@type": "FAQPage",
                "mainEntity": [
                    {
                        "@type": "Question",
                        "name": faq.question,
                        "acceptedAnswer": {"@type": "Answer", "text": strip_tags(faq.answer).strip()},
                    }
                    for faq in faqs
                ],
            }
        ]
