"""The address a request came from, for rate limits and login lockout.

Behind the production proxy (BEHIND_PROXY=on) every request arrives from the proxy, so the
client is the last address the proxy appended to X-Forwarded-For; anything before it was
written by the client and cannot be trusted. Otherwise REMOTE_ADDR is the client.
"""

from django.conf import settings


def client_address(request):
    if getattr(settings, "BEHIND_PROXY", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if hops:
            return hops[-1]
    return request.META.get("REMOTE_ADDR", "")
