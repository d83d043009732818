"""The OpenAPI document we serve says what the API does, and validates offline: every
`$ref` is local, every answer (pages, records, errors) validates against its own schemas."""

import json

import pytest
from django.db import OperationalError
from django.test import Client
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.exceptions import Unretrievable
from referencing.jsonschema import DRAFT202012

from cancerhelp.directory.hsds import importer, views
from cancerhelp.directory.models import Service

from .hsds_helpers import DATA

pytestmark = pytest.mark.django_db

DOCUMENT_URI = "urn:cancerhelp:hsds-openapi"
UNKNOWN = "7d3f0c52-1b8e-4e0a-9a51-3c2b6f1d9e20"  # no record has this id


@pytest.fixture
def document(client):
    response = client.get("/api/hsds/openapi.json")
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    return response.json()


def refusing_remote(uri):
    raise Unretrievable(ref=uri)  # offline: any remote schema would fail here


def validator_for(document, schema):
    """Validate `schema` with references resolved inside `document` only (no network)."""
    resource = Resource.from_contents(document, default_specification=DRAFT202012)
    registry = Registry(retrieve=refusing_remote).with_resource(DOCUMENT_URI, resource)
    return Draft202012Validator(
        {"$ref": f"{DOCUMENT_URI}#/components/schemas/{schema}"} if isinstance(schema, str) else schema,
        registry=registry,
        format_checker=FormatChecker(),
    )


def response_schema(document, path, status="200"):
    """The schema the document declares for GET `path` answering `status`, refs rooted in it."""
    responses = document["paths"][path]["get"]["responses"]
    declared = responses[status]
    if "$ref" in declared:
        declared = document["components"]["responses"][declared["$ref"].rsplit("/", 1)[1]]
    schema = declared["content"]["application/json"]["schema"]
    return json.loads(json.dumps(schema).replace('"#/components', f'"{DOCUMENT_URI}#/components'))


def assert_valid(document, path, body, status="200"):
    problems = [
        f"{'/'.join(map(str, error.absolute_path))}: {error.message}"
        for error in validator_for(document, response_schema(document, path, status)).iter_errors(body)
    ]
    assert problems == [], (path, problems[:5])


