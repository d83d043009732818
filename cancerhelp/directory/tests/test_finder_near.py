"""The finder near a place: city and state search, the nearest places when nothing is close,
the phone and online help beside them, what an in-person result shows, the folded form."""

import re

import pytest
from django.test import Client

from . import helpers
from .helpers import centers_page

# Realistic test places (made-up names and streets, real cities and coordinates).
HOUSTON_CENTER = {
    "name": "Bayou City Cancer Support Center",
    "address_1": "100 Test Medical Blvd",
    "city": "Houston",
    "state_province": "TX",
    "postal_code": "77030",
    "latitude": 29.7069,
    "longitude": -95.3975,
    "hsds_extra": {"schedules": [{"byday": "MO,TU,WE,TH,FR", "opens_at": "09:00", "closes_at": "17:00"}]},
}
AUSTIN_LODGE = {  # only the city is known
    "name": "Capitol Test Lodge",
    "city": "Austin",
    "state_province": "TX",
    "latitude": 30.2672,
    "longitude": -97.7431,
}
BILLINGS_CENTER = {
    "name": "Big Sky Test Cancer Center",
    "address_1": "2 Test Ave",
    "city": "Billings",
    "state_province": "MT",
    "postal_code": "59101",
    "latitude": 45.7833,
    "longitude": -108.5007,
}


def get(path="/resources/", **params):
    return Client().get(path, params)


def main_results(response):
    """The main results section's HTML (places), without the phone and online section."""
    return response.content.decode().split('id="results-heading"')[1].split('id="anywhere-heading"')[0]


def titles(html):
    return re.findall(r'class="resource-title"[^>]*>([^<]+)<', html)


def heading(response):
    return re.search(r'<h2 id="results-heading"[^>]*>([^<]+)</h2>', response.content.decode()).group(1)


def make_service(*args, **kwargs):
    """A test service whose description has a word no shipped entry has (to filter on it)."""
    kwargs.setdefault("description", "A zebrafinch test entry.")
    return helpers.make_service(*args, **kwargs)


@pytest.fixture
def directory(db):
    houston = make_service(
        "Bayou City Support",
        in_person=True,
        is_free=True,
        kinds=["local-centers"],
        phones=["713-555-0100"],
        locations=[HOUSTON_CENTER],
    )
    austin = make_service("Capitol Lodge", in_person=True, kinds=["local-centers"], locations=[AUSTIN_LODGE])
    billings = make_service(
        "Big Sky Center", in_person=True, kinds=["local-centers"], locations=[BILLINGS_CENTER]
    )
    helpline = make_service(
        "Test Cancer Helpline", by_phone=True, kinds=["emotional-support"], phones=["1-800-555-0199"]
    )
    online = make_service("Test Online Community", online=True, kinds=["peer-support"])
    return {
        "houston": houston,
        "austin": austin,
        "billings": billings,
        "helpline": helpline,
        "online": online,
    }


def test_city_search_finds_places_near_the_city(directory):
    response = get(near="Houston, TX", radius="25")
    assert response.status_code == 200
    assert heading(response) == "1 place within 25 miles of Houston, TX"
    assert titles(main_results(response)) == ["Bayou City Support"]
    assert get(near="houston tx").status_code == 200
    assert titles(main_results(get(near="Houston", radius="25"))) == ["Bayou City Support"]


def test_ambiguous_city_gives_the_biggest_and_links_to_the_others(directory):
    html = get(near="Houston").content.decode()
    assert "Did you mean another place?" in html
    assert re.search(r'<a href="\?near=Houston%2C\+[A-Z]{2}[^"]*">Houston, [A-Z]{2}</a>', html)
    assert "Houston, TX</a>" not in html  # the one shown is not offered again


@pytest.mark.parametrize("text", ["TX", "Texas", "texas"])
def test_state_search_lists_the_states_places_by_city(directory, text):
    response = get(near=text)
    assert heading(response) == "2 places in Texas"
    html = main_results(response)
    assert titles(html) == ["Capitol Lodge", "Bayou City Support"]  # Austin, then Houston
    assert "Places you can visit, by city." in html
    assert "miles away" not in html


def test_unknown_place_is_a_clear_error_not_a_500(directory):
    response = get(near="Xyzzyville")
    assert response.status_code == 200
    html = response.content.decode()
    assert "We could not find the place “Xyzzyville”." in html
    assert 'id="id_near_error"' in html


