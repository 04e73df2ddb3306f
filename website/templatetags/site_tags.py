"""Template tags for the public site: pictures, icons and structured data."""

import json

from django import template
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from website.images import SOCIAL_SPEC, picture_html_kept, rendition_url_kept

register = template.Library()

# JSON in a <script> must not be able to close the element or open a comment.
_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def _content_version(context) -> str | None:
    """The page cache's version of the site's content for this request, if the page cache read it."""
    return getattr(context.get("request"), "page_cache_version", None)


@register.simple_tag(takes_context=True)
def picture(context, image, size: str, alt: str | None = None, loading: str = "lazy", css_class: str = ""):
    """A responsive ``<picture>``. Without ``alt``, the text is the description the image's editor
    typed, and an image without one is decorative (``alt=""``). Never the image's title: Wagtail's
    ``default_alt_text`` falls back to it, and a title is often a file name, not a description.
    Pass ``alt=""`` where the picture repeats what is next to it (a card's image beside its link).
    """
    if not image:
        return ""
    described = (getattr(image, "description", "") or "").strip()
    attrs = {"alt": described if alt is None else alt, "loading": loading}
    if css_class:
        attrs["class"] = css_class
    if loading == "eager":
        attrs["fetchpriority"] = "high"
    # Wagtail's Picture escapes every attribute value it renders.
    return mark_safe(picture_html_kept(image, size, version=_content_version(context), **attrs))  # noqa: S308


@register.simple_tag
def icon(name: str, css_class: str = ""):
    return format_html(
        '<svg class="icon {}" aria-hidden="true" focusable="false"><use href="{}#{}"></use></svg>',
        css_class,
        static("img/icons.svg"),
        name,
    )


@register.simple_tag(takes_context=True)
def share_image_url(context, page) -> str:
    image = page.get_share_image() if page and hasattr(page, "get_share_image") else None
    request = context["request"]
    if image:
        return request.build_absolute_uri(
            rendition_url_kept(image, SOCIAL_SPEC, version=_content_version(context))
        )
    return request.build_absolute_uri(static("img/social-default.png"))


def organization_data(request, site_settings, site) -> dict:
    root = site.root_url if site else request.build_absolute_uri("/").rstrip("/")
    data = {
        "@context": "https://schema.org",
        "@type": "GovernmentOrganization",
        "@id": f"{root}/#organization",
        "name": site_settings.organisation_name,
        "url": f"{root}/",
        "logo": request.build_absolute_uri(static("img/apse-logo.png")),
        "areaServed": ["Kent", "Medway", "London Borough of Bexley"],
        "parentOrganization": [
            {"@type": "GovernmentOrganization", "name": "Kent County Council"},
            {"@type": "GovernmentOrganization", "name": "Medway Council"},
            {"@type": "GovernmentOrganization", "name": "London Borough of Bexley"},
        ],
    }
    if site_settings.email:
        data["email"] = site_settings.email
    if site_settings.phone:
        data["telephone"] = site_settings.phone
    same_as = [url for _, url in site_settings.social_links()]
    if same_as:
        data["sameAs"] = same_as
    return data


@register.simple_tag(takes_context=True)
def structured_data(context):
    """Every page's JSON-LD: the Organization, then whatever the page describes itself as."""
    from wagtail.models import Site

    from website.models import SiteSettings

    request = context["request"]
    site = Site.find_for_request(request)
    site_settings = SiteSettings.for_request(request)
    objects = [organization_data(request, site_settings, site)]
    page = context.get("page")
    if page is not None and hasattr(page, "get_structured_data"):
        objects.extend(page.get_structured_data(request))
    scripts = [
        '<script type="application/ld+json">'
        + json.dumps(item, ensure_ascii=False, separators=(",", ":")).translate(_JSON_SCRIPT_ESCAPES)
        + "</script>"
        for item in objects
    ]
    # Safe: the JSON has <, > and & escaped, so it cannot end the script element.
    return mark_safe("\n".join(scripts))  # noqa: S308


@register.filter
def gov_time(value) -> str:
    """'6:30pm', '7pm', 'midday': times as GOV.UK style writes them, in local time."""
    from django.utils import timezone

    if not value:
        return ""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    if local.hour == 12 and local.minute == 0:
        return "midday"
    hour = local.hour % 12 or 12
    suffix = "am" if local.hour < 12 else "pm"
    return f"{hour}{suffix}" if local.minute == 0 else f"{hour}:{local.minute:02d}{suffix}"


@register.simple_tag
def consent_wording(purpose: str, part: str = "text") -> str:
    """The exact words (or version) of a consent, from ``core.consent``, so templates never copy them."""
    from core import consent

    wording = {
        "contact": consent.CONTACT,
        "newsletter": consent.NEWSLETTER,
        "information_pack": consent.INFORMATION_PACK,
    }[purpose]
    return getattr(wording, "version" if part == "version" else "text")


# The "Share your story" page's address, as this process last read it, with the page cache version it
# read it under (``website.cache``): the footer shows it on every page, and publishing moves the version.
_share_story: dict[str, str | None] = {"version": None, "url": ""}


@register.simple_tag(takes_context=True)
def share_story_url(context) -> str:
    """The address of the "Share your story" page, or "" while none is live (for the footer)."""
    from website.models import ShareStoryPage

    version = _content_version(context)
    if version is None or _share_story["version"] != version:
        page = ShareStoryPage.objects.live().public().first()
        _share_story.update(version=version, url=page.url if page else "")
    return _share_story["url"]
