"""Site-wide settings the marketing team edits: contact details, social links and navigation.

https://docs.wagtail.org/en/stable/reference/contrib/settings.html
"""

from django.db import models

from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList, TabbedInterface
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField

from website.blocks import LinkBlock


@register_setting(icon="cog")
class SiteSettings(BaseSiteSetting):
    organisation_name = models.CharField(max_length=120, default="Adoption Partnership south east")
    phone = models.CharField(max_length=30, blank=True)
    email = models.EmailField(blank=True)
    address = models.TextField(blank=True)
    opening_hours = models.CharField(max_length=200, blank=True)
    footer_text = models.TextField(blank=True)

    facebook_url = models.URLField(blank=True)
    x_url = models.URLField("X (Twitter) URL", blank=True)
    youtube_url = models.URLField("YouTube URL", blank=True)
    instagram_url = models.URLField(blank=True)

    enquire_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Where the 'Enquire' button in the header goes.",
    )
    main_navigation = StreamField(
        [("link", LinkBlock())], blank=True, max_num=8, help_text="Up to 8 links across the top."
    )
    footer_navigation = StreamField([("link", LinkBlock())], blank=True, max_num=16)

    edit_handler = TabbedInterface(
        [
            ObjectList(
                [
                    FieldPanel("organisation_name"),
                    MultiFieldPanel(
                        [
                            FieldPanel("phone"),
                            FieldPanel("email"),
                            FieldPanel("address"),
                            FieldPanel("opening_hours"),
                        ],
                        heading="Contact details",
                    ),
                    FieldPanel("footer_text"),
                ],
                heading="Contact",
            ),
            ObjectList(
                [
                    FieldPanel("facebook_url"),
                    FieldPanel("x_url"),
                    FieldPanel("youtube_url"),
                    FieldPanel("instagram_url"),
                ],
                heading="Social media",
            ),
            ObjectList(
                [FieldPanel("enquire_page"), FieldPanel("main_navigation"), FieldPanel("footer_navigation")],
                heading="Navigation",
            ),
        ]
    )

    class Meta:
        verbose_name = "Site settings"

    def social_links(self) -> list[tuple[str, str]]:
        links = [
            ("Facebook", self.facebook_url),
            ("X (Twitter)", self.x_url),
            ("YouTube", self.youtube_url),
            ("Instagram", self.instagram_url),
        ]
        return [(name, url) for name, url in links if url]
