"""``manage.py staff_2fa_reset USERNAME``: for someone who has lost the phone with their authenticator app.

They set up a new app at their next sign-in, so check who is asking before running it.
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from website.security.two_factor import two_factor_reset


class Command(BaseCommand):
    help = "Forget a person's authenticator app, so they set up a new one at their next sign-in."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username: str, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"There is no user called {username!r}.")
        count = two_factor_reset(user=user)
        self.stdout.write(
            f"Removed {count} authenticator app(s) for {username}. They will set one up at next sign-in."
        )
