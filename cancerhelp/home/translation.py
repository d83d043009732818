"""Spanish twins of the shipped English content, made through wagtail-localize.

Each twin is made the way the admin's "Translate" action makes it: a TranslationSource
of the English object, a Translation into Spanish, one StringTranslation per segment,
then `Translation.save_target()`. So the Spanish pages, help lines and directory entries
stay linked to their English source: editors see them in wagtail-localize's translation
editor, "Sync translated pages" works, and when the English source changes the Spanish
twin is shown as waiting for translation (see core/signal_handlers.py).

The Spanish text comes from home/content/es.yaml, which has the shape of en.yaml: the
two files are walked side by side and each English string is paired with the Spanish
string at the same place. A segment is translated by looking its English text up in
those pairs. An object whose segments are not all known stays untranslated (no
half-English Spanish page); `translate_initial_content` reports it.
"""

import re

from django.db import transaction
from wagtail.models import Locale, Page
from wagtail_localize.models import (
    StringSegment,
    StringTranslation,
    Translation,
    TranslationSource,
)
from wagtail_localize.strings import StringValue

from cancerhelp.core.models import HelpLine
from cancerhelp.directory.models import Service
from cancerhelp.glossary.models import GlossaryTerm

from . import content
from .models import HomePage

SPANISH = "es"
# Slugs that en.yaml does not carry (the home page's never shows in a URL), or pages some
# other part of the loader may add: English slug -> Spanish slug.
SPANISH_SLUGS = {"home": "inicio", "resources": "recursos"}
# Fields that are data, not prose: the Spanish twin keeps the English value (names of
# English web pages, phone numbers, notes for editors, codes).
KEEP_SERVICE = {"title", "editor_note", "fees_description", "eligibility_description"}
KEEP_HELP_LINE = {"phone", "phone_words"}
KEEP_PAGE = {"preset_kind", "preset_format", "editor_note"}


def normalise(text):
    return re.sub(r"\s+", " ", text).strip()


def paired_strings(english, spanish, pairs=None):
    """{English text: Spanish text} for every string at the same place in both trees."""
    pairs = {} if pairs is None else pairs
    if isinstance(english, dict) and isinstance(spanish, dict):
        for key in english.keys() & spanish.keys():
            paired_strings(english[key], spanish[key], pairs)
    elif isinstance(english, list) and isinstance(spanish, list):
        if len(english) != len(spanish):
            raise ValueError(f"es.yaml does not match en.yaml: {len(english)} vs {len(spanish)} items")
        for english_item, spanish_item in zip(english, spanish, strict=True):
            paired_strings(english_item, spanish_item, pairs)
    elif isinstance(english, str) and isinstance(spanish, str):
        key = normalise(english)
        if pairs.get(key, spanish) != spanish:
            raise ValueError(f"es.yaml translates {english!r} in two different ways")
        pairs[key] = normalise(spanish)
    return pairs


def spanish_strings():
    """Every English string of en.yaml with its Spanish twin from es.yaml, and the slugs."""
    spanish = content.load("es")
    pairs = paired_strings(content.load("en"), spanish)
    extra = spanish.get("strings", {})
    pairs.update({normalise(english): normalise(text) for english, text in extra.items()})
    pairs.update(SPANISH_SLUGS)
    return pairs


class TranslationReport:
    """What `translate_initial_content` did: twins made, objects left untranslated."""

    def __init__(self):
        self.created = []
        self.skipped = []

    def __bool__(self):
        return bool(self.created)


def translate(instance, locale, strings, overrides=None, keep=(), report=None):
    """Create the Spanish twin of `instance` as the admin's Translate action does.

    `strings` maps English text to Spanish; `overrides` maps a segment's context path (a
    field name) to its Spanish text; fields named in `keep` keep the English value.
    Returns the twin, or None when some segment has no known Spanish (nothing is written).
    """
    overrides = overrides or {}
    with transaction.atomic():
        source, _created = TranslationSource.get_or_create_from_instance(instance)
        wanted = []
        missing = []
        segments = StringSegment.objects.filter(source=source).select_related("string", "context")
        for segment in segments:
            english = StringValue(segment.string.data).render_text()
            path = segment.context.path
            if path in overrides:
                spanish = overrides[path]
            elif path.split(".")[0] in keep:
                spanish = english
            else:
                spanish = strings.get(normalise(english))
            if spanish is None:
                missing.append(english)
            else:
                wanted.append((segment, spanish))
        if missing:
            transaction.set_rollback(True)
            if report is not None:
                report.skipped.append((str(instance), missing))
            return None
        translation, _created = Translation.objects.update_or_create(
            source=source, target_locale=locale, defaults={"enabled": True}
        )
        for segment, spanish in wanted:
            StringTranslation.objects.update_or_create(
                translation_of=segment.string,
                locale=locale,
                context=segment.context,
                defaults={
                    "data": StringValue.from_plaintext(spanish).data,
                    "translation_type": StringTranslation.TRANSLATION_TYPE_MANUAL,
                },
            )
        if isinstance(instance, Page):
            # save_target(publish=True) would publish when the outermost transaction
            # commits, from a page object captured now: publishing the Spanish home after
            # its children were added would then reset its child count. Save a draft
            # revision and publish it at once instead.
            translation.save_target(publish=False)
            twin = source.get_translated_instance(locale)
            Page.objects.get(pk=twin.pk).specific.get_latest_revision().publish()
        else:
            translation.save_target(publish=True)
    if report is not None:
        report.created.append(str(instance))
    return source.get_translated_instance(locale)


