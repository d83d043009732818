"""Is a wagtail-localize translation behind its source? One answer for pages and snippets.

A translation is *out of date* when its source has segments (sentences, headings, link
texts) with no translation in the target language yet: the source is re-read on every
English save or publish (core/signal_handlers.py), so a changed English sentence is a new,
untranslated segment. wagtail-localize's Translations report calls this "Waiting for
translations".
"""

from wagtail_localize.models import StringSegment


def untranslated_segments(translation):
    return (
        StringSegment.objects.filter(source=translation.source)
        .annotate_translation(translation.target_locale)
        .filter(translation__isnull=True)
    )


def is_out_of_date(translation):
    return untranslated_segments(translation).exists()
