from django.core.management.base import BaseCommand

from website.demo.loader import load_demo_content


class Command(BaseCommand):
    help = (
        "Build the demo site: pages, stories, events, FAQs, images and demo staff users. Safe to run again."
    )

    def handle(self, *args, **options):
        report = load_demo_content()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo content ready: {len(report.created)} things created, {len(report.updated)} already there."
            )
        )