def all_refs(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref":
                yield value
            else:
                yield from all_refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from all_refs(value)


def test_every_reference_is_local_and_resolves(document):
    refs = set(all_refs(document))
    assert refs and all(ref.startswith("#/components/") for ref in refs), refs
    for ref in refs:
        _, _, kind, name = ref.split("/")
        assert name in document["components"][kind], ref
    assert document["openapi"] == "3.1.0"
    assert document["servers"] == [{"url": "http://testserver/api/hsds"}]
    assert "Open Referral" in document["info"]["description"]
    assert "CC BY-SA 4.0" in document["info"]["description"]


def test_parameters_state_the_limits_the_views_enforce(document):
    parameters = document["components"]["parameters"]
    assert parameters["page"]["schema"] == {"type": "integer", "minimum": 1, "maximum": views.MAX_PAGE}
    per_page = parameters["per_page"]["schema"]
    assert (per_page["minimum"], per_page["maximum"]) == (1, views.MAX_PER_PAGE)
    assert parameters["search"]["schema"]["maxLength"] == views.MAX_SEARCH
    for name in ("taxonomy_term_id", "taxonomy_id", "organization_id", "parent_id"):
        assert parameters[name]["schema"]["format"] == "uuid"
    for path, item in document["paths"].items():
        responses = item["get"]["responses"]
        assert {"200", "400", "503"} <= set(responses), path
        if "{id}" in path:
            assert "404" in responses and item["parameters"][0]["schema"]["format"] == "uuid"


LISTS = [
    "/services",
    "/services?full=true",
    "/organizations",
    "/organizations?full=true",
    "/service_at_locations",
    "/service_at_locations?full=true",
    "/taxonomies",
    "/taxonomy_terms",
]


@pytest.fixture
def example_imported():
    importer.import_files([DATA / "service_full.json"])


@pytest.mark.parametrize("address", LISTS)
def test_every_list_validates_against_the_document(client, document, example_imported, address):
    path = address.split("?")[0]
    separator = "&" if "?" in address else "?"
    page = client.get(f"/api/hsds{address}{separator}per_page=100").json()
    assert page["size"] > 0
    assert_valid(document, path, page)
    if path in ("/taxonomies", "/taxonomy_terms"):
        return
    for item in page["contents"]:
        detail = client.get(f"/api/hsds{path}/{item['id']}")
        assert detail.status_code == 200
        assert_valid(document, f"{path}/{{id}}", detail.json())


def test_the_imported_example_with_everything_hsds_has_validates(client, document, example_imported):
    body = client.get("/api/hsds/services/ac148810-d857-441c-9679-408f346de14b").json()
    assert "schedules" in body  # a property we do not model, passed through
    assert_valid(document, "/services/{id}", body)


def test_a_record_that_breaks_the_schema_is_caught(client, document, example_imported):
    """The schemas are not `{}`: a wrong answer fails them."""
    body = client.get("/api/hsds/services/ac148810-d857-441c-9679-408f346de14b").json()
    body["id"] = "not-a-uuid"
    body["phones"][0].pop("number")
    with pytest.raises(AssertionError):
        assert_valid(document, "/services/{id}", body)


@pytest.mark.parametrize(
    ("address", "status", "path"),
    [
        ("/api/hsds/services?per_page=0", "400", "/services"),
        ("/api/hsds/organizations?page=x", "400", "/organizations"),
        ("/api/hsds/taxonomy_terms?parent_id=1", "400", "/taxonomy_terms"),
        (f"/api/hsds/services/{UNKNOWN}", "404", "/services/{id}"),
        ("/api/hsds/taxonomies/nope", "400", "/taxonomies/{id}"),
    ],
)
def test_errors_have_the_declared_body(client, document, address, status, path):
    response = client.get(address)
    assert response.status_code == int(status)
    assert response["Content-Type"] == "application/json"
    assert_valid(document, path, response.json(), status)


@pytest.mark.parametrize("address", ["/api/hsds/nothing-here", "/api/hsds/services/", "/api/hsds/a/b/c"])
def test_unknown_addresses_get_the_api_json_404(client, document, address):
    response = client.get(address)
    assert response.status_code == 404 and response["Content-Type"] == "application/json"
    assert not list(validator_for(document, "Error").iter_errors(response.json()))
    assert response["Access-Control-Allow-Origin"] == "*"


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete", "trace"])
@pytest.mark.parametrize("address", ["/api/hsds/", "/api/hsds/services", f"/api/hsds/services/{UNKNOWN}"])
def test_undeclared_methods_get_405_with_allow_and_the_error_body(client, document, method, address):
    response = getattr(client, method)(address)
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD, OPTIONS"
    assert not list(validator_for(document, "Error").iter_errors(response.json()))


def test_a_database_outage_is_a_json_503_with_retry_after(document, monkeypatch):
    def broken(*args, **kwargs):
        raise OperationalError("could not connect to server")

    monkeypatch.setattr(Service.objects, "filter", broken)
    response = Client(raise_request_exception=False).get("/api/hsds/services")
    assert response.status_code == 503 and int(response["Retry-After"]) > 0
    assert response["Content-Type"] == "application/json"
    assert_valid(document, "/services", response.json(), "503")


def test_only_the_api_is_readable_cross_origin(client, home_page, document):
    assert client.get("/api/hsds/openapi.json")["Access-Control-Allow-Origin"] == "*"
    assert client.get("/api/hsds/nowhere")["Access-Control-Allow-Origin"] == "*"
    for address in ("/", "/es/", "/admin/login/", "/directory/export.csv", "/nowhere/"):
        assert "Access-Control-Allow-Origin" not in client.get(address), address
