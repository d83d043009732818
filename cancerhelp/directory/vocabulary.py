"""The controlled vocabularies of the directory, in code so labels are translatable.

Kinds of help are stored as TaxonomyTerm rows (so HSDS exports and imports carry them);
the readers' label for a known code comes from here, in the reader's language.
"""

from django.utils.translation import gettext_lazy as _

KIND_OF_HELP_TAXONOMY = "cancerhelp-kind-of-help"
CANCER_TYPE_TAXONOMY = "cancerhelp-cancer-type"

KINDS_OF_HELP = {
    "information": (
        _("More information"),
        _("Trusted information about metastatic cancer."),
    ),
    "emotional-support": (
        _("Emotional support"),
        _("Help with the feelings cancer brings."),
    ),
    "peer-support": (
        _("Peer support"),
        _("Talk with someone who has been through it."),
    ),
    "local-centers": (
        _("Local centers"),
        _("Community cancer resource centers near you."),
    ),
    "financial-help": (
        _("Financial help"),
        _("Help paying for treatment, medicine and living costs."),
    ),
    "videos": (_("Videos"), _("Videos for patients, family and caregivers.")),
}

CANCER_TYPES = {
    "any": _("Any cancer"),
    "breast": _("Breast cancer"),
    "lung": _("Lung cancer"),
    "colorectal": _("Colorectal cancer"),
    "prostate": _("Prostate cancer"),
}

# Languages a service can be offered in (ISO 639-1 codes, as HSDS language.code).
SERVICE_LANGUAGES = [
    ("en", _("English")),
    ("es", _("Spanish")),
    ("zh", _("Chinese")),
    ("vi", _("Vietnamese")),
    ("ko", _("Korean")),
    ("ar", _("Arabic")),
    ("fr", _("French")),
    ("ru", _("Russian")),
    ("tl", _("Tagalog")),
    ("asl", _("American Sign Language")),
]
SERVICE_LANGUAGE_NAMES = dict(SERVICE_LANGUAGES)
