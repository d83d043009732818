"""Forget an editor's authenticator app and recovery codes (they lost their phone).

The administrators' page in the admin does the same (Settings → Two-factor sign-in); this
command is for when no administrator can sign in.
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from cancerhelp.accounts.devices import reset_devices


class Command(BaseCommand):
    help = "Reset a user's two-factor sign-in: they set up an authenticator app again at next sign-in."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, username, **options):
        user_model = get_user_model()
        try:
            user = user_model.objects.get(**{user_model.USERNAME_FIELD: username})
        except user_model.DoesNotExist as error:
            raise CommandError(f"No user called {username!r}.") from error
        reset_devices(user)
        self.stdout.write(f"Two-factor sign-in reset for {username}: they enrol again at their next sign-in.")
