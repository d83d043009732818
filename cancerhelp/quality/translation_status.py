"""Which translated pages are out of date, and what changed in them.

A translated page is *out of date* when its translation has untranslated segments
(core/translation_progress.py); here it is marked in the page listing and counted on the
dashboard.

wagtail-localize keeps the old translation of a segment whose English changed (it belongs
to the old English string, in the same place of the page): `previous_translations` finds it
so the translator sees the old Spanish beside the new English sentence. wagtail-localize
itself never shows it.
"""

from dataclasses import dataclass
from difflib import SequenceMatcher

from wagtail.models import Locale, Page
from wagtail_localize.models import StringSegment, StringTranslation, Translation

from cancerhelp.core.translation_progress import is_out_of_date, untranslated_segments


def page_translations(locale=None):
    """Enabled translations whose target is a page (optionally into one locale)."""
    translations = Translation.objects.filter(
        enabled=True, source__object_id__in=Page.objects.values("translation_key")
    ).select_related("source", "target_locale")
    if locale is not None:
        translations = translations.filter(target_locale=locale)
    return translations


def out_of_date_translations(locale=None):
    """The out-of-date page translations whose translated page exists."""
    existing = set(
        Page.objects.exclude(locale=Locale.get_default()).values_list("translation_key", "locale_id")
    )
    return [
        translation
        for translation in page_translations(locale)
        if (translation.source.object_id, translation.target_locale_id) in existing
        and is_out_of_date(translation)
    ]


def out_of_date_locales(page):
    """Locales in which `page` (a source or a translated page) has an out-of-date translation."""
    translations = page_translations().filter(source__object_id=page.translation_key)
    if page.locale_id != Locale.get_default().pk:
        translations = translations.filter(target_locale_id=page.locale_id)
    return [translation.target_locale for translation in translations if is_out_of_date(translation)]


@dataclass
class Change:
    """A segment whose English changed: the English now, the English and translation before."""

    english: str
    previous_english: str
    previous_translation: str


def previous_translations(translation):
    """For each untranslated segment, the translation it had before.

    Every sentence of one rich-text block shares the block's place (its context), so the
    candidates are the old translations in that place whose English is no longer in the
    source; the one whose English is closest to the new English is taken.
    """
    current = set(StringSegment.objects.filter(source=translation.source).values_list("string_id", flat=True))
    changes = []
    for segment in untranslated_segments(translation).select_related("string", "context"):
        candidates = (
            StringTranslation.objects.filter(
                locale=translation.target_locale, context=segment.context, has_error=False
            )
            .exclude(translation_of_id__in=current)
            .select_related("translation_of")
        )
        previous = max(
            candidates,
            key=lambda old: SequenceMatcher(None, old.translation_of.data, segment.string.data).ratio(),
            default=None,
        )
        if previous is not None:
            changes.append(Change(segment.string.data, previous.translation_of.data, previous.data))
    return changes
