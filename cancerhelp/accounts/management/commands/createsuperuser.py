"""Django's createsuperuser, but the password rules apply without a prompt too.

Django checks AUTH_PASSWORD_VALIDATORS only when it asks for the password; with --no-input
it takes DJANGO_SUPERUSER_PASSWORD as it is. Here a weak one is refused either way.
"""

import os

from django.contrib.auth import get_user_model
from django.contrib.auth.management.commands.createsuperuser import Command as DjangoCommand
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import CommandError


class Command(DjangoCommand):
    def handle(self, *args, **options):
        password = os.environ.get("DJANGO_SUPERUSER_PASSWORD")
        if not options["interactive"] and password:
            user_model = get_user_model()
            username = options.get(user_model.USERNAME_FIELD) or os.environ.get(
                "DJANGO_SUPERUSER_" + user_model.USERNAME_FIELD.upper(), ""
            )
            candidate = user_model(
                **{user_model.USERNAME_FIELD: username, "email": options.get("email") or ""}
            )
            try:
                validate_password(password, candidate)
            except ValidationError as error:
                raise CommandError("; ".join(error.messages)) from error
        return super().handle(*args, **options)
