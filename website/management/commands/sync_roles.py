from django.core.management.base import BaseCommand

from website.roles import roles_sync


class Command(BaseCommand):
    help = "Create or update the staff role groups and their permissions."

    def handle(self, *args, **options):
        groups = roles_sync()
        self.stdout.write(self.style.SUCCESS(f"Roles up to date: {', '.join(groups)}"))
