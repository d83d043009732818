"""The resource navigator: the reader's filters, keyword search and distance from a ZIP code.

Kept apart from the page model so the page, the tests and bench/navigator.py run the same
code. Every request costs a fixed number of database queries whatever the number of
results: filters are subqueries (no joins that multiply rows), the ZIP search reads only the
coordinates inside a bounding box, and a results page is fetched with its prefetches.
"""

import math
import re
from dataclasses import dataclass, field

import zipcodes
from django import forms
from django.core.paginator import Paginator
from django.db.models import Q
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.models import Locale

from .models import (
    Service,
    ServiceAtLocation,
    ServiceLanguage,
    TaxonomyTerm,
    services_in_locale,
    with_display_data,
)
from .vocabulary import CANCER_TYPE_TAXONOMY, KIND_OF_HELP_TAXONOMY, KINDS_OF_HELP, SERVICE_LANGUAGES

PAGE_SIZE = 20
MAX_KEYWORD_LENGTH = 100
MAX_KEYWORD_TERMS = 8
RADIUS_CHOICES = [10, 25, 50, 100]
DEFAULT_RADIUS = 25
EARTH_RADIUS_MILES = 3958.8
ZIP_PATTERN = re.compile(r"^(\d{5})(?:-\d{4})?$")
FORMAT_FIELDS = {"online": "online", "phone": "by_phone", "in-person": "in_person"}
ANY_CANCER_CODE = "any"


def haversine_miles(lat1, lon1, lat2, lon2):
    """Great-circle distance in miles between two points given in degrees."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlambda = math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_MILES * math.asin(min(1.0, math.sqrt(a)))


def bounding_box(lat, lon, miles):
    """(min_lat, max_lat, min_lon, max_lon) holding every point within `miles` of (lat, lon)."""
    dlat = math.degrees(miles / EARTH_RADIUS_MILES)
    dlon = math.degrees(miles / (EARTH_RADIUS_MILES * max(math.cos(math.radians(lat)), 0.01)))
    return lat - dlat, lat + dlat, lon - dlon, lon + dlon


def locate_zip(code):
    """(latitude, longitude, city, state) of a 5-digit ZIP code, or None when unknown."""
    try:
        matches = zipcodes.matching(code)
    except (TypeError, ValueError):
        return None
    for match in matches:
        if match.get("lat") and match.get("long"):
            return float(match["lat"]), float(match["long"]), match.get("city", ""), match.get("state", "")
    return None


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
    place: tuple | None = None
    radius: int | None = None
    distances: dict = field(default_factory=dict)


def nearest_services(queryset, place, radius):
    """[(miles, title, pk)] of the services with a location within `radius` miles, nearest first.

    The database returns only the coordinates inside the bounding box around the ZIP code;
    the exact distance is computed here, so it works the same on SQLite and PostgreSQL.
    """
    lat, lon = place[0], place[1]
    min_lat, max_lat, min_lon, max_lon = bounding_box(lat, lon, radius)
    rows = (
        ServiceAtLocation.objects.filter(
            service__in=queryset.values("pk"),
            location__latitude__gte=min_lat,
            location__latitude__lte=max_lat,
            location__longitude__gte=min_lon,
            location__longitude__lte=max_lon,
        )
        .order_by()
        .values_list("service_id", "service__title", "location__latitude", "location__longitude")
    )
    best = {}
    for service_id, title, latitude, longitude in rows:
        miles = haversine_miles(lat, lon, float(latitude), float(longitude))
        if miles <= radius and (service_id not in best or miles < best[service_id][0]):
            best[service_id] = (miles, title)
    return sorted((miles, title, pk) for pk, (miles, title) in best.items())


def search(locale, filters, page_number=None, per_page=PAGE_SIZE):
    """One page of matching services, with their distances when a ZIP code was given."""
    queryset = filter_services(services_in_locale(locale), filters)
    place = filters.get("place")
    if place is None:
        ordered = with_display_data(queryset).order_by("title", "pk")
        page = Paginator(ordered, per_page).get_page(page_number)
        return Results(page=page, count=page.paginator.count)
    radius = filters.get("radius") or DEFAULT_RADIUS
    nearest = nearest_services(queryset, place, radius)
    page = Paginator(nearest, per_page).get_page(page_number)
    ids = [pk for _miles, _title, pk in page.object_list]
    services = with_display_data(Service.objects.filter(pk__in=ids)).in_bulk(ids)
    distances = {pk: miles for miles, _title, pk in page.object_list}
    page.object_list = [services[pk] for pk in ids if pk in services]
    for service in page.object_list:
        service.distance_miles = distances[service.pk]
    return Results(page=page, count=len(nearest), place=place, radius=radius, distances=distances)


def count_text(count):
    return ngettext("%(count)d resource", "%(count)d resources", count) % {"count": count}


def navigator_context(page, request):
    """What the navigator template shows for this request (form, errors, one page of results)."""
    data = None
    if request.GET:
        data = request.GET.copy()
        data.setdefault("radius", str(DEFAULT_RADIUS))  # so the menu shows the distance used
    form = NavigatorForm(data, preset_kind=page.preset_kind)
    if form.is_bound:
        filters = form.filters()
    else:
        filters = {"kind": [page.preset_kind]} if page.preset_kind else {}
    results = search(Locale.get_active(), filters, request.GET.get("page"))
    for service in results.page.object_list:
        service.report_url = page.report_url(service)
    preset_label = KINDS_OF_HELP.get(page.preset_kind, (page.preset_kind, ""))[0] if page.preset_kind else ""
    return {
        "form": form,
        "results": results,
        "services": results.page.object_list,
        "result_count_text": count_text(results.count),
        "preset_kind_label": preset_label,
        "is_filtered": form.is_bound and form.is_filtered,
    }
