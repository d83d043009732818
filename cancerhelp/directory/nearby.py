"""The finder's answer near a place: in-person places by distance (or in a state), the
nearest ones even beyond the chosen distance, and the help anyone can use by phone or online.

Every function takes the already filtered service queryset and costs a fixed number of
queries whatever the number of places: near a point the database reads the locations inside
a bounding box, filters, orders, counts and pages them by exact distance (nearest_rows; the
box grows at most len(NEAREST_STEPS) + 1 times when nothing is close), and in a state it reads
the state's locations (index on their upper-cased state) and orders, counts and pages them by
city (in_state_rows); the miles shown, and the location a card shows, are computed here for
the services shown only, which are fetched once, with everything their cards show, by
`fetch_for_display`.
"""

import math
from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.db.models import Count, Exists, ExpressionWrapper, FloatField, Min, OuterRef, Value, Window
from django.db.models.functions import Cast, Collate, Cos, Lower, Power, Radians, Sin, Upper

from .addresses import place_facts
from .models.records import Service, ServiceAtLocation
from .places import STATES

EARTH_RADIUS_MILES = 3958.8
NEAREST_COUNT = 5  # in-person places shown beyond the chosen distance when none is inside
# Miles searched for those, before the whole country. One step: each one is a query, and
# the answer is the same whatever the steps (only the rows read differ). 100 miles holds 5
# places wherever the directory is dense; where it is not, the whole country is few rows.
NEAREST_STEPS = (100,)
ANYWHERE_LIMIT = 10  # phone and online resources shown under the places


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


@dataclass(frozen=True)
class Hit:
    """One service found near the reader: its nearest location and how far it is."""

    miles: float | None
    title: str
    service_id: int
    location_id: int
    city: str = ""


def _located(queryset):
    """The places (ServiceAtLocation) of the services of `queryset`, the service's filters
    checked row by row (EXISTS) rather than as a list of every matching service: the database
    can then start from the locations inside the box (index on latitude, longitude) or in the
    state (index on UPPER(state)) and check only their services (about 4× faster on SQLite at
    10,000 services near a point)."""
    return ServiceAtLocation.objects.filter(Exists(queryset.filter(pk=OuterRef("service_id")))).order_by()


def closeness(point):
    """SQL expression of the haversine formula's `a` between `point` and each row's location:
    it grows with the great-circle distance (miles = 2R asin(sqrt(a))), so the database can
    filter by distance, order, count and page exactly as the miles would (SIN, COS, RADIANS,
    POWER: PostgreSQL's; SQLite's math functions, or Django's where SQLite lacks them)."""
    lat, lon = point
    phi = Radians(Cast("location__latitude", FloatField()))
    lam = Radians(Cast("location__longitude", FloatField()))
    half_dphi = (phi - Value(math.radians(lat))) / Value(2.0)
    half_dlambda = (lam - Value(math.radians(lon))) / Value(2.0)
    cos_lat = Value(math.cos(math.radians(lat)))
    a = Power(Sin(half_dphi), 2) + cos_lat * Cos(phi) * Power(Sin(half_dlambda), 2)
    return ExpressionWrapper(a, output_field=FloatField())


def closeness_limit(miles):
    """The largest `a` (see closeness) of a point within `miles`."""
    return math.sin(min(miles / (2 * EARTH_RADIUS_MILES), math.pi / 2)) ** 2


def nearest_rows(queryset, point, radius=None, offset=0, limit=None):
    """([service_id], total) of the services with a location within `radius` miles (any
    distance when None), nearest first (then title, id), each once at its nearest location:
    the `limit` from `offset`, and how many there are in all, riding along each row
    (COUNT(*) OVER ()). The database filters, orders, counts and pages: one query, whatever
    the number of places (0 rows, and a total of None, past the end)."""
    lat, lon = point
    rows = _located(queryset).filter(location__latitude__isnull=False, location__longitude__isnull=False)
    if radius is not None:
        min_lat, max_lat, min_lon, max_lon = bounding_box(lat, lon, radius)
        rows = rows.filter(
            location__latitude__gte=min_lat,
            location__latitude__lte=max_lat,
            location__longitude__gte=min_lon,
            location__longitude__lte=max_lon,
        )
    rows = rows.annotate(closeness=closeness(point))
    if radius is not None:
        rows = rows.filter(closeness__lte=closeness_limit(radius))
    grouped = (
        rows.values("service_id", "service__title")
        .annotate(best=Min("closeness"))
        .annotate(total=Window(Count("*")))
        .order_by("best", "service__title", "service_id")
        .values_list("service_id", "total")
    )
    found = list(grouped[offset : offset + limit] if limit is not None else grouped[offset:])
    return [service_id for service_id, _total in found], (found[0][1] if found else None)