def has_twin(instance, locale):
    return instance.get_translations().filter(locale=locale).exists()


def adopt_orphan(page, locale):
    """Re-link a Spanish page left behind when its English source was deleted and re-made.

    The loader re-creates a deleted English page with a new translation key; the old
    Spanish twin (same place, same Spanish slug) is adopted instead of duplicated.
    """
    spanish_parent = page.get_parent().specific
    if not spanish_parent.is_root():
        spanish_parent = spanish_parent.get_translation_or_none(locale)
        if spanish_parent is None:
            return False
    slug = SPANISH_SLUGS.get(page.slug) or spanish_strings().get(page.slug)
    if not slug:
        return False
    candidates = spanish_parent.get_children().filter(locale=locale, slug=slug).type(page.specific_class)
    for orphan in candidates:
        if not Page.objects.filter(translation_key=orphan.translation_key).exclude(pk=orphan.pk).exists():
            Page.objects.filter(pk=orphan.pk).update(translation_key=page.translation_key)
            return True
    return False


def english_pages(home):
    """The English home page and every page under it, parents first."""
    return [home] + list(home.get_descendants().specific().order_by("path"))


def translate_initial_content(stdout=None):  # noqa: C901 - to split into steps
    """Make the Spanish twin of every shipped English object that has none; idempotent.

    Order matters: directory entries first, so the Spanish topic page links to the
    Spanish entries; parents before children.
    """
    report = TranslationReport()
    spanish, _made = Locale.objects.get_or_create(language_code=SPANISH)
    english = Locale.get_default()
    strings = spanish_strings()
    es_data = content.load("es")
    resources = content.load("resources")

    for item in resources["services"]:
        service = Service.objects.filter(hsds_id=content.stable_uuid("service", item["key"])).first()
        if service is None or has_twin(service, spanish):
            continue
        description = es_data.get("services", {}).get(item["key"], {}).get("description")
        if description is None and SPANISH in item.get("languages", []):
            description = service.description  # a Spanish-language resource: already Spanish
        overrides = {"description": description} if description else {}
        translate(service, spanish, strings, overrides, KEEP_SERVICE, report)

    for item in resources["helplines"]:
        key = content.stable_uuid("helpline", item["key"])
        line = HelpLine.objects.filter(translation_key=key, locale=english).first()
        spanish_line = es_data.get("helplines", {}).get(item["key"])
        if line is None or spanish_line is None or has_twin(line, spanish):
            continue
        overrides = {field: spanish_line[field] for field in ("name", "description") if field in spanish_line}
        translate(line, spanish, strings, overrides, KEEP_HELP_LINE, report)

    for item in content.load("glossary")["terms"]:
        term = GlossaryTerm.objects.filter(
            translation_key=content.stable_uuid("glossary", item["en"]["term"]), locale=english
        ).first()
        if term is None or has_twin(term, spanish):
            continue
        overrides = {
            field: item["es"].get(field, "") for field in ("term", "definition", "also_called", "match_words")
        }
        translate(term, spanish, strings, overrides, report=report)

    home = HomePage.objects.filter(locale=english).first()
    if home is not None:
        for page in english_pages(home):
            if has_twin(page, spanish) or adopt_orphan(page, spanish):
                continue
            translate(page, spanish, strings, keep=KEEP_PAGE, report=report)

    if stdout is not None:
        for name, missing in report.skipped:
            stdout.write(f"Not translated into Spanish (no Spanish text in es.yaml): {name}: {missing[:3]}")
    return report


def make_spanish_service_twins(spanish):
    """The Spanish twin of each shipped starter-directory service that has none, its
    description taken from the data set (settings.STARTER_DIRECTORY_TRANSLATOR)."""
    import uuid

    locale, _made = Locale.objects.get_or_create(language_code="es")
    english = Locale.get_default()
    translated = Service.objects.filter(locale=locale).values("translation_key")
    services = Service.objects.filter(
        locale=english, hsds_id__in=[uuid.UUID(key) for key in spanish]
    ).exclude(translation_key__in=translated)
    made = 0
    keep = KEEP_SERVICE | {"phones", "languages", "service_at_locations"}
    for service in services:
        overrides = {"description": spanish[str(service.hsds_id)]["description"]}
        if translate(service, locale, {}, overrides, keep) is not None:
            made += 1
    return made
