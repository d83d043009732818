"""Security headers for every response (Django's SecurityMiddleware sends the rest)."""

from .csp import content_security_policy

PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=(), interest-cohort=()"
)
# The CMS brings its own scripts and inline styles; its pages get a looser policy.
ADMIN_PREFIXES = ("/admin/", "/django-admin/")


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        response.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        if getattr(request, "is_preview", False):
            # Wagtail renders a preview through the middleware with the page's own path; the
            # admin shows it in a same-origin frame (X-Frame-Options: SAMEORIGIN from Wagtail).
            response.setdefault("Content-Security-Policy", content_security_policy("'self'"))
        elif not request.path.startswith(ADMIN_PREFIXES):
            response.setdefault("Content-Security-Policy", content_security_policy())
        else:
            response.setdefault("Content-Security-Policy", "frame-ancestors 'self'; object-src 'none'")
        return response