def nearest_hit(service, point):
    """Hit of a prefetched service (with_display_data) at its nearest location to `point`."""
    best = None
    for sal in service.service_at_locations.all():
        location = sal.location
        if location.latitude is None or location.longitude is None:
            continue
        miles = haversine_miles(point[0], point[1], float(location.latitude), float(location.longitude))
        if best is None or (miles, location.pk) < (best.miles, best.location_id):
            best = Hit(miles, service.title, service.pk, location.pk)
    return best


def _hits(ids, services, point):
    """[Hit] of the fetched services of `ids`, in order, at their nearest locations."""
    hits = [nearest_hit(services[pk], point) for pk in ids if pk in services]
    return [hit for hit in hits if hit is not None]


def _beyond_ids(queryset, point, count=NEAREST_COUNT):
    """[service_id] of the `count` nearest places at any distance, searching wider boxes
    until enough are found (at most len(NEAREST_STEPS) + 1 queries)."""
    for miles in (*NEAREST_STEPS, None):
        ids, total = nearest_rows(queryset, point, miles, 0, count)
        if (total or 0) >= count or miles is None:
            return ids
    return []


class Codepoints(Collate):
    """A text compared character by character (code points), as Python compares strings:
    COLLATE "C" on PostgreSQL (whatever the database's language); SQLite's default (BINARY,
    on UTF-8) already compares so. LOWER() of it changes A to Z only, on both."""

    def __init__(self, expression):
        super().__init__(expression, "C")

    def as_sqlite(self, compiler, connection, **extra_context):
        return compiler.compile(self.get_source_expressions()[0])


def state_spellings(state):
    """The upper-cased code and name of `state` a location's state is matched to (any case)."""
    return sorted({state.upper(), STATES.get(state, state).upper()})


def is_in_state(location, spellings):
    """Whether a fetched location is in the state, as in_state_rows decides in SQL (UPPER(),
    which changes a to z only on SQLite: a state with other letters matches in neither)."""
    state = location.state_province or ""
    return state.isascii() and state.upper() in spellings


def in_state_rows(queryset, state, offset=0, limit=None):
    """([service_id], total) of the services with a location in `state` (its code or name,
    in any case), each at its first such location by city (character order) then id, ordered
    by that city in any case (A to Z lowered), then title (character order), then id: the
    `limit` from `offset`, and how many there are in all, riding along each row (COUNT(*)
    OVER ()). One query, whatever the number of places (0 rows, and a total of None, past
    the end). The database reads the state's locations from the index on UPPER(state)
    (migration directory/0011) and checks their services' filters (EXISTS)."""
    rows = (
        _located(queryset)
        .alias(state_key=Upper("location__state_province"))
        .filter(state_key__in=state_spellings(state))
    )
    grouped = (
        rows.values("service_id", "service__title")
        .annotate(city_key=Lower(Min(Codepoints("location__city"))))
        .annotate(total=Window(Count("*")))
        .order_by("city_key", Codepoints("service__title"), "service_id")
        .values_list("service_id", "total")
    )
    found = list(grouped[offset : offset + limit] if limit is not None else grouped[offset:])
    return [service_id for service_id, _total in found], (found[0][1] if found else None)


def state_hit(service, spellings):
    """Hit of a prefetched service (with_display_data) at its first location in the state
    by city (character order), then id: the one in_state_rows ordered it by."""
    best = None
    for sal in service.service_at_locations.all():
        location = sal.location
        if not is_in_state(location, spellings):
            continue
        hit = Hit(None, service.title, service.pk, location.pk, location.city or "")
        if best is None or (hit.city, hit.location_id) < (best.city, best.location_id):
            best = hit
    return best or Hit(None, service.title, service.pk, None)


def anywhere(queryset):
    """The matching services with no location: help lines, phone and online services."""
    return queryset.exclude(pk__in=ServiceAtLocation.objects.values("service_id")).order_by("title", "pk")


