"""The resource navigator: the reader's filters, keyword search and distance from a ZIP code.

Kept apart from the page model so the page, the tests and bench/navigator.py run the same
code. Every request costs a fixed number of database queries whatever the number of
results: filters are subqueries (no joins that multiply rows), the ZIP search reads only the
coordinates inside a bounding box, and a results page is fetched with its prefetches.
"""

from dataclasses import dataclass

from django import forms
from django.core.paginator import Paginator
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.models import Locale

from .addresses import place_facts
from .models import (
    Service,
    ServiceLanguage,
    TaxonomyTerm,
    services_in_locale,
    with_display_data,
)
from .nearby import bounding_box, haversine_miles, search_near  # noqa: F401 (used by tests)
from .places import PlaceError, find_place
from .vocabulary import CANCER_TYPE_TAXONOMY, KIND_OF_HELP_TAXONOMY, KINDS_OF_HELP, SERVICE_LANGUAGES

PAGE_SIZE = 20
MAX_KEYWORD_LENGTH = 100
MAX_KEYWORD_TERMS = 8
MAX_PLACE_LENGTH = 60
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
RADIUS_CHOICES = [10, 25, 50, 100]
DEFAULT_RADIUS = 25
FORMAT_FIELDS = {"online": "online", "phone": "by_phone", "in-person": "in_person"}
ANY_CANCER_CODE = "any"


class NavigatorForm(forms.Form):
    """The navigator's GET form. Every field is optional; an invalid one is reported and ignored."""

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
        return data

    @property
    def is_filtered(self):
        """True when the reader chose anything (so the results heading can say "matching")."""
        data = self.filters()
        return any(
            data.get(name) for name in ("q", "kind", "near", "language", "format", "cancer_type", "free")
        )


def filter_services(queryset, filters):
    """Narrow a service queryset by the navigator's filters, with subqueries only."""
    kinds = filters.get("kind") or []
    if kinds:
        tagged = Service.kinds.through.objects.filter(
            taxonomyterm__taxonomy=KIND_OF_HELP_TAXONOMY, taxonomyterm__code__in=kinds
        ).values("service_id")
        queryset = queryset.filter(pk__in=tagged)
    if filters.get("language"):
        spoken = ServiceLanguage.objects.filter(code=filters["language"]).values("service_id")
        queryset = queryset.filter(pk__in=spoken)
    formats = filters.get("format") or []
    if formats:
        condition = Q()
        for name in formats:
            condition |= Q(**{FORMAT_FIELDS[name]: True})
        queryset = queryset.filter(condition)
    if filters.get("free"):
        queryset = queryset.filter(is_free=True)
    if filters.get("cancer_type"):
        through = Service.cancer_types.through.objects
        tagged = through.filter(
            taxonomyterm__taxonomy=CANCER_TYPE_TAXONOMY,
            taxonomyterm__code__in=[filters["cancer_type"], ANY_CANCER_CODE],
        ).values("service_id")
        # A service with no cancer type is for people with any cancer.
        queryset = queryset.filter(Q(pk__in=tagged) | ~Q(pk__in=through.values("service_id")))
    for term in (filters.get("q") or "").split()[:MAX_KEYWORD_TERMS]:
        queryset = queryset.filter(
            Q(title__icontains=term) | Q(description__icontains=term) | Q(organization__name__icontains=term)
        )
    return queryset


@dataclass
class Results:
    page: object
    count: int
    place: object = None


def search(locale, filters, page_number=None, per_page=PAGE_SIZE):
    """One page of matching services; near a place, the in-person ones by distance (or in
    the state) and the first phone/online ones (nearby.search_near)."""
    queryset = filter_services(services_in_locale(locale), filters)
    place = filters.get("place")
    if place is not None:
        radius = filters.get("radius") or DEFAULT_RADIUS
        return search_near(queryset, place, radius, page_number, per_page)
    ordered = with_display_data(queryset).order_by("title", "pk")
    page = Paginator(ordered, per_page).get_page(page_number)
    page.object_list = list(page.object_list)
    for service in page.object_list:
        service.places = place_facts(service)
    return Results(page=page, count=page.paginator.count)


