"""Where the reader is: a ZIP code, a city or a state, found offline.

`find_place("Houston, TX")` turns what a reader types into a `Place`: a point (a ZIP
code's position, or the middle of a city's ZIP codes) to measure distances from, or a
whole state. It reads only the `zipcodes` package (no network, no third-party request),
builds its city index once per process, and never raises on odd input: it returns a
`PlaceError` that says what went wrong.

A city name that exists in several states ("Springfield") gives the one with the most ZIP
codes (the biggest, most likely meant) and the others as `alternatives` the page offers
as links. A state name that is also a big city ("New York") gives the state, and the city
as an alternative.
"""

import functools
import re
import unicodedata
from dataclasses import dataclass, field

import zipcodes

ZIP_PATTERN = re.compile(r"^(\d{5})(?:-\d{4})?$")
MAX_ALTERNATIVES = 5

# The 50 states, DC and Puerto Rico (the places the directory covers).
STATES = {
    "AL": "Alabama",
    "AK": "Alaska",
    "AZ": "Arizona",
    "AR": "Arkansas",
    "CA": "California",
    "CO": "Colorado",
    "CT": "Connecticut",
    "DE": "Delaware",
    "DC": "District of Columbia",
    "FL": "Florida",
    "GA": "Georgia",
    "HI": "Hawaii",
    "ID": "Idaho",
    "IL": "Illinois",
    "IN": "Indiana",
    "IA": "Iowa",
    "KS": "Kansas",
    "KY": "Kentucky",
    "LA": "Louisiana",
    "ME": "Maine",
    "MD": "Maryland",
    "MA": "Massachusetts",
    "MI": "Michigan",
    "MN": "Minnesota",
    "MS": "Mississippi",
    "MO": "Missouri",
    "MT": "Montana",
    "NE": "Nebraska",
    "NV": "Nevada",
    "NH": "New Hampshire",
    "NJ": "New Jersey",
    "NM": "New Mexico",
    "NY": "New York",
    "NC": "North Carolina",
    "ND": "North Dakota",
    "OH": "Ohio",
    "OK": "Oklahoma",
    "OR": "Oregon",
    "PA": "Pennsylvania",
    "PR": "Puerto Rico",
    "RI": "Rhode Island",
    "SC": "South Carolina",
    "SD": "South Dakota",
    "TN": "Tennessee",
    "TX": "Texas",
    "UT": "Utah",
    "VT": "Vermont",
    "VA": "Virginia",
    "WA": "Washington",
    "WV": "West Virginia",
    "WI": "Wisconsin",
    "WY": "Wyoming",
}
# Spanish names that differ from the English ones (accents are ignored when matching).
SPANISH_STATE_NAMES = {
    "Carolina del Norte": "NC",
    "Carolina del Sur": "SC",
    "Dakota del Norte": "ND",
    "Dakota del Sur": "SD",
    "Distrito de Columbia": "DC",
    "Hawái": "HI",
    "Luisiana": "LA",
    "Míchigan": "MI",
    "Misisipi": "MS",
    "Misuri": "MO",
    "Nueva Jersey": "NJ",
    "Nueva York": "NY",
    "Nuevo Hampshire": "NH",
    "Nuevo México": "NM",
    "Oregón": "OR",
    "Pensilvania": "PA",
    "Virginia Occidental": "WV",
}
ABBREVIATIONS = {"st": "saint", "ste": "sainte", "ft": "fort", "mt": "mount"}


