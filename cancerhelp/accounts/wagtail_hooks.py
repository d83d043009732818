"""Admin wiring: the two-factor pages, the account menu entry, the administrators' list."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import views


@hooks.register("register_admin_urls")
def two_factor_urls():
    return [
        path("two-factor/", views.two_factor, name="accounts_two_factor"),
        path("two-factor/manage/", views.manage, name="accounts_manage"),
        path("two-factor/users/", views.users, name="accounts_users"),
        path("two-factor/users/<int:user_id>/reset/", views.reset, name="accounts_reset"),
    ]


@hooks.register("register_account_menu_item")
def two_factor_account_item(request):
    return {
        "url": reverse("accounts_manage"),
        "label": _("Two-factor sign-in"),
        "help_text": _("Your authenticator app and recovery codes."),
    }


class ResetDevicesMenuItem(MenuItem):
    def is_shown(self, request):
        return views.may_reset_devices(request.user)


@hooks.register("register_settings_menu_item")
def two_factor_users_item():
    return ResetDevicesMenuItem(
        _("Two-factor sign-in"), reverse("accounts_users"), name="two-factor", icon_name="key", order=650
    )
