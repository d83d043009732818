"""What a locked-out sign-in gets (django-axes calls this): a 429 that says when to retry."""

from django.conf import settings
from django.shortcuts import render


def cool_off_seconds():
    return int(settings.AXES_COOLOFF_TIME.total_seconds())


def lockout_response(request, original_response=None, credentials=None):
    seconds = cool_off_seconds()
    response = render(
        request, "accounts/lockout.html", {"cooloff_minutes": max(1, round(seconds / 60))}, status=429
    )
    response["Retry-After"] = str(seconds)
    return response


def client_address(request):
    from cancerhelp.core.client import client_address as address

    return address(request)
