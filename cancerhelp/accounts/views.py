"""The second step of signing in, enrolment, recovery codes, and resetting an editor's devices."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django_otp import login as otp_login

from . import devices
from .forms import TokenForm


def _next_url(request):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return reverse("wagtailadmin_home")


@never_cache
@sensitive_post_parameters("token")
def two_factor(request):
    """Ask for the code from the authenticator app (or a recovery code); enrol first if needed."""
    if request.method not in ("GET", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    user = request.user
    next_url = _next_url(request)
    if user.is_verified():
        return HttpResponseRedirect(next_url)
    app = devices.confirmed_app(user)
    form = TokenForm(request.POST or None)
    if app is None:
        return _enrol(request, form, next_url)
    if request.method == "POST" and form.is_valid():
        device = devices.verify_second_factor(user, form.cleaned_data["token"])
        if device is not None:
            otp_login(request, device)
            if device.persistent_id != app.persistent_id:
                left = devices.remaining_recovery_codes(user)
                text = ngettext(
                    "You used a recovery code. You have %(count)d left.",
                    "You used a recovery code. You have %(count)d left.",
                    left,
                )
                messages.warning(request, text % {"count": left})
            return HttpResponseRedirect(next_url)
        form.add_error("token", _("That code is not right, or it was already used. Try the newest code."))
    status = 400 if form.is_bound and form.errors else 200
    context = {"form": form, "next": next_url}
    return TemplateResponse(request, "accounts/verify.html", context, status=status)


def _enrol(request, form, next_url):
    user = request.user
    pending = devices.pending_app(user)
    if request.method == "POST" and form.is_valid():
        if pending.verify_token(form.cleaned_data["token"]):
            pending.confirmed = True
            pending.save(update_fields=["confirmed"])
            otp_login(request, pending)
            codes = devices.new_recovery_codes(user)
            return TemplateResponse(
                request, "accounts/recovery_codes.html", {"codes": codes, "next": next_url, "enrolled": True}
            )
        form.add_error("token", _("That code is not right. Check the app and enter the newest code."))
    context = {
        "form": form,
        "next": next_url,
        "qr_code": devices.qr_code_svg(pending, _("QR code for your authenticator app")),
        "key": devices.readable_key(pending),
    }
    status = 400 if form.is_bound and form.errors else 200
    return TemplateResponse(request, "accounts/enrol.html", context, status=status)


@never_cache
def manage(request):
    """An editor's own second factor: what is set up, and a fresh sheet of recovery codes."""
    user = request.user
    if request.method == "POST":
        codes = devices.new_recovery_codes(user)
        return TemplateResponse(
            request,
            "accounts/recovery_codes.html",
            {"codes": codes, "next": reverse("accounts_manage"), "enrolled": False},
        )
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET", "POST"])
    context = {
        "app": devices.confirmed_app(user),
        "recovery_codes_left": devices.remaining_recovery_codes(user),
    }
    return TemplateResponse(request, "accounts/manage.html", context)


RESET_PERMISSION = "auth.change_user"  # the Administrators role has it (quality/roles.py)


def may_reset_devices(user):
    """Superusers, and people who manage users (the Administrators role)."""
    return user.is_superuser or user.has_perm(RESET_PERMISSION)


def resettable_users(user):
    """Whose devices `user` may reset: a non-superuser never resets a superuser's (that would
    open a superuser account to whoever knows or resets its password)."""
    people = get_user_model().objects.filter(is_active=True)
    return people if user.is_superuser else people.filter(is_superuser=False)


def _require_reset_permission(request):
    if not may_reset_devices(request.user):
        raise PermissionDenied


@never_cache
def users(request):
    """Administrators see who has two-factor sign-in set up and can reset a lost device."""
    _require_reset_permission(request)
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    rows = [
        {
            "user": user,
            "enrolled": devices.confirmed_app(user) is not None,
            "recovery_codes_left": devices.remaining_recovery_codes(user),
        }
        for user in resettable_users(request.user).order_by("username")
    ]
    return TemplateResponse(request, "accounts/users.html", {"rows": rows})


@never_cache
def reset(request, user_id):
    """Forget a user's authenticator and recovery codes (POST): they enrol again next sign-in."""
    _require_reset_permission(request)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    user = get_object_or_404(resettable_users(request.user), pk=user_id)
    devices.reset_devices(user)
    messages.success(
        request,
        _("Two-factor sign-in was reset for %(name)s: they set it up again at their next sign-in.")
        % {"name": user.get_username()},
    )
    return HttpResponseRedirect(reverse("accounts_users"))
