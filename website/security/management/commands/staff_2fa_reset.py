"""``manage.py staff_2fa_reset USERNAME``: for someone who has lost the phone with their authenticator app,
or who has never set one up (the first administrator of a new site, say).

It forgets their app and prints an invitation: a link that works once, for 72 hours, for that
person signed in with their own password. Check who is asking before running it, and send the
link by a way you know reaches them.
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from website.security.invitations import INVITATION_HOURS, invitation_issue
from website.security.two_factor import two_factor_reset


class Command(BaseCommand):
    help = "Forget a person's authenticator app and print an invitation to set up a new one."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username: str, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"There is no user called {username!r}.")
        count = two_factor_reset(user=user)
        issued = invitation_issue(user=user)
        self.stdout.write(f"Removed {count} authenticator app(s) for {username}.")
        self.stdout.write(
            f"Send them this invitation to set up two-step sign-in. It works once, for {INVITATION_HOURS} "
            f"hours, after they sign in with their own password:\n{issued.url}"
        )
