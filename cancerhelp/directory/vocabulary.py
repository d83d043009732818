"""The controlled vocabularies of the directory, in code so labels are translatable.

Kinds of help are stored as TaxonomyTerm rows (so HSDS exports and imports carry them);
the readers' label for a known code comes from here, in the reader's language.
"""

from django.utils.translation import gettext_lazy as _

KIND_OF_HELP_TAXONOMY = "cancerhelp-kind-of-help"
# HSDS metadata entries with this last_action_type name a page a record's facts came from.
SOURCE_ACTION = "source"
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
    "treatment-centers": (
        _("Cancer treatment centers"),
        _("Hospitals and cancer centers that treat patients."),
    ),
    "lodging": (
        _("Places to stay"),
        _("Free or low-cost places to stay near treatment."),
    ),
    "transportation": (
        _("Rides to treatment"),
        _("Help getting to and from treatment."),
    ),
    "legal-work": (
        _("Legal and work help"),
        _("Help with work, insurance and legal questions."),
    ),
    "caregivers": (
        _("Help for caregivers"),
        _("Support for family and friends who care for someone with cancer."),
    ),
    "palliative-hospice": (
        _("Palliative and hospice care"),
        _("Care for comfort and quality of life, at any stage."),
    ),
    "clinical-trials": (
        _("Clinical trials"),
        _("Find research studies of new treatments."),
    ),
    "helplines": (
        _("Help lines"),
        _("Call and talk to someone today."),
    ),
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
