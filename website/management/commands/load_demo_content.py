"""``manage.py load_demo_content``: the demo site, for development and demonstrations only.

It makes a superuser called ``admin`` among the demo staff. With ``DEBUG`` on (development) they
all get the password listed in the README; anywhere else the command refuses to run unless told
``--i-know-this-is-not-production``, and even then gives them no password that works.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from website.demo.loader import load_demo_content


class Command(BaseCommand):
    help = (
        "Build the demo site: pages, stories, events, FAQs, images and demo staff users. Safe to run again. "
        "Refuses to run with DEBUG off unless given --i-know-this-is-not-production."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--i-know-this-is-not-production",
            action="store_true",
            dest="not_production",
            help="Load the demo with DEBUG off (a demonstration server). The demo staff get no usable password.",
        )

    def handle(self, *args, not_production: bool = False, **options):
        if not settings.DEBUG and not not_production:
            raise CommandError(
                "DEBUG is off, so this may be a live site: the demo content adds made-up families and staff "
                "accounts, among them a superuser. Nothing was loaded. If this is a demonstration server, run "
                "it again with --i-know-this-is-not-production."
            )
        report = load_demo_content(known_passwords=settings.DEBUG)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo content ready: {len(report.created)} things created, {len(report.updated)} already there."
            )
        )
        if not settings.DEBUG:
            self.stdout.write(
                "The demo staff have no password that works. Set one for each person who needs it with "
                "manage.py changepassword USERNAME."
            )