def test_nothing_within_the_distance_says_so_and_shows_the_nearest_beyond(directory):
    # ZIP 59001 (Absarokee, MT) is about 50 miles from Billings.
    response = get(near="59001", radius="10", q="zebrafinch")
    assert heading(response) == "No places within 10 miles of ZIP code 59001 (Absarokee, MT)"
    html = main_results(response)
    assert "The nearest places, farther away" in html
    assert "These are more than 10 miles away." in html
    assert titles(html)[0] == "Big Sky Center"
    assert re.search(r"5\d\.\d miles away <span class=\"beyond\">\(farther than 10 miles\)", html)
    assert titles(html) == ["Big Sky Center", "Capitol Lodge", "Bayou City Support"]
    # And the help anyone can use, from home.
    page = response.content.decode()
    assert "Help by phone and online, wherever you live" in page
    anywhere = page.split('id="anywhere-heading"')[1]
    assert titles(anywhere) == ["Test Cancer Helpline", "Test Online Community"]
    assert "2 resources you can use from home." in anywhere
    assert 'href="tel:18005550199"' in anywhere
    assert "0 resources" not in page


def test_more_phone_and_online_resources_than_shown_links_to_all(directory):
    from cancerhelp.directory.nearby import ANYWHERE_LIMIT

    for number in range(ANYWHERE_LIMIT):
        make_service(f"Test line {number:02d}", by_phone=True)
    html = get(near="77030").content.decode()
    anywhere = html.split('id="anywhere-heading"')[1]
    assert len(titles(anywhere)) == ANYWHERE_LIMIT
    found = re.search(r'<a href="([^"]+)">See all (\d+) resources by phone and online</a>', anywhere)
    link, count = found.groups()
    assert int(count) >= ANYWHERE_LIMIT + 2 and f"{count} resources you can use from home." in anywhere
    assert "near=" not in link and "format=online&amp;format=phone" in link


def test_in_person_result_shows_distance_address_phone_directions_hours_and_check(directory):
    html = main_results(get(near="77030", radius="10"))
    for expected in [
        "miles away",
        "100 Test Medical Blvd, Houston, TX 77030",
        'href="tel:7135550100"',
        'class="directions" href="https://www.google.com/maps/dir/?api=1&amp;destination=100%20Test%20Medical',
        "Mon–Fri: 9 a.m. to 5 p.m.",
        "Not yet checked by our team.",
    ]:
        assert expected in html, expected


def test_a_place_without_a_street_shows_its_city_and_state_only(directory):
    html = main_results(get(near="Austin, TX", radius="10"))
    assert "<dd>Austin, TX<br>" in html
    assert "destination=Capitol%20Test%20Lodge%2C%20Austin%2C%20TX" in html
    assert "Hours" not in html  # never guessed


def test_after_a_search_the_form_folds_into_a_summary_before_the_results(directory):
    html = get(near="Houston, TX", kind="local-centers", language="es").content.decode()
    summary = re.search(r"<summary>(.*?)</summary>", html, re.S).group(1)
    assert "within 25 miles of Houston, TX" in summary and "Local centers" in summary
    assert "Spanish" in summary and "Change" in summary
    assert html.index("<details") < html.index('name="near"') < html.index("</details>")
    assert html.index("</details>") < html.index('id="results-heading"')
    # Before any search the form is open.
    assert "<details" not in get().content.decode()


def test_spanish_finder_speaks_spanish_near_a_place(directory):
    response = Client().get("/es/recursos/", {"near": "59001", "radius": "10"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "No hay lugares a 10 millas o menos de código postal 59001 (Absarokee, MT)" in html
    assert "Los lugares más cercanos, más lejos" in html
    assert "Ayuda por teléfono y en línea, viva donde viva" in html
    assert "Todavía no lo ha revisado nuestro equipo." in html


def test_centers_page_lists_in_person_places_nearest_first(directory):
    page = centers_page()
    response = get(page.url, near="Austin, TX", radius="100")
    assert response.status_code == 200
    assert titles(main_results(response)) == ["Capitol Lodge"]
    wider = main_results(get(page.url, near="Austin, TX", radius="100", page="1"))
    assert "Bayou City Support" not in wider  # 146 miles away
    state = get(page.url, near="TX")
    assert titles(main_results(state)) == ["Capitol Lodge", "Bayou City Support"]
    html = state.content.decode()
    assert "Test Cancer Helpline" not in html  # the centers page shows places only
