"""The finder's answer near a place: in-person places by distance (or in a state), the
nearest ones even beyond the chosen distance, and the help anyone can use by phone or online.

Every function takes the already filtered service queryset and costs a fixed number of
queries whatever the number of places: coordinates are read inside a bounding box (growing
at most len(NEAREST_STEPS) + 1 times when nothing is close), exact distances are computed
here (the same on SQLite and PostgreSQL), and the services shown are fetched once, with
everything their cards show, by `fetch_for_display`.
"""

import math
from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.db.models import Count, Q, Window

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
    return ServiceAtLocation.objects.filter(service__in=queryset.values("pk")).order_by()


def nearest(queryset, point, radius=None):
    """[Hit] of the services with a location within `radius` miles (any distance when None),
    nearest first; each service once, at its nearest location. One query."""
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
    best = {}
    columns = ("service_id", "service__title", "location_id", "location__latitude", "location__longitude")
    for service_id, title, location_id, latitude, longitude in rows.values_list(*columns):
        miles = haversine_miles(lat, lon, float(latitude), float(longitude))
        if (radius is None or miles <= radius) and (service_id not in best or miles < best[service_id].miles):
            best[service_id] = Hit(miles, title, service_id, location_id)
    return sorted(best.values(), key=lambda hit: (hit.miles, hit.title, hit.service_id))


def nearest_beyond(queryset, point, count=NEAREST_COUNT):
    """The `count` nearest places at any distance, searching wider boxes until enough are
    found (at most len(NEAREST_STEPS) + 1 queries)."""
    for miles in (*NEAREST_STEPS, None):
        hits = nearest(queryset, point, miles)
        if len(hits) >= count or miles is None:
            return hits[:count]
    return []


def in_state(queryset, state):
    """[Hit] of the services with a location in `state` (code or name), by city then title."""
    named = Q(location__state_province__iexact=state) | Q(
        location__state_province__iexact=STATES.get(state, state)
    )
    rows = _located(queryset).filter(named)
    best = {}
    for service_id, title, location_id, city in rows.values_list(
        "service_id", "service__title", "location_id", "location__city"
    ):
        hit = Hit(None, title, service_id, location_id, city or "")
        kept = best.get(service_id)
        if kept is None or (hit.city, hit.location_id) < (kept.city, kept.location_id):
            best[service_id] = hit
    return sorted(best.values(), key=lambda hit: (hit.city.lower(), hit.title, hit.service_id))


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


def search_near(queryset, place, radius, page_number=None, per_page=20, with_anywhere=True):
    """In-person places near `place` (a places.Place: a point or a state), one page of them,
    the nearest beyond `radius` when none is inside, and the first phone/online resources."""
    if place.point is None:
        hits = in_state(queryset, place.state)
        radius = None
    else:
        hits = nearest(queryset, place.point, radius)
    page = Paginator(hits, per_page).get_page(page_number)
    beyond = nearest_beyond(queryset, place.point) if not hits and place.point is not None else []
    remote, remote_count = [], 0
    if with_anywhere:
        remote, remote_count = first_anywhere(queryset)
    services = fetch_for_display([hit.service_id for hit in [*page.object_list, *beyond]] + remote)
    page.object_list = _dress(page.object_list, services)
    results = NearbyResults(
        page=page,
        count=len(hits),
        place=place,
        radius=radius,
        nearest=_dress(beyond, services, beyond_radius=radius),
        anywhere=[services[pk] for pk in remote if pk in services],
        anywhere_count=remote_count,
    )
    for service in results.anywhere:
        service.places = []
    return results
