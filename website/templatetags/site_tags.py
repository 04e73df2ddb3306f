"""Template tags for the public site: pictures, icons, structured data and fragments kept per content version."""

import hashlib
import json

from django import template
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from website.fragments import content_cached
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
    """Every page's JSON-LD: the Organization, then whatever the page describes itself as.

    Kept per page and content version (``website.fragments``): the FAQ page's lists every answer.
    """
    request = context["request"]
    page = context.get("page")
    # Safe: the JSON has <, > and & escaped, so it cannot end the script element.
    return mark_safe(  # noqa: S308
        content_cached(
            request,
            "structured-data",
            getattr(page, "pk", None),
            make=lambda: _structured_data(request, page),
        )
    )


def _structured_data(request, page) -> str:
    from wagtail.models import Site

    from website.models import SiteSettings

    site = Site.find_for_request(request)
    site_settings = SiteSettings.for_request(request)
    objects = [organization_data(request, site_settings, site)]
    if page is not None and hasattr(page, "get_structured_data"):
        objects.extend(page.get_structured_data(request))
    scripts = [
        '<script type="application/ld+json">'
        + json.dumps(item, ensure_ascii=False, separators=(",", ":")).translate(_JSON_SCRIPT_ESCAPES)
        + "</script>"
        for item in objects
    ]
    return "\n".join(scripts)


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


class FragmentNode(template.Node):
    def __init__(self, nodelist, name, vary):
        self.nodelist, self.name, self.vary = nodelist, name, vary

    def render(self, context):
        vary = [value.resolve(context) for value in self.vary]
        html = content_cached(
            context.get("request"),
            self.name.resolve(context),
            *vary,
            make=lambda: self.nodelist.render(context),
        )
        # Safe: what the template itself rendered, autoescaped as usual.
        return mark_safe(html)  # noqa: S308


@register.tag("fragment")
def do_fragment(parser, token):
    """``{% fragment "name" value ... %}...{% endfragment %}``: what is inside, kept per content version.

    The fragment is made once per process for each content version, scheme and host, and set of
    values after the name (``website.fragments``); pass every value from the context that changes
    what is inside, and keep anything that differs from one visitor to the next outside it.
    """
    bits = token.split_contents()[1:]
    if not bits:
        raise template.TemplateSyntaxError("fragment needs a name")
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    return FragmentNode(
        nodelist, parser.compile_filter(bits[0]), [parser.compile_filter(bit) for bit in bits[1:]]
    )


@register.filter
def form_fingerprint(form) -> str:
    """What an empty form's markup depends on: its class, fields, labels and initial values.

    Not its one-off double-submit key: a page kept whole shares one with everyone who sees it, and
    the services combine it with what was typed (``website.cache``).
    """
    fields = tuple(
        (name, str(field.label), repr(form.get_initial_for_field(field, name)))
        for name, field in form.fields.items()
        if name != "submission_key"
    )
    return hashlib.sha256(repr((type(form).__qualname__, fields)).encode()).hexdigest()


@register.simple_tag(takes_context=True)
def main_navigation(context):
    """The header's navigation, kept per content version and per link marked as the current page."""
    from website.models import SiteSettings

    request = context["request"]
    site_settings = SiteSettings.for_request(request)
    links = content_cached(
        request,
        "navigation-links",
        make=lambda: [(block.value.href(), block.value.text()) for block in site_settings.main_navigation],
    )
    path = request.path
    current = tuple(i for i, (href, _) in enumerate(links) if path == href or (href != "/" and href in path))
    # Safe: rendered by the template, autoescaped as usual.
    return mark_safe(  # noqa: S308
        content_cached(
            request,
            "navigation",
            current,
            make=lambda: render_to_string(
                "includes/main_navigation.html",
                {"links": [(href, text, i in current) for i, (href, text) in enumerate(links)]},
            ),
        )
    )
