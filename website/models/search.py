"""Words that mean the same thing to someone searching the site, edited by the marketing team.

People search in their own words ("LGBT", "IVF", "renting", "ages") and the pages use others
("LGBTQ+", "fertility treatment", "rent", "age"). Both searches (site search and the FAQ page)
widen a query with these groups through ``website.search.search_query_expand``.
"""

import re

from django.core.exceptions import ValidationError
from django.db import models

from wagtail.admin.panels import FieldPanel

MAX_TERMS = 20
MAX_TERM_LENGTH = 40
# Letters and digits, with the joins words really have: "LGBTQ+", "step-parent", "don't", "in vitro".
TERM_PATTERN = re.compile(r"^[\w][\w +'’-]*$")


def term_key(term: str) -> str:
    """How a word or phrase is compared: case and punctuation ignored, so "LGBTQ+" is "lgbtq"."""
    return " ".join(
        "".join(char for char in word if char.isalnum()) for word in term.casefold().split()
    ).strip()


def terms_split(words: str) -> list[str]:
    """The terms of a group as the editor wrote them, one per comma, without blanks or repeats."""
    terms, seen = [], set()
    for raw in words.split(","):
        term = " ".join(raw.split())
        key = term_key(term)
        if key and key not in seen:
            seen.add(key)
            terms.append(term)
    return terms


class SearchSynonym(models.Model):
    """A group of words that should find the same pages: searching for any one finds them all."""

    words = models.CharField(
        "words that mean the same thing",
        max_length=500,
        help_text=(
            "Words or short phrases that mean the same thing here, separated by commas, for example "
            "“IVF, fertility treatment, fertility”. Searching for any of them finds pages that use any other."
        ),
    )
    updated_at = models.DateTimeField(auto_now=True)

    panels = [FieldPanel("words")]

    class Meta:
        ordering = ["words"]
        verbose_name = "search synonym group"
        verbose_name_plural = "search synonyms"

    def __str__(self) -> str:
        return ", ".join(self.terms())

    def terms(self) -> list[str]:
        return terms_split(self.words)

    def clean(self):
        terms = self.terms()
        if len(terms) < 2:
            raise ValidationError({"words": "Give at least two different words, separated by commas."})
        if len(terms) > MAX_TERMS:
            raise ValidationError(
                {"words": f"A group can have up to {MAX_TERMS} words. Split it into two groups."}
            )
        for term in terms:
            if len(term) > MAX_TERM_LENGTH:
                raise ValidationError(
                    {
                        "words": f"“{term[:MAX_TERM_LENGTH]}…” is too long: keep each word or phrase under "
                        f"{MAX_TERM_LENGTH} characters."
                    }
                )
            if not TERM_PATTERN.match(term):
                raise ValidationError(
                    {
                        "words": f"“{term}” has characters search cannot use. Use letters, numbers, spaces, "
                        "hyphens, apostrophes and +."
                    }
                )
        self.words = ", ".join(terms)
