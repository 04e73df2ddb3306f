from django import template
from django.utils.safestring import mark_safe

from website.security.html import clean_html as clean

register = template.Library()


@register.filter(is_safe=True)
def clean_html(value) -> str:
    """Rich text with nothing but plain markup left (see ``website.security.html``)."""
    # Safe: nh3 has just removed every element and attribute outside the allow-list.
    return mark_safe(clean(str(value or "")))  # noqa: S308  # nosec B308


@register.simple_tag
def csp_nonce() -> str:
    """This admin response's Content-Security-Policy nonce, for ``<script nonce="{% csp_nonce %}">``."""
    from website.security.csp import csp_nonce as current

    return current()
