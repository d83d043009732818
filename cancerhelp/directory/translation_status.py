"""For the resources list: is each resource's copy in the other languages there and current?

A copy is "out of date" when its wagtail-localize translation has untranslated segments
(core/translation_progress.py). A copy made without wagtail-localize (the starter
directory's Spanish file) counts as translated.
"""

from dataclasses import dataclass

from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale
from wagtail_localize.models import Translation

from cancerhelp.core.translation_progress import is_out_of_date

TRANSLATED = "translated"
MISSING = "missing"
OUT_OF_DATE = "out_of_date"
LABELS = {
    TRANSLATED: _("%(language)s: translated"),
    MISSING: _("%(language)s: missing"),
    OUT_OF_DATE: _("%(language)s: out of date"),
}


@dataclass(frozen=True)
class CopyStatus:
    locale: Locale
    status: str

    @property
    def label(self):
        name = get_language_info(self.locale.language_code)["name_translated"]
        return LABELS[self.status] % {"language": name}


def copy_statuses(instance):
    """One CopyStatus per other locale, for a translatable snippet."""
    model = type(instance)
    twins = set(
        model.objects.filter(translation_key=instance.translation_key)
        .exclude(pk=instance.pk)
        .values_list("locale_id", flat=True)
    )
    translations = {
        translation.target_locale_id: translation
        for translation in Translation.objects.filter(
            source__object_id=instance.translation_key, source__locale_id=instance.locale_id, enabled=True
        )
    }
    statuses = []
    for locale in Locale.objects.exclude(pk=instance.locale_id).order_by("language_code"):
        if locale.pk not in twins:
            status = MISSING
        elif locale.pk in translations and is_out_of_date(translations[locale.pk]):
            status = OUT_OF_DATE
        else:
            status = TRANSLATED
        statuses.append(CopyStatus(locale, status))
    return statuses
