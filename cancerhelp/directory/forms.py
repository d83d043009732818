"""The directory's reader-facing forms: the resource finder's filters and "report a problem"."""

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from .finder import (
    ANY_CANCER_CODE,
    DEFAULT_RADIUS,
    MAX_KEYWORD_LENGTH,
    RADIUS_CHOICES,
    ZIP_PATTERN,
    locate_zip,
)
from .models.records import ProblemReport, TaxonomyTerm
from .vocabulary import CANCER_TYPE_TAXONOMY, KINDS_OF_HELP, SERVICE_LANGUAGES


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
    zip = forms.CharField(
        label=capfirst(_("ZIP code")),
        required=False,
        max_length=10,
        help_text=_("5 digits, for example 10001. Leave it empty to see resources anywhere."),
        error_messages={"max_length": _("Enter a ZIP code of 5 digits, for example 10001.")},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "postal-code", "size": 10}),
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

    def __init__(self, *args, preset_kind="", **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.preset_kind = preset_kind
        if preset_kind:
            del self.fields["kind"]
        terms = TaxonomyTerm.objects.filter(taxonomy=CANCER_TYPE_TAXONOMY).exclude(code=ANY_CANCER_CODE)
        self.fields["cancer_type"].choices = [("", _("Any cancer type"))] + [
            (term.code, term.label) for term in terms
        ]

    def clean_zip(self):
        value = self.cleaned_data["zip"].strip()
        if not value:
            return ""
        match = ZIP_PATTERN.match(value)
        if not match:
            raise forms.ValidationError(
                _("Enter a ZIP code of 5 digits, for example 10001."), code="malformed_zip"
            )
        code = match.group(1)
        place = locate_zip(code)
        if place is None:
            raise forms.ValidationError(
                _(
                    "We could not find ZIP code %(zip)s. Check the number, "
                    "or leave it empty to see resources anywhere."
                ),
                code="unknown_zip",
                params={"zip": code},
            )
        self.place = place
        return code

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
        data["place"] = getattr(self, "place", None) if data.get("zip") else None
        if self.preset_kind:
            data["kind"] = [self.preset_kind]
        return data

    @property
    def is_filtered(self):
        """True when the reader chose anything (so the results heading can say "matching")."""
        data = self.filters()
        return any(
            data.get(name) for name in ("q", "kind", "zip", "language", "format", "cancer_type", "free")
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
