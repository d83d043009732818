"""What the API serves validates against the official *compiled* HSDS 3.0 schemas too
(the project validates with the modular ones; these prove the two agree)."""

import functools
import gzip
import json

import pytest
from jsonschema import Draft202012Validator

from cancerhelp.directory.hsds import importer

from .hsds_helpers import DATA

pytestmark = pytest.mark.django_db
COMPILED = DATA / "compiled"


@functools.cache
def compiled_validator(name):
    with gzip.open(COMPILED / f"{name}.json.gz", "rt", encoding="utf-8") as handle:
        return Draft202012Validator(json.load(handle))


def errors(name, document):
    return [
        f"{list(error.absolute_path)}: {error.message}"
        for error in compiled_validator(name).iter_errors(document)
    ]


@pytest.fixture
def example_imported():
    importer.import_files([DATA / "service_full.json"])


@pytest.mark.parametrize(
    ("list_url", "schema"),
    [
        ("/api/hsds/services", "service"),
        ("/api/hsds/organizations", "organization"),
        ("/api/hsds/service_at_locations", "service_at_location"),
    ],
)
def test_every_detail_the_api_serves_validates_against_the_compiled_schema(
    client, example_imported, list_url, schema
):
    listing = client.get(list_url, {"per_page": 100}).json()
    assert listing["contents"], list_url
    for item in listing["contents"]:
        detail = client.get(f"{list_url}/{item['id']}")
        assert detail.status_code == 200
        assert errors(schema, detail.json()) == [], item["id"]


def test_compiled_schema_rejects_a_broken_service(client, example_imported):
    service = client.get("/api/hsds/services", {"per_page": 1}).json()["contents"][0]
    detail = client.get(f"/api/hsds/services/{service['id']}").json()
    del detail["name"]
    detail["url"] = 42
    assert len(errors("service", detail)) >= 2
