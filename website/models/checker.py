"""The 'Can I adopt?' page. Questions and outcomes are content the marketing team edits."""

from django.db import models
from django.template.response import TemplateResponse

from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.search import index

from website.blocks.text import RICH_TEXT_FEATURES
from website.checker import FINE, LEVEL_CHOICES, CheckerForm
from website.forms_security import public_form

from .mixins import BasePage


class CheckerOptionBlock(blocks.StructBlock):
    label = blocks.CharBlock(max_length=120)
    outcome = blocks.ChoiceBlock(
        choices=LEVEL_CHOICES,
        default=FINE,
        help_text=(
            "How serious this answer is. The result's headline always comes from the most serious answer. "
            "Choose 'The law does not allow approval' only for what the law rules out."
        ),
    )
    feedback = blocks.TextBlock(max_length=500, help_text="What we tell someone who gives this answer.")


class CheckerQuestionBlock(blocks.StructBlock):
    key = blocks.RegexBlock(
        regex=r"^[a-z][a-z0-9_]{1,30}$",
        error_messages={
            "invalid": "Use lower-case letters, numbers and underscores, starting with a letter."
        },
        help_text="A short unique name for the question, e.g. age.",
    )
    question = blocks.CharBlock(max_length=200)
    help_text = blocks.CharBlock(required=False, max_length=300)
    options = blocks.ListBlock(CheckerOptionBlock(), min_num=2, max_num=5)

    class Meta:
        icon = "help"
        description = "A question with two to five answers, each with an outcome and feedback."


class CheckerQuestionsBlock(blocks.StreamBlock):
    question = CheckerQuestionBlock()

    def clean(self, value):
        value = super().clean(value)
        keys = [child.value["key"] for child in value]
        duplicates = sorted({key for key in keys if keys.count(key) > 1})
        if duplicates:
            raise blocks.StreamBlockValidationError(
                non_block_errors=[
                    f"Each question needs its own key. Used more than once: {', '.join(duplicates)}."
                ]
            )
        return value


class CheckerPage(BasePage):
    intro = models.TextField(blank=True, max_length=600)
    questions = StreamField(CheckerQuestionsBlock(), min_num=1)
    fine_heading = models.CharField(max_length=120, default="Nothing we have asked stops you adopting")
    fine_text = RichTextField(features=RICH_TEXT_FEATURES, blank=True)
    talk_heading = models.CharField(max_length=120, default="Talk to us about your situation")
    talk_text = RichTextField(features=RICH_TEXT_FEATURES, blank=True)
    not_yet_heading = models.CharField(
        max_length=120, default="Now may not be the right time, but it can change"
    )
    not_yet_text = RichTextField(features=RICH_TEXT_FEATURES, blank=True)
    barred_heading = models.CharField(
        max_length=120, default="The law does not allow us to approve you as an adopter"
    )
    barred_text = RichTextField(
        features=RICH_TEXT_FEATURES,
        blank=True,
        help_text="Say honestly what the law says, and how to talk to us in confidence.",
    )

    content_panels = BasePage.content_panels + [
        FieldPanel("intro"),
        FieldPanel("questions"),
        MultiFieldPanel(
            [FieldPanel("fine_heading"), FieldPanel("fine_text")], heading="Result: nothing stopping you"
        ),
        MultiFieldPanel([FieldPanel("talk_heading"), FieldPanel("talk_text")], heading="Result: talk to us"),
        MultiFieldPanel(
            [FieldPanel("not_yet_heading"), FieldPanel("not_yet_text")], heading="Result: not yet"
        ),
        MultiFieldPanel(
            [FieldPanel("barred_heading"), FieldPanel("barred_text")],
            heading="Result: the law does not allow approval",
        ),
    ]
    search_fields = BasePage.search_fields + [index.SearchField("intro")]

    parent_page_types = ["website.HomePage"]
    subpage_types: list[str] = []
    max_count = 1

    class Meta:
        verbose_name = "'Can I adopt?' checker page"

    def question_list(self) -> list[dict]:
        return [
            {
                "key": child.value["key"],
                "question": child.value["question"],
                "help_text": child.value["help_text"],
                "options": [dict(option) for option in child.value["options"]],
            }
            for child in self.questions
        ]

    def outcome_text(self, outcome: str) -> tuple[str, str]:
        """The editors' heading and text for an outcome level (``website.checker.LEVELS``)."""
        return getattr(self, f"{outcome}_heading"), getattr(self, f"{outcome}_text")

    @public_form
    def serve(self, request, *args, **kwargs):
        """Answers arrive by POST so they stay out of URLs and logs; nothing is stored."""
        questions = self.question_list()
        # An empty post (nothing ticked, and no token: the page is cached) must still show the errors.
        form = CheckerForm(request.POST if request.method == "POST" else None, questions=questions)
        context = self.get_context(request, *args, **kwargs)
        context["form"] = form
        if request.method == "POST" and form.is_valid():
            result = form.result()
            heading, text = self.outcome_text(result.outcome)
            context.update(result=result, result_heading=heading, result_text=text)
        response = TemplateResponse(request, self.get_template(request), context)
        if request.method == "POST":
            response["Cache-Control"] = "no-store"
        return response
