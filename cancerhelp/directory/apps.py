from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "cancerhelp.directory"
    label = "directory"
    verbose_name = _("Directory")

    def ready(self):
        from . import signal_handlers

        signal_handlers.connect()
