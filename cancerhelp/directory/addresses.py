"""How an in-person place reads on a result: its address, a directions link and its hours.

Pure functions of a Location (and the HSDS schedules kept in `hsds_extra`), so the result
card, the tests and any other listing say it the same way. Nothing here queries the
database or calls a third party: the directions link is a plain link out, built from the
address, that the reader may follow or not.
"""

import datetime
from dataclasses import dataclass
from urllib.parse import quote

from django.conf import settings
from django.utils import formats
from django.utils.dates import WEEKDAYS_ABBR
from django.utils.translation import gettext as _

# A maps search for the place's address; {destination} is URL-encoded. Override with the
# DIRECTORY_DIRECTIONS_URL setting (e.g. an OpenStreetMap search) if the owner prefers.
DEFAULT_DIRECTIONS_URL = "https://www.google.com/maps/dir/?api=1&destination={destination}"
HSDS_DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]


def short_address(location):
    """The street address, or "City, ST" when the street is not known (never made up)."""
    city_state = ", ".join(part for part in [location.city, location.state_province] if part)
    if not location.address_1:
        return city_state
    tail = " ".join(part for part in [city_state, location.postal_code] if part)
    return ", ".join(part for part in [location.address_1, tail] if part)


def directions_url(location):
    """A maps link to the street address, or to the place's name in its city when no street."""
    if location.address_1:
        destination = short_address(location)
    else:
        destination = ", ".join(part for part in [location.name, short_address(location)] if part)
    if not destination:
        return ""
    template = getattr(settings, "DIRECTORY_DIRECTIONS_URL", DEFAULT_DIRECTIONS_URL)
    return template.format(destination=quote(destination, safe=""))


def _clock(value):
    """'09:00' or '09:00:00' as the reader's clock ('9 a.m.' / '9:00'); '' when unreadable."""
    try:
        parts = [int(part) for part in str(value).split(":")[:2]]
        moment = datetime.time(parts[0], parts[1] if len(parts) > 1 else 0)
    except (TypeError, ValueError, IndexError):
        return ""
    return formats.time_format(moment, "TIME_FORMAT")


def _day_ranges(byday):
    """'MO,TU,WE,FR' as 'Mon–Wed, Fri' (consecutive days joined), in the active language."""
    codes = [code.strip().upper()[-2:] for code in str(byday).split(",")]
    numbers = sorted({HSDS_DAYS.index(code) for code in codes if code in HSDS_DAYS})
    runs = []
    for number in numbers:
        if runs and number == runs[-1][1] + 1:
            runs[-1][1] = number
        else:
            runs.append([number, number])
    names = []
    for first, last in runs:
        if first == last:
            names.append(str(WEEKDAYS_ABBR[first]))
        elif last == first + 1:
            names.extend([str(WEEKDAYS_ABBR[first]), str(WEEKDAYS_ABBR[last])])
        else:
            names.append(f"{WEEKDAYS_ABBR[first]}–{WEEKDAYS_ABBR[last]}")
    return ", ".join(names)


def schedule_text(schedule):
    """One HSDS schedule as a line of text: days and times when given, else its description."""
    if not isinstance(schedule, dict):
        return ""
    days = _day_ranges(schedule.get("byday") or "")
    opens, closes = _clock(schedule.get("opens_at")), _clock(schedule.get("closes_at"))
    if opens and closes:
        times = _("%(opens)s to %(closes)s") % {"opens": opens, "closes": closes}
        return f"{days}: {times}" if days else times
    return str(schedule.get("description") or "").strip()


def opening_hours(*records):
    """Lines of opening hours from the first record (service at location, location, service)
    whose HSDS schedules say something; [] when no source states hours."""
    for record in records:
        if record is None:
            continue
        schedules = (getattr(record, "hsds_extra", None) or {}).get("schedules") or []
        lines = [line for line in (schedule_text(item) for item in schedules) if line]
        if lines:
            return lines
    return []


@dataclass
class PlaceFacts:
    """What a result card shows about one in-person location of a service."""

    location: object
    address: str
    directions_url: str
    hours: list


def place_facts(service, location_id=None):
    """PlaceFacts for each location of a prefetched service (no query), or only for
    `location_id` (the one nearest the reader) when given."""
    facts = []
    for sal in service.service_at_locations.all():
        location = sal.location
        if location_id is not None and location.pk != location_id:
            continue
        facts.append(
            PlaceFacts(
                location=location,
                address=short_address(location) or location.name,
                directions_url=directions_url(location),
                hours=opening_hours(sal, location, service),
            )
        )
    return facts
