"""The "Share your story" form: who sent it (for APSE only), the name to publish, the story, a photo, consent.

The form checks what was typed. The photo itself (its size, what it really is, viruses) is judged by
``website.story_submissions.story_photo_judge``, whose reason the view puts beside the field, as the
applicant's document upload does. ``website`` is a honeypot: filling it is not an error; nothing is kept.
"""

from django import forms
from django.conf import settings
from django.db import models

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Field, Layout

from core import consent
from core.forms import LongTextField, text_limits_show
from core.spam import form_token
from core.uploads import size_words

STORY_MIN_LENGTH = 100
STORY_MAX_LENGTH = 10_000
PHOTO_ACCEPT = ".jpg,.jpeg,.png"
PHOTO_RULES = (
    "Photos that show a child's face cannot be used, to keep children safe, "
    "so please send a photo of yourself only."
)
PHOTO_AGAIN = "Your photo was not kept while the form had a problem: choose it again."


class NameChoice(models.TextChoices):
    FIRST_NAMES = "first_names", "Our first names only"
    PSEUDONYM = "pseudonym", "A made-up name"
    ANONYMOUS = "anonymous", "No name: anonymous"


def photo_help() -> str:
    return f"A JPEG or PNG, up to {size_words(settings.STORY_PHOTO_MAX_BYTES)}. {PHOTO_RULES}"


class StoryShareForm(forms.Form):
    name = forms.CharField(
        label="Your full name",
        max_length=100,
        help_text="For us only: it is never published.",
        error_messages={"required": "Enter your name, so we know who sent the story."},
        widget=forms.TextInput(attrs={"autocomplete": "name", "spellcheck": "false"}),
    )
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        help_text="For us only: we email you a link to withdraw your story at any time.",
        error_messages={
            "required": "Enter your email address, so we can send you the link to withdraw your story.",
            "invalid": "Enter an email address in the correct format, like name@example.com.",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    name_choice = forms.ChoiceField(
        label="How should we name you when we publish your story?",
        choices=NameChoice.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how we should name you when we publish your story."},
    )
    published_name = forms.CharField(
        label="The name to publish (unless anonymous)",
        max_length=60,
        required=False,
        help_text="Your first names, like 'Priya and Sam', or a made-up name. Never a child's name.",
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    title = forms.CharField(
        label="A title for your story",
        max_length=120,
        error_messages={"required": "Give your story a title, like 'How we became a family of four'."},
    )
    story = LongTextField(
        label="Your story",
        min_length=STORY_MIN_LENGTH,
        max_length=STORY_MAX_LENGTH,
        help_text="Please leave out children's names, schools and where you live.",
        error_messages={
            "required": "Write your story in the box.",
            "min_length": (
                f"Your story needs at least {STORY_MIN_LENGTH} characters: tell us a little more. "
                "You have entered %(show_value)d."
            ),
        },
        widget=forms.Textarea(attrs={"rows": 12}),
    )
    photo = forms.FileField(
        label="A photo of yourself (optional)",
        required=False,
        allow_empty_file=True,  # an empty file is refused by the service, in its words
        max_length=None,
        widget=forms.FileInput(attrs={"accept": PHOTO_ACCEPT}),
        error_messages={"invalid": "We could not read that photo. Choose it again and try once more."},
    )
    photo_only_me = forms.BooleanField(
        label="The photo shows me (and any other adults in it agreed), and no child's face.",
        required=False,
    )
    consent = forms.BooleanField(
        label=consent.STORY_PUBLISH.text,
        error_messages={"required": "Tick the box to say we may publish your story."},
    )
    wording_version = forms.CharField(widget=forms.HiddenInput, required=False, max_length=40)
    form_token = forms.CharField(widget=forms.HiddenInput, required=False, max_length=200)
    website = forms.CharField(
        label="Leave this empty",
        required=False,
        max_length=500,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("wording_version", consent.STORY_PUBLISH.version)
        self.fields["photo"].help_text = photo_help()
        self.helper = FormHelper(self)
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Field("name", wrapper_class="input-width-30"),
            Field("email", wrapper_class="input-width-30"),
            "name_choice",
            Field("published_name", wrapper_class="input-width-20"),
            Field("title", wrapper_class="input-width-30"),
            "story",
            "photo",
            "photo_only_me",
            "consent",
            Div("website", css_class="form-trap", aria_hidden="true"),
            "wording_version",
            "form_token",
        )
        text_limits_show(self)

    @classmethod
    def blank(cls) -> "StoryShareForm":
        """The empty form, with a note of when it was shown (``core.spam``)."""
        return cls(initial={"form_token": form_token()})

    def clean_email(self) -> str:
        return self.cleaned_data["email"].strip().lower()

    def clean_name(self) -> str:
        return " ".join(self.cleaned_data["name"].split())

    def clean_title(self) -> str:
        return " ".join(self.cleaned_data["title"].split())

    def clean_published_name(self) -> str:
        return " ".join(self.cleaned_data["published_name"].split())

    def clean_story(self) -> str:
        story = self.cleaned_data["story"].strip()
        if len(story) < STORY_MIN_LENGTH:
            raise forms.ValidationError(
                f"Your story needs at least {STORY_MIN_LENGTH} characters: tell us a little more."
            )
        return story

    def clean(self):
        cleaned = super().clean()
        choice = cleaned.get("name_choice")
        if choice and choice != NameChoice.ANONYMOUS and not cleaned.get("published_name"):
            which = "your first names" if choice == NameChoice.FIRST_NAMES else "the made-up name"
            self.add_error("published_name", f"Enter {which} to publish, or choose anonymous.")
        if cleaned.get("photo") and not cleaned.get("photo_only_me"):
            self.add_error(
                "photo_only_me",
                "Tick the box to say the photo shows no child's face, or send your story without a photo.",
            )
        posted = cleaned.get("wording_version")
        if posted and posted != consent.STORY_PUBLISH.version:
            self.add_error(
                "consent",
                "The wording of this box has changed since the page loaded. Read it and tick it again.",
            )
        return cleaned

    @property
    def is_trapped(self) -> bool:
        return bool(self.cleaned_data.get("website"))

    def published_name_value(self) -> str:
        if self.cleaned_data["name_choice"] == NameChoice.ANONYMOUS:
            return ""
        return self.cleaned_data["published_name"]
