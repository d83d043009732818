"""The directory's reader-facing forms: the resource finder's filters and "report a problem"."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cancerhelp.core.queries import memoized

from .finder import ANY_CANCER_CODE, DEFAULT_RADIUS, MAX_KEYWORD_LENGTH, MAX_PLACE_LENGTH, RADIUS_CHOICES
from .models.records import ProblemReport, TaxonomyTerm
from .places import PlaceError, find_place
from .vocabulary import CANCER_TYPE_TAXONOMY, KINDS_OF_HELP, SERVICE_LANGUAGES

PLACE_ERRORS = {
    "malformed_zip": _("Enter a ZIP code of 5 digits, for example 10001."),
    "unknown_zip": _(
        "We could not find ZIP code %(place)s. Check the number, or leave it empty to see resources anywhere."
    ),
    "unknown_place": _(
        "We could not find the place “%(place)s”. Enter a ZIP code, a city and state "
        "(for example Houston, TX) or a state."
    ),
}


def editor_note_field(help_text):
    """The optional note an editor leaves when closing a report or verifying an entry."""
    return forms.CharField(
        label=_("Note for editors (optional)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=help_text,
    )


class ResourceFinderForm(forms.Form):
    """The resource finder's GET form. Every field is optional; an invalid one is reported and ignored."""

    q = forms.CharField(
        label=_("Words to look for"),
        required=False,
        max_length=MAX_KEYWORD_LENGTH,
        help_text=_("For example: support group, travel costs, lung."),
        error_messages={"max_length": _("Use %(limit_value)d characters or fewer.")},
    )
    kind = forms.MultipleChoiceField(
        label=_("Kind of help"),
        required=False,
        choices=[(code, label) for code, (label, _description) in KINDS_OF_HELP.items()],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Choose kinds of help from the list.")},
    )
    near = forms.CharField(
        label=_("ZIP code, city or state"),
        required=False,
        max_length=MAX_PLACE_LENGTH,
        help_text=_("For example 77030, Houston, TX or Texas. Leave it empty to see resources anywhere."),
        error_messages={"max_length": _("Use %(limit_value)d characters or fewer.")},
        widget=forms.TextInput(attrs={"autocomplete": "postal-code", "size": 20}),
    )
    radius = forms.TypedChoiceField(
        label=_("Distance"),
        required=False,
        coerce=int,
        empty_value=DEFAULT_RADIUS,
        initial=DEFAULT_RADIUS,
        choices=[(miles, _("Within %(miles)d miles") % {"miles": miles}) for miles in RADIUS_CHOICES],
        error_messages={"invalid_choice": _("Choose a distance from the list.")},
    )
    language = forms.ChoiceField(
        label=_("Language"),
        required=False,
        choices=[("", _("Any language"))] + SERVICE_LANGUAGES,
        error_messages={"invalid_choice": _("Choose a language from the list.")},
    )
    format = forms.MultipleChoiceField(
        label=_("How you want to get help"),
        required=False,
        choices=[("online", _("Online")), ("phone", _("By phone")), ("in-person", _("In person"))],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Choose how you want to get help from the list.")},
    )
    cancer_type = forms.ChoiceField(
        label=_("Cancer type"),
        required=False,
        choices=[],
        error_messages={"invalid_choice": _("Choose a cancer type from the list.")},
    )
    free = forms.BooleanField(label=_("Free of charge only"), required=False)

    def __init__(self, *args, preset_kind="", preset_format="", **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.preset_kind = preset_kind
        self.preset_format = preset_format
        if preset_kind:
            del self.fields["kind"]
        if preset_format:
            del self.fields["format"]
        terms = memoized(
            "finder-cancer-types",
            lambda: list(
                TaxonomyTerm.objects.filter(taxonomy=CANCER_TYPE_TAXONOMY).exclude(code=ANY_CANCER_CODE)
            ),
        )
        self.fields["cancer_type"].choices = [("", _("Any cancer type"))] + [
            (term.code, term.label) for term in terms
        ]

    def clean_near(self):
        value = self.cleaned_data["near"].strip()
        if not value:
            return ""
        found = find_place(value)
        if isinstance(found, PlaceError):
            message = PLACE_ERRORS[found.code]
            raise forms.ValidationError(message, code=found.code, params={"place": found.value})
        self.place = found
        return value

    def error_summary(self):
        """(id of the control to jump to, message) for each error, in the form's order."""
        summary = []
        for name in self.fields:
            bound = self[name]
            if not bound.errors:
                continue
            anchor = bound.auto_id
            if isinstance(bound.field.widget, forms.CheckboxSelectMultiple):
                anchor += "_0"
            summary.extend((anchor, message) for message in bound.errors)
        return summary

    def filters(self):
        """The valid filters, even when other fields have errors (those are ignored)."""
        if not hasattr(self, "cleaned_data"):
            self.full_clean()
        data = {name: self.cleaned_data.get(name) for name in self.fields if name not in self.errors}
        data["place"] = getattr(self, "place", None) if data.get("near") else None
        if self.preset_kind:
            data["kind"] = [self.preset_kind]
        if self.preset_format:
            data["format"] = [self.preset_format]
        return data

    @property
    def is_filtered(self):
        """True when the reader chose anything (so the results heading can say "matching")."""
        data = self.filters()
        return any(
            data.get(name) for name in ("q", "kind", "near", "language", "format", "cancer_type", "free")
        )


class ProblemReportForm(forms.ModelForm):
    kind = forms.ChoiceField(
        label=_("What is wrong?"),
        choices=ProblemReport.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose what is wrong."),
            "invalid_choice": _("Choose what is wrong from the list."),
        },
    )
    details = forms.CharField(
        label=_("Details (optional)"),
        required=False,
        max_length=ProblemReport.DETAILS_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "For example the right phone number. Please do not write your name or anything about your health."
        ),
        error_messages={"max_length": _("Use %(limit_value)d characters or fewer.")},
    )

    class Meta:
        model = ProblemReport
        fields = ["kind", "details"]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
