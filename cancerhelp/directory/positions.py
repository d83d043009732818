"""A place's map position from its ZIP code or its city and state, offline (places.py).

Editors add a place with its address; the resource finder measures distances from the
latitude and longitude. `fill_map_position` fills them when they are empty, so a place
saved with only a ZIP code is found by a ZIP search at once.
"""

from decimal import Decimal

from .places import ZIP_PATTERN, city_index, locate_zip, normalise, state_code

FROM_ZIP = "zip"
FROM_CITY = "city"
KEPT = "kept"
UNKNOWN = ""


def _decimal(value):
    return Decimal(f"{value:.6f}")


def position_from_address(postal_code, city, state):
    """((latitude, longitude), source) from the ZIP code, else the city and state; (None, UNKNOWN)."""
    match = ZIP_PATTERN.match((postal_code or "").strip())
    if match:
        found = locate_zip(match.group(1))
        if found is not None:
            return (found[0], found[1]), FROM_ZIP
    code = state_code(state or "")
    if city and city.strip() and code:
        for candidate in city_index().get(normalise(city), []):
            if candidate.state == code:
                return (candidate.latitude, candidate.longitude), FROM_CITY
    return None, UNKNOWN


def fill_map_position(location):
    """Fill an empty latitude/longitude from the address. Returns where the position came from.

    A position the editor typed is kept as it is (KEPT); UNKNOWN means the place still has none.
    """
    if location.latitude is not None and location.longitude is not None:
        return KEPT
    point, source = position_from_address(location.postal_code, location.city, location.state_province)
    if point is not None:
        location.latitude, location.longitude = _decimal(point[0]), _decimal(point[1])
    return source