def normalise(text):
    """Lower case, no accents, no dots, single spaces, 'St.' as 'saint': how names are matched."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(char for char in text if not unicodedata.combining(char)).lower()
    words = re.sub(r"[.\s]+", " ", text.replace(".", " ")).split()
    return " ".join(ABBREVIATIONS.get(word, word) for word in words)


STATE_BY_NAME = {normalise(name): code for code, name in STATES.items()}
STATE_BY_NAME.update({normalise(name): code for name, code in SPANISH_STATE_NAMES.items()})
STATE_BY_NAME.update({"washington dc": "DC", "dc": "DC"})


@dataclass(frozen=True)
class Place:
    """A point to measure from (ZIP code or city) or a whole state.

    `kind` is "zip", "city" or "state". `latitude`/`longitude` are None for a state.
    `alternatives` are other places the words could mean, as (label, query) pairs.
    """

    kind: str
    label: str
    state: str
    latitude: float | None = None
    longitude: float | None = None
    zip_code: str = ""
    city: str = ""
    alternatives: tuple = field(default_factory=tuple)

    @property
    def point(self):
        return None if self.latitude is None else (self.latitude, self.longitude)

    @property
    def state_name(self):
        return STATES.get(self.state, self.state)


@dataclass(frozen=True)
class PlaceError:
    """Why the words are not a place: 'malformed_zip', 'unknown_zip' or 'unknown_place'."""

    code: str
    value: str


@dataclass(frozen=True)
class City:
    name: str
    state: str
    latitude: float
    longitude: float
    zip_count: int

    @property
    def label(self):
        return f"{self.name}, {self.state}"


@functools.cache
def city_index():
    """{normalised city name: [City, ...] biggest first}, built once from the zipcodes data."""
    points = {}
    for entry in zipcodes.list_all():
        if entry.get("state") not in STATES or not (entry.get("lat") and entry.get("long")):
            continue
        key = (normalise(entry["city"]), entry["state"])
        name, lats, lons = points.setdefault(key, (entry["city"], [], []))
        lats.append(float(entry["lat"]))
        lons.append(float(entry["long"]))
    index = {}
    for (key, state), (name, lats, lons) in points.items():
        city = City(name, state, sum(lats) / len(lats), sum(lons) / len(lons), len(lats))
        index.setdefault(key, []).append(city)
    for cities in index.values():
        cities.sort(key=lambda city: (-city.zip_count, city.state))
    return index


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


def _city_place(city, others=()):
    alternatives = tuple((other.label, other.label) for other in others[:MAX_ALTERNATIVES])
    return Place(
        kind="city",
        label=city.label,
        state=city.state,
        latitude=city.latitude,
        longitude=city.longitude,
        city=city.name,
        alternatives=alternatives,
    )


def _split_state(words):
    """(city words, state code) when the words end with a state ("Houston, TX"), else (words, "")."""
    if "," in words:
        city, _comma, state = words.rpartition(",")
        code = state_code(state)
        if code:
            return city.strip(), code
    tokens = words.split()
    for size in (3, 2, 1):  # "Carolina del Norte", "New York", "TX"
        if len(tokens) > size:
            code = state_code(" ".join(tokens[-size:]))
            if code:
                return " ".join(tokens[:-size]), code
    return words, ""


def state_code(words):
    """The two-letter code of a state given by its code or its (English or Spanish) name."""
    words = words.strip()
    if words.upper() in STATES:
        return words.upper()
    return STATE_BY_NAME.get(normalise(words), "")


def find_place(text):
    """A Place for a ZIP code, "City, ST", "City" or a state; a PlaceError otherwise."""
    words = " ".join(text.split())
    if not words:
        return None
    if any(char.isdigit() for char in words):
        match = ZIP_PATTERN.match(words)
        if not match:
            return PlaceError("malformed_zip", words)
        found = locate_zip(match.group(1))
        if found is None:
            return PlaceError("unknown_zip", match.group(1))
        lat, lon, city, state = found
        return Place(
            kind="zip",
            label=f"{city}, {state}" if city else match.group(1),
            state=state,
            latitude=lat,
            longitude=lon,
            zip_code=match.group(1),
            city=city,
        )
    index = city_index()
    code = state_code(words)
    if code:
        same_name = index.get(normalise(words), [])[:1]  # "New York": the state, or the city?
        return Place(
            kind="state",
            label=STATES[code],
            state=code,
            alternatives=tuple((city.label, city.label) for city in same_name),
        )
    city_words, code = _split_state(words)
    cities = index.get(normalise(city_words), [])
    if code:
        cities = [city for city in cities if city.state == code]
        return _city_place(cities[0]) if cities else PlaceError("unknown_place", words)
    if not cities:
        return PlaceError("unknown_place", words)
    return _city_place(cities[0], cities[1:])
