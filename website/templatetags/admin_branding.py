"""The partnership's name in the admin's branding blocks, from ``WAGTAIL_SITE_NAME``.

https://docs.wagtail.org/en/stable/advanced_topics/customization/admin_templates.html#custom-branding
"""

from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def admin_site_name() -> str:
    return settings.WAGTAIL_SITE_NAME
