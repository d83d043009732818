from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "cancerhelp.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self):
        from . import signal_handlers

        signal_handlers.connect()
