"""The least site a trust check needs: a home page, the enquiry page and a Kent recruitment worker.

Run inside the server's own settings (``python -m tests.trust.site_content``), after ``migrate``,
so the pages are in the database the server under test reads.
"""

import django


def main() -> None:
    django.setup()

    from django.conf import settings

    from wagtail.coreutils import get_supported_content_language_variant
    from wagtail.models import Locale, Page, Site

    from tests.factories import add_page, staff_member
    from website.models import EnquiryPage, HomePage, SiteSettings

    Locale.objects.get_or_create(language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE))
    root = Page.get_first_root_node()
    Page.objects.filter(depth=2).delete()
    home = HomePage(title="Home", slug="home", hero_heading="Could you give a child a home?")
    root.add_child(instance=home)
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "port": 80, "root_page": home}
    )
    enquire = add_page(
        home,
        EnquiryPage,
        title="Ask us about adopting",
        slug="enquire",
        intro="Tell us a little about yourself.",
        thanks_text="<p>We will talk about what you would like to know.</p>",
    )
    site_settings = SiteSettings.for_site(home.get_site())
    site_settings.phone = "0300 000 0000"
    site_settings.email = "hello@adoptionpartnership.example"
    site_settings.enquire_page = enquire
    site_settings.save()
    staff_member("kent.worker", council="kent")


if __name__ == "__main__":
    main()
