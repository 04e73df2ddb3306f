"""Form helpers every public form shares: limits that are said and counted, never cut silently."""

import html
import re

from django import forms
from django.utils.html import strip_tags

# Free text at least this long shows how much is left as the visitor types (static/js/site.js).
COUNTED_FROM = 200


class LongTextField(forms.CharField):
    """Free text whose line breaks count once, as the visitor's browser counts them.

    Browsers send every line break in a text area as two characters (CR LF) but count it as one, so
    without this a message that the live count said would fit could still be too long.
    """

    def to_python(self, value):
        value = super().to_python(value)
        return value.replace("\r\n", "\n") if isinstance(value, str) else value


def text_limits_show(form: forms.Form) -> None:
    """Never cut what a visitor types: limits are said, counted and checked, not enforced by the browser.

    Django renders ``max_length`` as HTML ``maxlength``, which silently drops whatever is typed or
    pasted past the limit. So every visible text field loses it; fields long enough to write in say
    their limit and carry ``data-char-limit`` for the live count (not an email address: nobody writes
    one that long); and an answer that is too long gets
    an error that says by how much, with everything they typed kept. Call at the end of ``__init__``.
    """
    for name, field in form.fields.items():
        limit = getattr(field, "max_length", None)
        if not limit or field.widget.is_hidden or name == "website":
            continue
        field.widget.attrs.pop("maxlength", None)
        if "max_length" not in field.error_messages:
            label = html.unescape(strip_tags(str(field.label or name.replace("_", " ").capitalize())))
            label = re.sub(r"\s*\(.*\)$", "", label)  # "(optional)" and the like
            field.error_messages["max_length"] = (
                f"{label} must be {limit:,} characters or fewer. You have entered %(show_value)d characters."
            )
        written = (
            isinstance(field.widget, forms.Textarea) or getattr(field.widget, "input_type", "") == "text"
        )
        if written and limit >= COUNTED_FROM:
            field.widget.attrs["data-char-limit"] = str(limit)
            limit_text = f"You can enter up to {limit:,} characters."
            field.help_text = f"{field.help_text} {limit_text}" if field.help_text else limit_text
