"""The resource finder: filters, keyword, ZIP distance, hostile input, fixed query count."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from wagtail.models import Locale

from cancerhelp.directory.finder import PAGE_SIZE, bounding_box, haversine_miles, search
from cancerhelp.directory.models import ServiceAtLocation
from cancerhelp.directory.nearby import ANYWHERE_LIMIT, NEAREST_COUNT

from .helpers import centers_page, finder_page, make_service

# ZIP 10001 (New York, NY) is at 40.7484, -73.9967 in the zipcodes package.
NEAR = ("Midtown center", 40.7580, -73.9855)  # about 0.9 miles away
MIDDLE = ("Newark center", 40.7357, -74.1724)  # about 9 miles away
FAR = ("Philadelphia center", 39.9526, -75.1652)  # about 80 miles away


def get(path, **params):
    return Client().get(path, params)


def titles(response):
    return re.findall(r'class="resource-title"[^>]*>([^<]+)<', response.content.decode())


def card(response, title):
    """The HTML of the one result whose title is `title` (so a check cannot match the page)."""
    cards = re.findall(
        r'<li class="resource">(.*?)</li>\s*(?=<li class="resource">|</ul>)', response.content.decode(), re.S
    )
    matching = [html for html in cards if f">{title}<" in html]
    assert len(matching) == 1, f"{len(matching)} results titled {title!r}"
    return matching[0]


def results_heading(response):
    return results_heading_text(response.content.decode())


def place_titles(response):
    """Titles in the main results (the places), not in the phone and online section below."""
    html = response.content.decode().split('id="anywhere-heading"')[0]
    return re.findall(r'class="resource-title"[^>]*>([^<]+)<', html)


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


def test_keyword_search_reads_the_trigram_indexes_on_postgresql(db):
    """The keyword condition must match the indexes' `UPPER(...)` expressions (migration
    0009) and keep the organization out of a join, or PostgreSQL reads every service."""
    if connection.vendor != "postgresql":
        pytest.skip("trigram indexes exist on PostgreSQL only")
    from cancerhelp.directory.models import Service
    from cancerhelp.directory.models.records import keyword_condition

    make_service("Wombat circle")
    queryset = Service.objects.filter(keyword_condition("wombat"))
    with connection.cursor() as cursor:
        # A tiny table is read whole (or in title order); make PostgreSQL show its choice of index.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
    plan = queryset.order_by().explain()
    for index in (
        "directory_service_title_trgm",
        "directory_service_description_trgm",
        "directory_organization_name_trgm",
    ):
        assert index in plan, plan


def test_zip_search_sorts_nearest_first_and_shows_miles(db):
    make_service("Quokka far", in_person=True, locations=[FAR])
    make_service("Quokka middle", in_person=True, locations=[MIDDLE])
    make_service("Quokka near", in_person=True, locations=[NEAR])
    make_service("Quokka online only", online=True)
    response = get("/resources/", q="quokka", near="10001", radius="25")
    assert response.status_code == 200
    assert place_titles(response) == ["Quokka near", "Quokka middle"]
    html = response.content.decode()
    assert "0.9 miles away" in card(response, "Quokka near")
    assert "9.2 miles away" in card(response, "Quokka middle")
    assert results_heading(response) == "2 places within 25 miles of ZIP code 10001 (New York, NY)"
    assert "Places you can visit, nearest first." in html
    wider = get("/resources/", q="quokka", near="10001", radius="100")
    assert place_titles(wider) == ["Quokka near", "Quokka middle", "Quokka far"]
    # Links made before city search used `zip`: they still work.
    assert place_titles(get("/resources/", q="quokka", zip="10001")) == ["Quokka near", "Quokka middle"]


def test_zip_search_uses_a_services_nearest_location(db):
    make_service("Quokka two places", in_person=True, locations=[FAR, NEAR])
    make_service("Quokka middle", in_person=True, locations=[MIDDLE])
    response = get("/resources/", q="quokka", near="10001-1234", radius="100")
    assert place_titles(response) == ["Quokka two places", "Quokka middle"]
    # The card shows the nearest location (Midtown), not the far one.
    card = response.content.decode().split("Quokka two places")[1].split('class="resource"')[0]
    assert "Midtown center" in card and "Philadelphia center" not in card


def test_unknown_zip_is_an_error_tied_to_the_field(db):
    response = get("/resources/", near="00000")
    assert response.status_code == 200
    html = response.content.decode()
    assert "We could not find ZIP code 00000." in html
    assert '<ul class="errorlist" id="id_near_error">' in html
    assert re.search(
        r'<input[^>]*aria-invalid="true"[^>]*aria-describedby="id_near_helptext id_near_error"', html
    )
    assert '<a href="#id_near">' in html  # the error summary leads to the field
    assert "<details" not in html  # the form stays open to fix the mistake


@pytest.mark.parametrize("value", ["1234567", "1234", "12 345", "7703O"])
def test_malformed_zip_is_an_error_tied_to_the_field(db, value):
    response = get("/resources/", near=value)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Enter a ZIP code of 5 digits, for example 10001." in html
    assert 'id="id_near_error"' in html


@pytest.mark.parametrize(
    "query",
    [
        {"q": "x" * 10_000},
        {"q": "cancer\x00"},
        {"near": "<script>alert(1)</script>"},
        {"near": "1" * 5000},
        {"near": "Houston, TX", "radius": "-5"},
        {"near": "TX", "page": "999"},
        {"zip": "<script>alert(1)</script>"},
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
        {"near": ["10001", "00000", "abcde"]},
        {"free": ["on", "off", "yes"]},
        {"q": "%_%", "page": "2.5"},
    ],
)
def test_hostile_input_never_breaks_the_finder(db, query):
    response = get("/resources/", **query)
    assert response.status_code == 200  # a bad choice is reported and ignored, the page still works
    html = response.content.decode()
    assert "<script>alert" not in html
    assert 'id="results-heading"' in html


def test_script_in_the_place_is_escaped_in_the_error(db):
    html = get("/resources/", near="<b>1</b>").content.decode()
    assert "<b>1</b>" not in html
    assert "Enter a ZIP code of 5 digits" in html
    html = get("/resources/", near="<b>Nowhere</b>").content.decode()
    assert "<b>Nowhere</b>" not in html and "&lt;b&gt;Nowhere&lt;/b&gt;" in html


def test_too_long_keyword_is_a_form_error_and_ignored(db):
    make_service("Quokka kept", languages=["ko"])
    make_service("Quokka in English", languages=["en"])
    # The keyword matches nothing; ignored, the other filter (Korean) still applies.
    response = get("/resources/", q="q" * 101, language="ko")
    html = response.content.decode()
    assert "Use 100 characters or fewer." in html
    assert 'id="id_q_error"' in html
    assert titles(response) == ["Quokka kept"]


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
    return re.search(r'<h2 id="results-heading"[^>]*>([^<]+)</h2>', html).group(1)


def test_centers_page_is_the_finder_preset_to_in_person_places(db):
    make_service("Quokka local center", kinds=["local-centers"], in_person=True, locations=[NEAR])
    make_service("Quokka lodge", kinds=["financial-help"], in_person=True, locations=[MIDDLE])
    make_service("Quokka hotline", kinds=["emotional-support"], by_phone=True)
    page = centers_page()
    assert page.preset_format == "in-person"
    response = get(page.url, q="quokka")
    html = response.content.decode()
    assert titles(response) == ["Quokka local center", "Quokka lodge"]
    assert "Showing: <strong>In person</strong>." in html
    assert 'name="format"' not in html  # the preset way is fixed
    # The other filters still work, and a format in the URL cannot widen the preset.
    near = get(page.url, near="10001", format="phone", q="quokka")
    assert place_titles(near) == ["Quokka local center", "Quokka lodge"]
    assert "0.9 miles away" in near.content.decode()
    assert 'id="anywhere-heading"' not in near.content.decode()  # places only
    assert place_titles(get(page.url, near="10001", kind="financial-help")) == ["Quokka lodge"]


def test_migration_turns_the_old_local_centers_preset_into_in_person_places(db):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("cancerhelp.directory.migrations.0005_centers_page_in_person_places")
    page = centers_page()
    page.preset_kind, page.preset_format = "local-centers", ""
    page.save_revision().publish()
    migration.centers_page_shows_in_person_places(apps, None)
    page.refresh_from_db()
    assert (page.preset_kind, page.preset_format) == ("", "in-person")
    revision = page.latest_revision.as_object()
    assert (revision.preset_kind, revision.preset_format) == ("", "in-person")


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
        verification_status="verified",
    )
    make_service("Quokka bare card", languages=["en"], fees_description="$20 a visit")
    response = get("/resources/", q="quokka")
    full = card(response, "Quokka full card")
    for expected in [
        "<dt>Run by</dt><dd>Test organization",
        "<dt>Language</dt><dd>Spanish</dd>",
        '<dt>Phone</dt><dd><a href="tel:18005550100">1-800-555-0100</a>',
        "Testville, NY",
        "<dt>Cost</dt><dd>Free</dd>",
        "Checked by our team on Jan. 15, 2026.",
        "Report a problem",
        'lang="es" hreflang="es">Quokka full card</a>',  # a Spanish-only title, on an English page
    ]:
        assert expected in full, expected
    bare = card(response, "Quokka bare card")
    for unexpected in ["Spanish", "<dd>Free</dd>", 'lang="es"', "Jan. 15, 2026", "tel:"]:
        assert unexpected not in bare, unexpected
    assert "<dt>Cost</dt><dd>$20 a visit</dd>" in bare


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
    "params, shown",
    [
        ({"q": "quokka"}, PAGE_SIZE),
        ({"q": "quokka", "kind": "local-centers", "language": "en", "free": "on"}, PAGE_SIZE),
        ({"q": "quokka", "near": "10001", "radius": "50"}, PAGE_SIZE + ANYWHERE_LIMIT),
        # Nothing within 10 miles of Houston: the nearest places beyond, found by widening the box.
        ({"q": "quokka", "near": "Houston, TX", "radius": "10"}, NEAREST_COUNT + ANYWHERE_LIMIT),
        ({"q": "quokka", "near": "NY"}, PAGE_SIZE + ANYWHERE_LIMIT),
    ],
)
def test_queries_per_request_do_not_grow_with_the_results(db, params, shown, django_assert_max_num_queries):
    def add(prefix, count, phones):
        for number in range(count):
            make_service(
                f"Quokka {prefix} {number}",
                kinds=["local-centers"],
                is_free=True,
                in_person=True,
                locations=[NEAR, MIDDLE],
                phones=phones,
            )
            make_service(
                f"Quokka {prefix} line {number}", kinds=["local-centers"], is_free=True, phones=phones[:1]
            )

    add("few", 2, ["555"])
    few = query_count("/resources/", params)
    add("many", PAGE_SIZE + 10, ["555", "556"])
    client = Client()
    client.get("/resources/", params)  # the first request after a change fills the memos again
    with django_assert_max_num_queries(few):
        response = client.get("/resources/", params)
    assert len(titles(response)) == shown


def test_haversine_and_bounding_box():
    # New York to Los Angeles is about 2,445 miles.
    assert 2430 < haversine_miles(40.7128, -74.0060, 34.0522, -118.2437) < 2460
    min_lat, max_lat, min_lon, max_lon = bounding_box(40.7484, -73.9967, 25)
    for lat, lon in [(min_lat, -73.9967), (max_lat, -73.9967), (40.7484, min_lon), (40.7484, max_lon)]:
        assert haversine_miles(40.7484, -73.9967, lat, lon) == pytest.approx(25, rel=0.01)


def test_report_link_marks_the_language_of_an_english_title_in_spanish(client, db):
    html = client.get("/es/recursos/").content.decode()
    assert '<span lang="en">Imerman Angels</span>' in html


def test_result_counts_group_thousands_in_the_readers_language():
    from cancerhelp.directory.views import count_text

    assert count_text(1) == "1 resource"
    assert count_text(12345) == "12,345 resources"
    with translation.override("es"):
        assert count_text(1) == "1 recurso"
        assert count_text(12345) == "12\xa0345 recursos"


def test_zip_search_pages_keep_the_exact_distance_order(db):
    """The database filters, orders and pages by distance: the pages put together are the
    services within the distance, each at its nearest location, sorted by exact miles (then
    title), as computing every distance in Python gives; a page past the end is the last."""
    import random

    from cancerhelp.directory.places import Place

    rng = random.Random(7)  # noqa: S311 (made-up test positions)
    origin = (40.7484, -73.9967)
    expected = []
    for number in range(45):
        spots = [
            (f"Spot {number}-{n}", origin[0] + rng.uniform(-2, 2), origin[1] + rng.uniform(-2.5, 2.5))
            for n in range(1 + (number % 4 == 0))
        ]
        service = make_service(f"Quokka {number:02d}", in_person=True, locations=spots)
        miles = min(haversine_miles(*origin, round(lat, 6), round(lon, 6)) for _name, lat, lon in spots)
        if miles <= 100:
            expected.append((miles, service.title, service.pk))
    twin = make_service("Quokka 00 twin", in_person=True, locations=[("Twin", origin[0] + 0.1, origin[1])])
    first = make_service("Quokka 00 first", in_person=True, locations=[("Twin", origin[0] + 0.1, origin[1])])
    expected += [(haversine_miles(*origin, origin[0] + 0.1, origin[1]), s.title, s.pk) for s in (twin, first)]
    expected.sort()
    place = Place(kind="zip", label="10001", state="NY", latitude=origin[0], longitude=origin[1])
    filters = {"place": place, "radius": 100, "q": "quokka"}
    found = []
    pages = -(-len(expected) // 7)
    assert pages >= 3
    for number in range(1, pages + 1):
        results = search(Locale.get_default(), filters, page_number=number, per_page=7)
        assert results.count == len(expected)
        found += [(service.distance_miles, service.title, service.pk) for service in results.page.object_list]
    assert [row[1:] for row in found] == [row[1:] for row in expected]
    assert [row[0] for row in found] == pytest.approx([row[0] for row in expected], abs=0.001)
    last = search(Locale.get_default(), filters, page_number=99, per_page=7)
    assert last.page.number == pages
    assert [s.title for s in last.page.object_list] == [row[1] for row in expected[(pages - 1) * 7 :]]


def test_state_search_pages_keep_the_city_order_in_a_fixed_number_of_queries(db):
    """In a state the database orders, counts and pages the places: the pages put together
    are the services with a location in the state (its code or name, in any case), each at
    its first such location by city (character order) then id, ordered by that city in any
    case, then title (character order), then id, as listing and sorting them all in Python
    gave; the card shows that location; a page past the end is the last; and the queries do
    not grow with the number of places."""
    from cancerhelp.directory.places import Place

    def spot(city, state="TX"):
        return {"name": f"Quokka site {city or 'nowhere'}", "city": city, "state_province": state}

    def add(title, *spots):
        return make_service(title, in_person=True, locations=list(spots))

    springfield = add("Quokka Springfield", spot("Springfield", "IL"), spot("Springfield", "Tx"))
    add("Quokka b", spot("houston"))
    add("Quokka a", spot("Houston", "Texas"))
    add("quokka c", spot("Houston", "tx"))  # lower case: after every "Quokka" title
    add("Quokka Z", spot("Houston", "TEXAS"))
    add("Quokka two places", spot("Waco"), spot("El Paso", "texas"))
    add("Quokka waco", spot("Waco"))
    add("Quokka mixed", spot("Albuquerque", "NM"), spot("waco"))
    add("Quokka same", spot("Austin"))
    add("Quokka same", spot("Austin"))
    add("Quokka no city", spot(""))
    amarillo = add("Quokka case city", spot("amarillo"), spot("Amarillo"))
    add("Quokka tie city", spot("Dallas"), spot("Dallas"))
    add("Quokka outside", spot("Santa Fe", "NM"))
    add("Quokka online only")

    def in_python():
        """(title, service pk, location pk) in the order listing every place in Python gave."""
        best = {}
        for sal in ServiceAtLocation.objects.filter(service__title__icontains="quokka").select_related(
            "service", "location"
        ):
            location, service = sal.location, sal.service
            if location.state_province.upper() in {"TX", "TEXAS"}:
                row = (location.city, location.pk, service.title, service.pk)
                best[service.pk] = min(best.get(service.pk, row), row)
        rows = sorted((city.lower(), title, pk, location) for city, location, title, pk in best.values())
        return [row[1:] for row in rows]

    expected = in_python()
    assert [title for title, _pk, _location in expected] == [
        "Quokka no city",
        "Quokka case city",  # Amarillo
        "Quokka same",  # Austin
        "Quokka same",
        "Quokka tie city",  # Dallas
        "Quokka two places",  # El Paso, before Waco
        "Quokka Z",  # Houston (any case): titles in character order
        "Quokka a",
        "Quokka b",
        "quokka c",
        "Quokka Springfield",  # the one in Texas
        "Quokka mixed",  # waco (and Albuquerque, NM)
        "Quokka waco",
    ]
    place = Place(kind="state", label="Texas", state="TX")
    filters = {"place": place, "q": "quokka"}
    found = []
    for number in range(1, 5):
        results = search(Locale.get_default(), filters, page_number=number, per_page=4)
        assert results.count == len(expected) and results.radius is None
        for service in results.page.object_list:
            assert service.distance_miles is None and len(service.places) == 1
            found.append((service.title, service.pk, service.places[0].location.pk))
    assert found == expected
    by_pk = {pk: location for _title, pk, location in found}
    places = ServiceAtLocation.objects
    assert by_pk[amarillo.pk] == places.get(service=amarillo, location__city="Amarillo").location_id
    assert by_pk[springfield.pk] == places.get(service=springfield, location__state_province="Tx").location_id
    last = search(Locale.get_default(), filters, page_number=99, per_page=4)
    assert last.page.number == 4 and [s.pk for s in last.page.object_list] == [expected[-1][1]]

    def queries():
        search(Locale.get_default(), filters)  # warm the memos
        with CaptureQueriesContext(connection) as captured:
            results = search(Locale.get_default(), filters)
        return len(captured), len(results.page.object_list)

    few, shown = queries()
    for number in range(PAGE_SIZE + 10):
        add(f"Quokka more {number}", spot("Lubbock"), spot("Tyler", "Texas"))
    many, shown_many = queries()
    assert (shown, shown_many) == (len(expected), PAGE_SIZE)
    assert many <= few
