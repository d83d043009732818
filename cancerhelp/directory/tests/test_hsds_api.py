"""The read-only HSDS API: what it serves validates; hostile parameters get 400/404, never 500."""

import datetime
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from jsonschema import Draft202012Validator
from wagtail.models import Locale

from cancerhelp.directory.hsds import importer, mapping, openapi, validation
from cancerhelp.directory.models import Organization, Service, TaxonomyTerm
from cancerhelp.directory.vocabulary import KIND_OF_HELP_TAXONOMY

from .hsds_helpers import DATA, build_services

pytestmark = pytest.mark.django_db

PAGE_KEYS = {
    "total_items",
    "total_pages",
    "page_number",
    "size",
    "first_page",
    "last_page",
    "empty",
    "contents",
}


def page_schema():
    """Our document's Page shape, items left to the official schemas below."""
    schema = openapi.page_schema("any")
    schema["properties"]["contents"] = {"type": "array"}
    return schema


def get_json(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, (url, response.content[:300])
    assert response["Content-Type"] == "application/json"
    return response.json()


def get_page(client, url):
    page = get_json(client, url)
    assert set(page) == PAGE_KEYS
    assert list(Draft202012Validator(page_schema()).iter_errors(page)) == []
    return page


@pytest.fixture
def example_imported():
    importer.import_files([DATA / "service_full.json"])


def english_count():
    return Service.objects.filter(locale=Locale.get_default()).count()


def test_api_root_is_the_openapi_meta_object(client):
    root = get_json(client, "/api/hsds/")
    assert root["version"] == "3.0"
    assert root["openapi_url"] == "http://testserver/api/hsds/openapi.json"
    openapi = get_json(client, "/api/hsds/openapi.json")
    assert openapi["openapi"].startswith("3.1")
    assert "/services/{id}" in openapi["paths"]
    assert openapi["info"]["title"] == "Cancer Help HSDS API"


def test_service_list_items_validate_and_page_counts_add_up(client, example_imported):
    page = get_page(client, "/api/hsds/services?per_page=100")
    assert page["total_items"] == english_count() == page["size"]
    assert page["first_page"] and page["last_page"] and not page["empty"]
    for item in page["contents"]:
        assert validation.errors(item, "service") == [], item["id"]
        assert "phones" not in item  # list items carry one-to-one fields only
        assert set(item["organization"]) >= {"id", "name", "description"}


def test_every_service_detail_validates_against_the_official_schema(client, example_imported):
    for service in Service.objects.filter(locale=Locale.get_default()):
        obj = get_json(client, f"/api/hsds/services/{service.hsds_id}")
        assert validation.errors(obj, "service") == [], service.title
        assert obj["name"] == service.title


def test_service_detail_serves_the_imported_example_unchanged(client, example_imported):
    obj = get_json(client, "/api/hsds/services/ac148810-d857-441c-9679-408f346de14b")
    assert obj == __import__("json").loads((DATA / "service_full.json").read_text())


def test_full_service_list_validates(client):
    page = get_page(client, "/api/hsds/services?full=true&per_page=5")
    assert page["size"] == 5
    for item in page["contents"]:
        assert validation.errors(item, "service") == []
        assert "attributes" in item


def test_organizations_list_and_detail_validate(client, example_imported):
    page = get_page(client, "/api/hsds/organizations?per_page=100")
    assert page["total_items"] == Organization.objects.count()
    for item in page["contents"]:
        assert validation.errors(item, "organization") == []
        detail = get_json(client, f"/api/hsds/organizations/{item['id']}")
        assert validation.errors(detail, "organization") == []
        for service in detail.get("services", []):
            assert validation.errors(service, "service") == []
            assert "organization" not in service
    full = get_page(client, "/api/hsds/organizations?full=true&per_page=3")
    for item in full["contents"]:
        assert validation.errors(item, "organization") == []


def test_service_at_locations_validate(client, example_imported):
    build_services(2, prefix="Clinic")
    page = get_page(client, "/api/hsds/service_at_locations?per_page=100")
    assert page["total_items"] == 3
    for item in page["contents"]:
        assert validation.errors(item, "service_at_location") == []
        assert validation.errors(item["service"], "service") == []
        detail = get_json(client, f"/api/hsds/service_at_locations/{item['id']}")
        assert validation.errors(detail, "service_at_location") == []
        assert validation.errors(detail["location"], "location") == []
        assert validation.errors(detail["service"], "service") == []
    clinic = next(item for item in page["contents"] if item["service"]["name"].startswith("Clinic"))
    detail = get_json(client, f"/api/hsds/service_at_locations/{clinic['id']}")
    assert detail["location"]["addresses"][0]["city"] == "Springfield"
    assert detail["location"]["latitude"] == pytest.approx(39.781721)


def test_taxonomies_and_terms_validate_and_link_up(client, example_imported):
    terms = get_page(client, "/api/hsds/taxonomy_terms?per_page=100")
    assert terms["total_items"] == TaxonomyTerm.objects.count() + len(mapping.FLAG_TERMS)
    for term in terms["contents"]:
        assert validation.errors(term, "taxonomy_term") == []
    taxonomies = get_page(client, "/api/hsds/taxonomies")
    ids = {taxonomy["id"] for taxonomy in taxonomies["contents"]}
    for taxonomy in taxonomies["contents"]:
        assert validation.errors(taxonomy, "taxonomy") == []
    assert {term["taxonomy_id"] for term in terms["contents"] if "taxonomy_id" in term} <= ids
    kind_taxonomy = str(mapping.taxonomy_id(KIND_OF_HELP_TAXONOMY))
    kinds = get_page(client, f"/api/hsds/taxonomy_terms?taxonomy_id={kind_taxonomy}")
    assert kinds["total_items"] == TaxonomyTerm.objects.filter(taxonomy=KIND_OF_HELP_TAXONOMY).count()
    one = kinds["contents"][0]
    assert get_json(client, f"/api/hsds/taxonomy_terms/{one['id']}") == one
    assert get_json(client, f"/api/hsds/taxonomies/{kind_taxonomy}")["name"] == "Cancer Help: kinds of help"


def test_filters_search_taxonomy_term_and_modified_after(client):
    peer = TaxonomyTerm.objects.get(taxonomy=KIND_OF_HELP_TAXONOMY, code="peer-support")
    expected = Service.objects.filter(locale=Locale.get_default(), kinds=peer).count()
    page = get_page(client, f"/api/hsds/services?taxonomy_term_id={peer.hsds_id}")
    assert page["total_items"] == expected > 0

    online = next(flag for flag in mapping.FLAG_TERMS if flag.field == "online")
    page = get_page(client, f"/api/hsds/services?taxonomy_term_id={online.hsds_id}&per_page=100")
    assert page["total_items"] == Service.objects.filter(locale=Locale.get_default(), online=True).count()

    page = get_page(client, "/api/hsds/services?search=metastasis")
    assert "Cancer.Net, What is Metastasis?" in [item["name"] for item in page["contents"]]

    recent = build_services(1, prefix="Recent")[0]
    Service.objects.exclude(pk=recent.pk).update(updated_at=timezone.now() - datetime.timedelta(days=30))
    since = (timezone.now() - datetime.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    page = get_page(client, f"/api/hsds/services?modified_after={since}")
    assert [item["id"] for item in page["contents"]] == [str(recent.hsds_id)]

    org = recent.organization
    page = get_page(client, f"/api/hsds/services?organization_id={org.hsds_id}")
    assert page["total_items"] == 1


def test_search_matches_title_description_and_organization_name(client):
    build_services(1, prefix="Quokka")
    build_services(1, prefix="Wombat")
    Service.objects.filter(title="Wombat service 000").update(description="Quokka-friendly help.")
    other = build_services(1, prefix="Numbat")[0]
    Organization.objects.filter(pk=other.organization_id).update(name="The QUOKKA fund")
    build_services(1, prefix="Bilby")
    page = get_page(client, "/api/hsds/services?search=quokka")
    assert [item["name"] for item in page["contents"]] == [
        "Numbat service 000",
        "Quokka service 000",
        "Wombat service 000",
    ]
    assert page["total_items"] == 3


def test_pages_past_the_end_are_empty_not_errors(client):
    page = get_page(client, "/api/hsds/services?page=999&per_page=10")
    assert page["empty"] and page["contents"] == [] and page["page_number"] == 999


def test_translations_are_not_served(client):
    translated = Service.objects.exclude(locale=Locale.get_default()).first()
    if translated is None:
        pytest.skip("no translated service in the initial content")
    get_json(client, f"/api/hsds/services/{translated.hsds_id}", status=404)
    ids = {item["id"] for item in get_page(client, "/api/hsds/services?per_page=100")["contents"]}
    assert str(translated.hsds_id) not in ids


@pytest.mark.parametrize(
    "url, parameter",
    [
        ("/api/hsds/services?page=abc", "page"),
        ("/api/hsds/services?page=0", "page"),
        ("/api/hsds/services?page=-1", "page"),
        ("/api/hsds/services?page=99999999999999999999", "page"),
        ("/api/hsds/services?per_page=-1", "per_page"),
        ("/api/hsds/services?per_page=0", "per_page"),
        ("/api/hsds/services?per_page=101", "per_page"),
        ("/api/hsds/services?per_page=1e3", "per_page"),
        ("/api/hsds/services?modified_after=notadate", "modified_after"),
        ("/api/hsds/services?modified_after=2024-13-45", "modified_after"),
        ("/api/hsds/services?taxonomy_term_id=abc", "taxonomy_term_id"),
        ("/api/hsds/services?taxonomy_term_id=%27%3B%20DROP%20TABLE", "taxonomy_term_id"),
        ("/api/hsds/services?organization_id=1", "organization_id"),
        ("/api/hsds/services?full=maybe", "full"),
        ("/api/hsds/services?search=" + "x" * 201, "search"),
        ("/api/hsds/services?search=a%00b", "search"),
        ("/api/hsds/service_at_locations?per_page=abc", "per_page"),
        ("/api/hsds/organizations?page=%F0%9F%92%A5", "page"),
        ("/api/hsds/taxonomy_terms?taxonomy_id=nope", "taxonomy_id"),
        ("/api/hsds/taxonomies?per_page=1000", "per_page"),
        ("/api/hsds/services/not-a-uuid", "id"),
        ("/api/hsds/organizations/123", "id"),
        ("/api/hsds/service_at_locations/%27", "id"),
        ("/api/hsds/taxonomy_terms/xyz", "id"),
        ("/api/hsds/taxonomies/xyz", "id"),
    ],
)
def test_hostile_parameters_get_a_400_naming_the_parameter(client, url, parameter):
    body = get_json(client, url, status=400)
    assert body["parameter"] == parameter
    assert body["error"]


@pytest.mark.parametrize(
    "kind", ["services", "organizations", "service_at_locations", "taxonomy_terms", "taxonomies"]
)
def test_unknown_ids_get_a_404(client, kind):
    body = get_json(client, f"/api/hsds/{kind}/{uuid.uuid4()}", status=404)
    assert "error" in body


def test_the_api_is_read_only(client):
    assert client.post("/api/hsds/services", {}).status_code == 405
    assert client.delete(f"/api/hsds/services/{uuid.uuid4()}").status_code == 405


@pytest.mark.parametrize(
    "path",
    [
        "/api/hsds/services",
        "/api/hsds/services?full=true",
        "/api/hsds/organizations?full=true",
        "/api/hsds/service_at_locations",
        "/api/hsds/service_at_locations?full=true",
        "/api/hsds/taxonomy_terms",
    ],
)
def test_query_count_does_not_grow_with_page_size(client, path):
    build_services(50, prefix="Scale")
    separator = "&" if "?" in path else "?"
    counts = []
    for per_page in (5, 50):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(f"{path}{separator}search=Scale&per_page={per_page}")
        assert response.status_code == 200
        if "taxonomy" not in path:
            assert response.json()["size"] == (per_page if "organizations" not in path else 1)
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_service_detail_takes_a_fixed_number_of_queries(client):
    small, big = build_services(2, prefix="Size")
    for number in range(20):
        big.phones.create(number=f"1-800-555-{number:04d}")
    counts = []
    for service in (small, big):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/api/hsds/services/{service.hsds_id}").status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_the_read_only_api_answers_any_origin_and_refuses_writes_in_json(client, home_page):
    response = client.get("/api/hsds/services", HTTP_ORIGIN="https://hospital.example")
    assert response["Access-Control-Allow-Origin"] == "*"
    for method in (client.post, client.put, client.patch, client.delete):
        refused = method("/api/hsds/services")
        assert refused.status_code == 405 and refused["Allow"] == "GET, HEAD, OPTIONS"
        assert refused.json()["error"] and refused["Access-Control-Allow-Origin"] == "*"
    preflight = client.options("/api/hsds/services", HTTP_ORIGIN="https://hospital.example")
    assert preflight.status_code == 204 and "GET" in preflight["Access-Control-Allow-Methods"]
    assert client.get("/api/hsds/services?page=0")["Access-Control-Allow-Origin"] == "*"  # errors too
    assert client.head("/api/hsds/services").status_code == 200
    # Pages and the admin are not readable cross-origin.
    assert "Access-Control-Allow-Origin" not in client.get("/")
    assert "Access-Control-Allow-Origin" not in client.get("/admin/login/")
