"""Two-factor sign-in is required for everything an account can reach.

After the password, a signed-in but not yet OTP-verified user can open only the two-factor
page (to enrol or to give a code), sign out, or reset a password. Any other admin address
sends them to the two-factor page; outside the admin they are treated as anonymous, so a
password alone opens nothing (private pages and documents included).
Needs django_otp's OTPMiddleware before it.
"""

from urllib.parse import urlencode

from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponseRedirect
from django.urls import reverse

# Views an unverified user may reach: the second step itself and the way out.
OPEN_BEFORE_SECOND_FACTOR = {
    "accounts_two_factor",
    "wagtailadmin_login",
    "wagtailadmin_logout",
    "wagtailadmin_password_reset",
    "wagtailadmin_password_reset_done",
    "wagtailadmin_password_reset_confirm",
    "wagtailadmin_password_reset_complete",
    "wagtailadmin_javascript_catalog",
    "wagtailadmin_sprite",  # the icons (public: the sign-in page uses them too)
}


def needs_second_factor(user):
    return user.is_authenticated and not user.is_verified()


class RequireTwoFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not needs_second_factor(request.user):
            return None
        match = request.resolver_match
        name = match.url_name if match else None
        if name in OPEN_BEFORE_SECOND_FACTOR:
            return None
        if request.path.startswith(reverse("wagtailadmin_home")):
            query = urlencode({"next": request.get_full_path()})
            return HttpResponseRedirect(f"{reverse('accounts_two_factor')}?{query}")
        request.user = AnonymousUser()
        return None
