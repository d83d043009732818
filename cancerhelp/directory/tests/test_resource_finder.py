"""The resource finder: filters, keyword, ZIP distance, hostile input, fixed query count."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from wagtail.models import Locale

from cancerhelp.directory.finder import PAGE_SIZE, bounding_box, haversine_miles, search

from .helpers import centers_page, finder_page, make_service

# ZIP 10001 (New York, NY) is at 40.7484, -73.9967 in the zipcodes package.
NEAR = ("Midtown center", 40.7580, -73.9855)  # about 0.9 miles away
MIDDLE = ("Newark center", 40.7357, -74.1724)  # about 9 miles away
FAR = ("Philadelphia center", 39.9526, -75.1652)  # about 80 miles away


def get(path, **params):
    return Client().get(path, params)


def titles(response):
    return re.findall(r'class="resource-title"[^>]*>([^<]+)<', response.content.decode())


def results_heading(response):
    return re.search(r'<h2 id="results-heading">([^<]+)</h2>', response.content.decode()).group(1)


def test_loader_creates_the_general_finder_at_resources(home_page):
    page = finder_page()
    assert page.title == "Find support" and page.preset_kind == "" and page.live
    assert page.get_parent().specific == home_page
    response = get("/resources/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Find support</h1>" in html
    assert 'method="get" action="/resources/"' in html
    assert 'href="/resources/"' in Client().get("/").content.decode()


def test_kind_filter_lists_only_that_kind_of_help(db):
    make_service("Quokka peer group", kinds=["peer-support"])
    make_service("Quokka money help", kinds=["financial-help"])
    response = get("/resources/", q="quokka", kind="peer-support")
    assert titles(response) == ["Quokka peer group"]
    assert results_heading(response) == "1 resource"
    both = get("/resources/", q="quokka", kind=["peer-support", "financial-help"])
    assert titles(both) == ["Quokka money help", "Quokka peer group"]
    assert results_heading(both) == "2 resources"


def test_language_filter_lists_services_offered_in_that_language(db):
    make_service("Quokka in Spanish", languages=["es"])
    make_service("Quokka in English and Spanish", languages=["en", "es"])
    make_service("Quokka in Korean", languages=["ko"])
    response = get("/resources/", q="quokka", language="es")
    assert titles(response) == ["Quokka in English and Spanish", "Quokka in Spanish"]


def test_format_filter_matches_any_chosen_format(db):
    make_service("Quokka online", online=True)
    make_service("Quokka phone", by_phone=True)
    make_service("Quokka in person", in_person=True)
    assert titles(get("/resources/", q="quokka", format="phone")) == ["Quokka phone"]
    assert titles(get("/resources/", q="quokka", format=["online", "in-person"])) == [
        "Quokka in person",
        "Quokka online",
    ]


def test_free_only_hides_services_that_cost_money(db):
    make_service("Quokka free", is_free=True)
    make_service("Quokka paid", fees_description="$20 a visit")
    assert titles(get("/resources/", q="quokka", free="on")) == ["Quokka free"]
    all_of_them = get("/resources/", q="quokka")
    assert titles(all_of_them) == ["Quokka free", "Quokka paid"]
    assert "$20 a visit" in all_of_them.content.decode()


def test_cancer_type_filter_keeps_services_for_any_cancer(db):
    make_service("Quokka breast", cancer_types=["breast"])
    make_service("Quokka lung", cancer_types=["lung"])
    make_service("Quokka everyone")  # no cancer type: for any cancer
    make_service("Quokka tagged any", cancer_types=["any"])
    assert titles(get("/resources/", q="quokka", cancer_type="breast")) == [
        "Quokka breast",
        "Quokka everyone",
        "Quokka tagged any",
    ]


def test_keyword_matches_title_description_and_organization_name(db):
    from cancerhelp.directory.models import Organization

    make_service("Wombat circle")
    make_service("Evening group", description="A wombat-friendly evening group.")
    make_service("Another group", organization=Organization.objects.create(name="Wombat Foundation"))
    make_service("Unrelated")
    assert titles(get("/resources/", q="WOMBAT")) == ["Another group", "Evening group", "Wombat circle"]
    # Every word must match somewhere.
    assert titles(get("/resources/", q="wombat evening")) == ["Evening group"]


def test_zip_search_sorts_nearest_first_and_shows_miles(db):
    make_service("Quokka far", in_person=True, locations=[FAR])
    make_service("Quokka middle", in_person=True, locations=[MIDDLE])
    make_service("Quokka near", in_person=True, locations=[NEAR])
    make_service("Quokka online only", online=True)
    response = get("/resources/", q="quokka", zip="10001", radius="25")
    assert response.status_code == 200
    assert titles(response) == ["Quokka near", "Quokka middle"]
    html = response.content.decode()
    assert "0.9 miles" in html and "9." in html
    assert "Within 25 miles of ZIP code 10001 (New York, NY), nearest first." in html
    wider = get("/resources/", q="quokka", zip="10001", radius="100")
    assert titles(wider) == ["Quokka near", "Quokka middle", "Quokka far"]


def test_zip_search_uses_a_services_nearest_location(db):
    make_service("Quokka two places", in_person=True, locations=[FAR, NEAR])
    make_service("Quokka middle", in_person=True, locations=[MIDDLE])
    response = get("/resources/", q="quokka", zip="10001-1234", radius="100")
    assert titles(response) == ["Quokka two places", "Quokka middle"]


def test_unknown_zip_is_an_error_tied_to_the_field(db):
    response = get("/resources/", zip="00000")
    assert response.status_code == 200
    html = response.content.decode()
    assert "We could not find ZIP code 00000." in html
    assert '<ul class="errorlist" id="id_zip_error">' in html
    assert re.search(
        r'<input[^>]*aria-invalid="true"[^>]*aria-describedby="id_zip_helptext id_zip_error"', html
    )
    assert '<a href="#id_zip">' in html  # the error summary leads to the field


@pytest.mark.parametrize("value", ["abcde", "1234567", "1234", "12 345"])
def test_malformed_zip_is_an_error_tied_to_the_field(db, value):
    response = get("/resources/", zip=value)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Enter a ZIP code of 5 digits, for example 10001." in html
    assert 'id="id_zip_error"' in html


@pytest.mark.parametrize(
    "query",
    [
        {"q": "x" * 10_000},
        {"q": "cancer\x00"},
        {"zip": "<script>alert(1)</script>"},
        {"zip": "1" * 5000},
        {"kind": ["information", "nope", "information"]},
        {"language": "klingon"},
        {"format": "teleport"},
        {"cancer_type": "' OR 1=1 --"},
        {"radius": "-5"},
        {"radius": "99999999999999999999999"},
        {"page": "-1"},
        {"page": "0"},
        {"page": "abc"},
        {"page": "9" * 5000},
        {"zip": ["10001", "00000", "abcde"]},
        {"free": ["on", "off", "yes"]},
        {"q": "%_%", "page": "2.5"},
    ],
)
def test_hostile_input_never_breaks_the_finder(db, query):
    response = get("/resources/", **query)
    assert response.status_code in (200, 400)
    html = response.content.decode()
    assert "<script>alert" not in html
    assert '<h2 id="results-heading">' in html


def test_script_in_zip_is_escaped_in_the_error(db):
    html = get("/resources/", zip="<b>1</b>").content.decode()
    assert "<b>1</b>" not in html
    assert "Enter a ZIP code of 5 digits" in html


def test_too_long_keyword_is_a_form_error_and_ignored(db):
    make_service("Quokka kept")
    response = get("/resources/", q="q" * 101)
    html = response.content.decode()
    assert "Use 100 characters or fewer." in html
    assert 'id="id_q_error"' in html


def test_result_count_and_pagination_keep_the_filters_in_the_url(db):
    for number in range(PAGE_SIZE + 5):
        make_service(f"Quokka {number:02d}", is_free=True)
    first = get("/resources/", q="quokka", free="on")
    assert results_heading(first) == f"{PAGE_SIZE + 5} resources"
    assert len(titles(first)) == PAGE_SIZE
    html = first.content.decode()
    next_link = re.search(r'<a href="([^"]+)" rel="next">', html).group(1)
    assert "q=quokka" in next_link and "free=on" in next_link and "page=2" in next_link
    second = Client().get("/resources/" + next_link.replace("&amp;", "&").split("#")[0])
    assert titles(second) == [f"Quokka {number:02d}" for number in range(PAGE_SIZE, PAGE_SIZE + 5)]
    assert 'rel="prev"' in second.content.decode()
    # The form shows the reader's choices again (a shareable, bookmarkable URL).
    assert 'name="q" value="quokka"' in html and 'name="free" id="id_free" checked' in html


def test_nothing_found_says_so_and_points_to_the_help_lines(db):
    html = get("/resources/", q="nothing-matches-this-xyzzy").content.decode()
    assert results_heading_text(html) == "0 resources"
    assert "No resources match all your choices." in html
    assert 'href="#help-lines"' in html and "1-800-422-6237" in html


def results_heading_text(html):
    return re.search(r'<h2 id="results-heading">([^<]+)</h2>', html).group(1)


def test_centers_page_is_the_finder_preset_to_local_centers(db):
    make_service("Quokka local center", kinds=["local-centers"], in_person=True, locations=[NEAR])
    make_service("Quokka hotline", kinds=["emotional-support"], by_phone=True)
    page = centers_page()
    assert page.preset_kind == "local-centers"
    response = get(page.url)
    html = response.content.decode()
    assert titles(response) == ["Quokka local center"]
    assert "Showing: <strong>Local centers</strong>." in html
    assert 'name="kind"' not in html  # the preset kind is fixed
    # The other filters still work, and a kind in the URL cannot widen the preset.
    near = get(page.url, zip="10001", kind="emotional-support")
    assert titles(near) == ["Quokka local center"]
    assert "0.9 miles" in near.content.decode()


def test_empty_centers_page_keeps_its_plain_message(db):
    html = get(centers_page().url).content.decode()
    assert "We have not listed any local centers yet" in html
    assert "1-800-422-6237" in html


def test_each_result_shows_who_how_language_cost_and_verification(db):
    import datetime

    make_service(
        "Quokka full card",
        phones=["1-800-555-0100"],
        languages=["es"],
        is_free=True,
        in_person=True,
        locations=[NEAR],
        last_verified=datetime.date(2026, 1, 15),
    )
    service_html = get("/resources/", q="quokka").content.decode()
    for expected in [
        "Run by",
        "Spanish",
        'href="tel:18005550100"',
        "Testville, NY",
        "Free",
        "Jan. 15, 2026",
        "Report a problem",
        'lang="es"',
    ]:
        assert expected in service_html, expected


def test_spanish_readers_see_the_spanish_twin_or_the_english_entry(db):
    english = make_service("Quokka English only")
    source = make_service("Quokka source")
    spanish = Locale.objects.get(language_code="es")
    twin = source.copy_for_translation(spanish)
    twin.title = "Quokka fuente"
    twin.save()
    with translation.override("es"):
        results = search(Locale.get_active(), {"q": "quokka"})
    assert [service.pk for service in results.page.object_list] == [english.pk, twin.pk]


def query_count(path, params):
    client = Client()
    client.get(path, params)  # warm caches (site root, content types)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, params)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "params",
    [
        {"q": "quokka"},
        {"q": "quokka", "kind": "local-centers", "language": "en", "free": "on"},
        {"q": "quokka", "zip": "10001", "radius": "50"},
    ],
)
def test_queries_per_request_do_not_grow_with_the_results(db, params, django_assert_max_num_queries):
    for number in range(2):
        make_service(
            f"Quokka few {number}",
            kinds=["local-centers"],
            is_free=True,
            in_person=True,
            locations=[NEAR, MIDDLE],
            phones=["555"],
        )
    few = query_count("/resources/", params)
    for number in range(PAGE_SIZE + 10):
        make_service(
            f"Quokka many {number}",
            kinds=["local-centers"],
            is_free=True,
            in_person=True,
            locations=[NEAR, MIDDLE],
            phones=["555", "556"],
        )
    with django_assert_max_num_queries(few):
        response = Client().get("/resources/", params)
    assert len(titles(response)) == PAGE_SIZE


def test_haversine_and_bounding_box():
    # New York to Los Angeles is about 2,445 miles.
    assert 2430 < haversine_miles(40.7128, -74.0060, 34.0522, -118.2437) < 2460
    min_lat, max_lat, min_lon, max_lon = bounding_box(40.7484, -73.9967, 25)
    for lat, lon in [(min_lat, -73.9967), (max_lat, -73.9967), (40.7484, min_lon), (40.7484, max_lon)]:
        assert haversine_miles(40.7484, -73.9967, lat, lon) == pytest.approx(25, rel=0.01)


def test_report_link_marks_the_language_of_an_english_title_in_spanish(client, db):
    html = client.get("/es/recursos/").content.decode()
    assert '<span lang="en">Imerman Angels</span>' in html
