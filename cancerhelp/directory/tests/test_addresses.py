"""How an in-person place reads: address or "City, ST", a plain directions link, hours."""

from types import SimpleNamespace

from django.test import override_settings
from django.utils import translation

from cancerhelp.directory.addresses import directions_url, opening_hours, schedule_text, short_address


def location(**fields):
    values = dict.fromkeys(["address_1", "city", "state_province", "postal_code"], "")
    values["name"] = "Hope Lodge Houston"
    values.update(fields)
    return SimpleNamespace(**values)


def test_short_address_is_the_street_or_city_and_state_never_made_up():
    full = location(address_1="1 Main St", city="Houston", state_province="TX", postal_code="77030")
    assert short_address(full) == "1 Main St, Houston, TX 77030"
    # No street known: only the city and state, even with a ZIP code.
    assert short_address(location(city="Houston", state_province="TX", postal_code="77030")) == "Houston, TX"
    assert short_address(location()) == ""


def test_directions_link_is_a_plain_maps_search_for_the_address():
    full = location(address_1="1 Main St", city="Houston", state_province="TX", postal_code="77030")
    assert directions_url(full) == (
        "https://www.google.com/maps/dir/?api=1&destination=1%20Main%20St%2C%20Houston%2C%20TX%2077030"
    )
    # Without a street, the place's name in its city (what a maps search finds).
    assert directions_url(location(city="Houston", state_province="TX")).endswith(
        "destination=Hope%20Lodge%20Houston%2C%20Houston%2C%20TX"
    )
    with override_settings(
        DIRECTORY_DIRECTIONS_URL="https://www.openstreetmap.org/search?query={destination}"
    ):
        assert directions_url(full).startswith("https://www.openstreetmap.org/search?query=1%20Main")


def test_hours_from_hsds_schedules_in_the_readers_language():
    weekdays = {"byday": "MO,TU,WE,TH,FR", "opens_at": "09:00", "closes_at": "17:00"}
    assert schedule_text(weekdays) == "Mon–Fri: 9 a.m. to 5 p.m."
    assert schedule_text({"byday": "MO,WE", "opens_at": "10:30", "closes_at": "14:00"}) == (
        "Mon, Wed: 10:30 a.m. to 2 p.m."
    )
    with translation.override("es"):
        assert schedule_text(weekdays) == "lun–vie: de 09:00 a 17:00"
    assert schedule_text({"description": "Call for hours"}) == "Call for hours"
    assert schedule_text({"opens_at": "nonsense", "closes_at": "17:00"}) == ""
    assert schedule_text("not a schedule") == ""


def test_hours_come_from_the_first_record_that_states_them():
    empty = SimpleNamespace(hsds_extra={})
    stated = SimpleNamespace(hsds_extra={"schedules": [{"description": "Open every day"}]})
    assert opening_hours(None, empty, stated) == ["Open every day"]
    assert opening_hours(empty, SimpleNamespace(hsds_extra={"schedules": [{}]})) == []
