"""What a locked-out sign-in gets (django-axes calls this): a 429 that says when to retry."""

from django.conf import settings
from django.shortcuts import render
from django.utils import translation


def cool_off_seconds():
    return int(settings.AXES_COOLOFF_TIME.total_seconds())


def lockout_response(request, original_response=None, credentials=None):
    seconds = cool_off_seconds()
    # The admin is outside the language prefix: answer in the browser's language.
    with translation.override(translation.get_language_from_request(request)):
        response = render(
            request, "accounts/lockout.html", {"cooloff_minutes": max(1, round(seconds / 60))}, status=429
        )
    response["Retry-After"] = str(seconds)
    return response


def client_address(request):
    from cancerhelp.core.client import client_address as address

    return address(request)
