"""Reusable content edited once and shown in many places: venues and FAQs."""

from django.core.exceptions import ValidationError
from django.db import models

from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable
from wagtail.search import index
from wagtail.search.queryset import SearchableQuerySetMixin

from website.blocks.text import RICH_TEXT_FEATURES


class Area(models.TextChoices):
    KENT = "kent", "Kent"
    MEDWAY = "medway", "Medway"
    BEXLEY = "bexley", "Bexley"
    ONLINE = "online", "Online"


class Venue(index.Indexed, models.Model):
    name = models.CharField(max_length=120)
    area = models.CharField(max_length=10, choices=Area.choices)
    address = models.CharField(max_length=200, blank=True)
    town = models.CharField(max_length=80, blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    access_notes = models.TextField(
        blank=True, help_text="Step-free access, parking, hearing loops; for online events, how to join."
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("area"),
        FieldPanel("address"),
        FieldPanel("town"),
        FieldPanel("postcode"),
        FieldPanel("access_notes"),
    ]
    search_fields = [index.SearchField("name"), index.SearchField("town"), index.FilterField("area")]

    class Meta:
        ordering = ["area", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_area_display()})"

    @property
    def is_online(self) -> bool:
        return self.area == Area.ONLINE

    def clean(self):
        if not self.is_online and not (self.address and self.town and self.postcode):
            raise ValidationError("A venue in Kent, Medway or Bexley needs an address, town and postcode.")

    def short_location(self) -> str:
        """The venue and its town, without saying the town twice."""
        if self.is_online:
            return "Online"
        if self.town and self.town.lower() not in self.name.lower():
            return f"{self.name}, {self.town}"
        return self.name

    def one_line_address(self) -> str:
        return ", ".join(part for part in (self.name, self.address, self.town, self.postcode) if part)


class FAQCategory(Orderable):
    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    description = models.CharField(max_length=250, blank=True)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description")]

    class Meta(Orderable.Meta):
        verbose_name = "FAQ category"
        verbose_name_plural = "FAQ categories"

    def __str__(self) -> str:
        return self.name


class FAQQuerySet(SearchableQuerySetMixin, models.QuerySet):
    pass


class FAQ(index.Indexed, models.Model):
    question = models.CharField(max_length=200)
    answer = RichTextField(features=RICH_TEXT_FEATURES)
    category = models.ForeignKey(FAQCategory, on_delete=models.PROTECT, related_name="faqs")
    sort_order = models.PositiveIntegerField(default=0, help_text="Lower numbers come first in a category.")

    objects = FAQQuerySet.as_manager()

    panels = [FieldPanel("question"), FieldPanel("answer"), FieldPanel("category"), FieldPanel("sort_order")]
    search_fields = [
        index.SearchField("question", boost=3),
        index.AutocompleteField("question"),
        index.SearchField("answer"),
        index.FilterField("category"),
    ]

    class Meta:
        ordering = ["category__sort_order", "sort_order", "question"]
        verbose_name = "FAQ"
        verbose_name_plural = "FAQs"

    def __str__(self) -> str:
        return self.question


class CouncilContact(models.Model):
    """How to reach the agency's team in one council: printed in the information pack."""

    council = models.CharField(
        max_length=10, choices=[choice for choice in Area.choices if choice[0] != Area.ONLINE], unique=True
    )
    team_name = models.CharField(max_length=120, help_text="e.g. 'APSE in Medway'.")
    phone = models.CharField(max_length=30)
    email = models.EmailField()
    address = models.TextField(blank=True)
    opening_hours = models.CharField(
        max_length=120, blank=True, help_text="e.g. 'Monday to Friday, 9am to 5pm'."
    )

    panels = [
        FieldPanel("council"),
        FieldPanel("team_name"),
        FieldPanel("phone"),
        FieldPanel("email"),
        FieldPanel("address"),
        FieldPanel("opening_hours"),
    ]

    class Meta:
        ordering = ["council"]
        verbose_name = "council contact"

    def __str__(self) -> str:
        return self.team_name
