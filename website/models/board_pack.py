"""The board pack: the Insight figures of one quarter or financial year, with the Head of Service's commentary.

Its figures are gathered once, by a Celery task (``website.board_pack``), from the Insight screens' own
builders, and kept as the screens showed them (each cell's displayed value, the small-number rule
applied), so a published pack says what the Board was told even after later records change it.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from crm.models import Council


class BoardPack(models.Model):
    class Kind(models.TextChoices):
        QUARTER = "quarter", "Quarter"
        YEAR = "year", "Financial year"

    class State(models.TextChoices):
        DRAFT = "draft", "Waiting to be made"
        MAKING = "making", "Being made"
        READY = "ready", "Ready for commentary"
        FAILED = "failed", "Could not be made"
        PUBLISHED = "published", "Published"

    kind = models.CharField(max_length=10, choices=Kind.choices)
    date_from = models.DateField()
    date_to = models.DateField()
    # Blank: the whole partnership (regional).
    council = models.CharField(max_length=20, choices=Council.choices, blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.DRAFT)
    # {"sections": [{"key", "title", "note", "tables": [{"caption", "header", "rows", "totals", "note"}]}]}
    figures = models.JSONField(default=dict, blank=True)
    # {section key: text}
    commentary = models.JSONField(default=dict, blank=True)
    sections_done = models.PositiveSmallIntegerField(default=0)
    sections_total = models.PositiveSmallIntegerField(default=0)
    failure = models.TextField(blank=True)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="board_packs_made"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    making_since = models.DateTimeField(null=True, blank=True)
    made_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="board_packs_published",
    )
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-date_to", "council", "-requested_at"]

    def __str__(self) -> str:
        return f"Board pack {self.period_label}, {self.scope_label}"

    @property
    def scope_label(self) -> str:
        return Council(self.council).label if self.council else "Regional (all councils)"

    @property
    def period_label(self) -> str:
        start = self.date_from.year if self.date_from.month >= 4 else self.date_from.year - 1
        year = f"{start}–{str(start + 1)[-2:]}"
        if self.kind == self.Kind.YEAR:
            return f"Financial year {year}"
        quarter = (self.date_from.month - 4) % 12 // 3 + 1
        return f"Quarter {quarter} of {year} ({self.date_from:%-d %B %Y} to {self.date_to:%-d %B %Y})"

    @property
    def sections(self) -> list[dict]:
        return self.figures.get("sections", [])
