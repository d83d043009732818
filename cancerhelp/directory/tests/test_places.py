"""Finding where the reader is from what they type: ZIP code, city, state (offline)."""

import pytest

from cancerhelp.directory.places import STATES, Place, PlaceError, find_place, normalise


def test_zip_code_gives_its_position_city_and_state():
    place = find_place("77030")
    assert isinstance(place, Place)
    assert (place.kind, place.zip_code, place.label, place.state) == ("zip", "77030", "Houston, TX", "TX")
    assert place.point == pytest.approx((29.7041, -95.401), abs=0.01)
    assert find_place(" 77030-1234 ").zip_code == "77030"


@pytest.mark.parametrize(
    "text", ["Houston, TX", "houston tx", "HOUSTON,TX", "Houston Texas", "Houston, Texas"]
)
def test_city_and_state_in_any_usual_spelling(text):
    place = find_place(text)
    assert (place.kind, place.label, place.state) == ("city", "Houston, TX", "TX")
    # The middle of Houston's ZIP codes, within a few miles of downtown.
    assert place.point == pytest.approx((29.76, -95.37), abs=0.1)
    assert place.alternatives == ()


def test_a_city_in_several_states_gives_the_biggest_and_the_others_to_choose():
    place = find_place("Houston")
    assert place.label == "Houston, TX"
    assert 0 < len(place.alternatives) <= 5
    labels = [label for label, _query in place.alternatives]
    assert all(label.startswith("Houston, ") and label != "Houston, TX" for label in labels)
    portland = find_place("portland")
    assert portland.label == "Portland, OR"
    assert ("Portland, ME", "Portland, ME") in portland.alternatives


@pytest.mark.parametrize(
    "text, code",
    [("TX", "TX"), ("tx", "TX"), ("Texas", "TX"), ("new mexico", "NM"), ("DC", "DC"), ("Puerto Rico", "PR")],
)
def test_a_state_by_code_or_name(text, code):
    place = find_place(text)
    assert (place.kind, place.state, place.point) == ("state", code, None)
    assert place.label == STATES[code]


def test_spanish_state_names_and_accents():
    assert find_place("Nueva York").state == "NY"
    assert find_place("Carolina del Norte").state == "NC"
    assert find_place("San José").label == "San Jose, CA"
    assert find_place("St. Louis").label == "Saint Louis, MO"


def test_a_state_that_is_also_a_city_offers_the_city():
    place = find_place("New York")
    assert place.kind == "state" and place.state == "NY"
    assert place.alternatives == (("New York, NY", "New York, NY"),)


@pytest.mark.parametrize(
    "text, code",
    [
        ("00000", "unknown_zip"),
        ("1234", "malformed_zip"),
        ("123456", "malformed_zip"),
        ("12 345", "malformed_zip"),
        ("Xyzzyville", "unknown_place"),
        ("Houston, VT", "unknown_place"),
        ("<script>", "unknown_place"),
        ("x" * 500, "unknown_place"),
    ],
)
def test_what_is_not_a_place_is_a_clear_error(text, code):
    result = find_place(text)
    assert isinstance(result, PlaceError) and result.code == code


def test_empty_is_no_place():
    assert find_place("   ") is None


def test_normalise():
    assert normalise("  Ste. Genevieve ") == "sainte genevieve"
    assert normalise("MT. Vernon") == "mount vernon"
    assert normalise("Mayagüez") == "mayaguez"
