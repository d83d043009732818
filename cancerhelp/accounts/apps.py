from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    """Editors' accounts: two-factor sign-in, lockout, password and session rules."""

    name = "cancerhelp.accounts"
    verbose_name = _("Editors' accounts")