def first_anywhere(queryset, limit=ANYWHERE_LIMIT):
    """([pk] of the first `limit` phone and online services, how many there are): one query,
    the count riding along each row (COUNT(*) OVER ())."""
    rows = list(anywhere(queryset).annotate(total=Window(Count("pk"))).values_list("pk", "total")[:limit])
    return [pk for pk, _total in rows], (rows[0][1] if rows else 0)


@dataclass
class NearbyResults:
    """What the finder shows near a place. `page` holds services (distance, nearest location
    attached); `nearest` is filled only when the page is empty."""

    page: object
    count: int
    place: object
    radius: int | None
    nearest: list = field(default_factory=list)
    anywhere: list = field(default_factory=list)
    anywhere_count: int = 0


def fetch_for_display(ids):
    """{pk: service} with everything a result card shows, for any number of ids, in a fixed
    number of queries."""
    return Service.objects.filter(pk__in=ids).with_display_data().in_bulk(ids) if ids else {}


def _dress(hits, services, beyond_radius=None):
    """The services of `hits`, in order, each with its distance and its nearest place's facts."""
    dressed = []
    for hit in hits:
        service = services.get(hit.service_id)
        if service is None:
            continue
        service.distance_miles = hit.miles
        service.beyond_radius = beyond_radius
        service.places = place_facts(service, hit.location_id)
        dressed.append(service)
    return dressed


class _CountedPage:
    """The page of rows the database already cut, and how many there are in all, in the shape
    Paginator reads (count() and a slice), so the finder's page links stay Django's."""

    def __init__(self, rows, total):
        self.rows, self.total = rows, total

    def count(self):
        return self.total

    def __getitem__(self, index):
        return self.rows


def _page_number(value):
    """The page asked for, as Paginator.get_page reads it: not a number → 1."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return 1


def _database_page(rows, page_number, per_page):
    """(Paginator page of service ids, how many there are) from `rows(offset, limit)`, which
    returns ([service_id], total) in one query (nearest_rows, in_state_rows); at most two more
    for a page past the end or below 1 (then the last page, as Paginator.get_page gives)."""
    number = _page_number(page_number)
    ids, total = rows((max(number, 1) - 1) * per_page, per_page)
    if total is None and number <= 1:
        total = 0  # nothing from the first row on: nothing at all
    if total is None or number < 1:
        if total is None:
            total = rows(0, 1)[1] or 0
        number = max(1, math.ceil(total / per_page))
        ids = rows((number - 1) * per_page, per_page)[0] if total else []
    page = Paginator(_CountedPage(ids, total), per_page).get_page(number)
    return page, total


def search_near(queryset, place, radius, page_number=None, per_page=20, with_anywhere=True):
    """In-person places near `place` (a places.Place: a point or a state), one page of them,
    the nearest beyond `radius` when none is inside, and the first phone/online resources.
    The database orders, counts and pages the places (nearest_rows near a point,
    in_state_rows in a state); exact distances, and the location each card shows, are
    computed here only for the services shown."""
    if place.point is None:
        radius = None
        page, count = _database_page(
            lambda offset, limit: in_state_rows(queryset, place.state, offset, limit), page_number, per_page
        )
        beyond_ids = []
    else:
        page, count = _database_page(
            lambda offset, limit: nearest_rows(queryset, place.point, radius, offset, limit),
            page_number,
            per_page,
        )
        beyond_ids = _beyond_ids(queryset, place.point) if not count else []
    remote, remote_count = [], 0
    if with_anywhere:
        remote, remote_count = first_anywhere(queryset)
    shown = list(page.object_list)
    services = fetch_for_display(shown + beyond_ids + remote)
    if place.point is None:
        spellings = state_spellings(place.state)
        page.object_list = [state_hit(services[pk], spellings) for pk in shown if pk in services]
    else:
        page.object_list = _hits(shown, services, place.point)
    beyond = _hits(beyond_ids, services, place.point)
    page.object_list = _dress(page.object_list, services)
    results = NearbyResults(
        page=page,
        count=count,
        place=place,
        radius=radius,
        nearest=_dress(beyond, services, beyond_radius=radius),
        anywhere=[services[pk] for pk in remote if pk in services],
        anywhere_count=remote_count,
    )
    for service in results.anywhere:
        service.places = []
    return results
