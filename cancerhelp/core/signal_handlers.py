"""Keep a Spanish twin waiting for translation when its English source changes.

Connected in CoreConfig.ready() for pages and help lines; other apps connect their own
translatable snippets to `on_snippet_saved` in their signal_handlers.py.
"""

import logging

from django.db import transaction
from django.db.models.signals import post_save
from wagtail.models import TranslatableMixin
from wagtail.signals import page_published
from wagtail_localize.models import TranslationSource

logger = logging.getLogger(__name__)


def sync_translation_source(instance):
    """Refresh the translation source of an English object that has enabled translations.

    Stock wagtail-localize only refreshes it when an editor clicks "Sync translated
    pages". Doing it on every publish means the Spanish twin is shown at once as
    "Waiting for translations", with the changed strings untranslated in the
    translation editor, while readers keep the last published Spanish version.
    """
    if not isinstance(instance, TranslatableMixin):
        return None
    source = TranslationSource.objects.get_for_instance_or_none(instance)
    if source is None or source.locale_id != instance.locale_id:
        return None
    if not source.translations.filter(enabled=True).exists():
        return None
    try:
        with transaction.atomic():
            source, _created = TranslationSource.update_or_create_from_instance(instance)
    except Exception:  # never let the bookkeeping stop a publish; "Sync" still works
        logger.exception("Could not refresh the translation source of %r", instance)
        return None
    return source


def on_page_published(sender, instance, **kwargs):
    sync_translation_source(instance.specific)


def on_snippet_saved(sender, instance, created, raw=False, **kwargs):
    if not created and not raw:
        sync_translation_source(instance)


def connect():
    """Called from CoreConfig.ready()."""
    from .models import HelpLine

    page_published.connect(on_page_published, dispatch_uid="cancerhelp-sync-translation-source")
    post_save.connect(on_snippet_saved, sender=HelpLine, dispatch_uid="cancerhelp-sync-HelpLine")