def count_text(count):
    return ngettext("%(count)d resource", "%(count)d resources", count) % {"count": count}


def place_text(place):
    """How the page names the reader's place: "ZIP code 77030 (Houston, TX)", "Houston, TX", "Texas"."""
    if place.kind == "zip":
        return _("ZIP code %(zip)s (%(city)s)") % {"zip": place.zip_code, "city": place.label}
    return place.state_name if place.kind == "state" else place.label


def results_heading(results):
    """The results heading: a count of resources, or of places near or in the reader's place."""
    place = getattr(results, "place", None)
    if place is None:
        return count_text(results.count)
    values = {"count": results.count, "miles": results.radius, "place": place_text(place)}
    if place.point is None:
        if not results.count:
            return _("No places listed in %(place)s yet") % values
        text = ngettext("%(count)d place in %(place)s", "%(count)d places in %(place)s", results.count)
        return text % values
    if not results.count:
        return _("No places within %(miles)d miles of %(place)s") % values
    return (
        ngettext(
            "%(count)d place within %(miles)d miles of %(place)s",
            "%(count)d places within %(miles)d miles of %(place)s",
            results.count,
        )
        % values
    )


def chosen(form, filters):
    """The reader's valid choices in words, for the summary the form folds into."""
    fields = form.fields
    items = []
    place = filters.get("place")
    if place is not None and place.point is not None:
        values = {"miles": filters.get("radius") or DEFAULT_RADIUS, "place": place_text(place)}
        items.append(_("within %(miles)d miles of %(place)s") % values)
    elif place is not None:
        items.append(_("in %(place)s") % {"place": place_text(place)})
    if filters.get("q"):
        items.append(_("words: “%(words)s”") % {"words": filters["q"]})
    for name in ("kind", "format"):
        if name in fields:
            labels = dict(fields[name].choices)
            items.extend(str(labels[code]) for code in filters.get(name) or [] if code in labels)
    for name in ("language", "cancer_type"):
        if filters.get(name):
            items.append(str(dict(fields[name].choices).get(filters[name], "")))
    if filters.get("free"):
        items.append(str(fields["free"].label))
    return [item for item in items if item]


def navigator_context(page, request):
    """What the navigator template shows for this request (form, errors, one page of results)."""
    data = None
    if request.GET:
        data = request.GET.copy()
        data.setdefault("radius", str(DEFAULT_RADIUS))  # so the menu shows the distance used
        if "zip" in data and "near" not in data:  # links made before city and state search
            data.setlist("near", data.getlist("zip"))
    form = NavigatorForm(data, preset_kind=page.preset_kind)
    if form.is_bound:
        filters = form.filters()
    else:
        filters = {"kind": [page.preset_kind]} if page.preset_kind else {}
    results = search(Locale.get_active(), filters, request.GET.get("page"))
    shown = [*results.page.object_list, *getattr(results, "nearest", []), *getattr(results, "anywhere", [])]
    for service in shown:
        service.report_url = page.report_url(service)
    preset_label = KINDS_OF_HELP.get(page.preset_kind, (page.preset_kind, ""))[0] if page.preset_kind else ""
    is_filtered = form.is_bound and form.is_filtered
    return {
        "form": form,
        "results": results,
        "services": results.page.object_list,
        "result_count_text": results_heading(results),
        "preset_kind_label": preset_label,
        "is_filtered": is_filtered,
        # After a search, the form folds into a summary so the answer is on the first screen.
        "fold_form": is_filtered and not form.errors,
        "chosen": chosen(form, filters) if is_filtered else [],
        "remote_formats": ["online", "phone"],
    }
