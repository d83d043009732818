"""A translated resource's languages, phones and places get HSDS ids of their own.

Connected in DirectoryConfig.ready(), with the translation-source refresh for resources
(core/signal_handlers.py).
"""

from django.db.models.signals import post_save, pre_save
from wagtail.models import Locale

from cancerhelp.core.signal_handlers import on_snippet_saved

from .models.records import Service, ServiceAtLocation, ServiceLanguage, ServicePhone, stable_uuid


def give_translated_child_its_own_hsds_id(sender, instance, raw=False, **kwargs):
    """A translation copies a service's languages, phones and places with their HSDS ids.

    HSDS ids are unique, so the copy under a Spanish twin gets an id of its own, derived
    from the English one (the same on every install).
    """
    if raw or not instance._state.adding or instance.service.locale_id == Locale.get_default().pk:
        return
    if sender.objects.filter(hsds_id=instance.hsds_id).exists():
        locale = instance.service.locale.language_code
        instance.hsds_id = stable_uuid("translation", locale, str(instance.hsds_id))


def connect():
    """Called from DirectoryConfig.ready()."""
    post_save.connect(on_snippet_saved, sender=Service, dispatch_uid="cancerhelp-sync-Service")
    for model in (ServiceLanguage, ServicePhone, ServiceAtLocation):
        pre_save.connect(
            give_translated_child_its_own_hsds_id,
            sender=model,
            dispatch_uid=f"cancerhelp-hsds-id-{model.__name__}",
        )
