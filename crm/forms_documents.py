"""Forms for documents: a worker asking for one, and an applicant (or worker) sending one.

The upload form only checks that a file was chosen. What the file is, how large, and whether it
carries a virus are judged by ``crm.services.documents.document_upload``, whose reasons the view
puts on the form, so the page comes back with the exact problem beside the field.
"""

from django import forms
from django.conf import settings

from crispy_forms.helper import FormHelper

from core.forms import text_limits_show
from core.uploads import ACCEPT, size_words
from crm.models import DocumentRequest
from crm.services.documents import REQUEST_NOTE_MAX_LENGTH


class DocumentRequestForm(forms.Form):
    kind = forms.ChoiceField(
        label="Which document?",
        choices=DocumentRequest.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose which document to ask for."},
    )
    label = forms.CharField(
        label="Name of the document (for another document)",
        max_length=100,
        required=False,
        help_text="For example: payslip, or a letter from your GP.",
    )
    note = forms.CharField(
        label="Note to them (optional)",
        max_length=REQUEST_NOTE_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Shown to them on their page as you write it: what you need and why.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        text_limits_show(self)

    def clean(self):
        data = super().clean()
        if data.get("kind") == DocumentRequest.Kind.OTHER and not (data.get("label") or "").strip():
            self.add_error("label", "Say which document you are asking for, for example 'Payslip'.")
        return data


def upload_help() -> str:
    limit = size_words(settings.DOCUMENT_MAX_BYTES)
    return (
        f"A PDF, a photo (JPEG or PNG) or a Word document (.docx), up to {limit}. "
        "A clear photo from your phone is fine."
    )


class DocumentUploadForm(forms.Form):
    file = forms.FileField(
        label="Choose the file",
        allow_empty_file=True,  # an empty file is refused by the service, which says so in its words
        max_length=None,
        widget=forms.FileInput(attrs={"accept": ACCEPT}),
        error_messages={
            "required": "Choose a file to send.",
            "invalid": "We could not read that file. Choose it again and try once more.",
            "missing": "Choose a file to send.",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = upload_help()
        self.helper = FormHelper(self)
        self.helper.form_tag = False
        self.helper.disable_csrf = True
