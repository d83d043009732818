"""Exporting: HSDS JSON and CSV package that validate and round-trip; the spreadsheet CSV."""

import csv
import io
import json

import pytest
from django.core.management import call_command
from wagtail.models import Locale

from cancerhelp.directory.hsds import exporter, importer, validation
from cancerhelp.directory.models import Organization, Service, TaxonomyTerm

from .hsds_helpers import DATA, build_services

pytestmark = pytest.mark.django_db

EXAMPLE_ORGANIZATION = "d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610"
EXAMPLE_TERM = "3f7b145d-84af-42d7-8fae-eaca714b02b2"


def read_csv(path):
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        return reader.fieldnames, [dict(row) for row in reader]


def test_export_hsds_json_validates_against_the_official_schema(tmp_path):
    out = tmp_path / "services.json"
    call_command("export_hsds", str(out), stdout=io.StringIO())
    services = json.loads(out.read_text(encoding="utf-8"))
    assert len(services) == Service.objects.filter(locale=Locale.get_default()).count() >= 14
    for obj in services:
        assert validation.errors(obj, "service") == [], obj["name"]


def test_export_hsds_organizations_shape_validates(tmp_path):
    out = tmp_path / "organizations.json"
    call_command("export_hsds", str(out), "--shape", "organizations", stdout=io.StringIO())
    organizations = json.loads(out.read_text(encoding="utf-8"))
    assert len(organizations) == Organization.objects.count()
    for obj in organizations:
        assert validation.errors(obj, "organization") == []
        for service in obj.get("services", []):
            assert validation.errors(service, "service") == []


def test_translations_stay_out_of_the_export():
    exported = {obj["id"] for obj in exporter.service_objects()}
    translated = {
        str(pk)
        for pk in Service.objects.exclude(locale=Locale.get_default()).values_list("hsds_id", flat=True)
    }
    english = {
        str(pk)
        for pk in Service.objects.filter(locale=Locale.get_default()).values_list("hsds_id", flat=True)
    }
    assert exported == english
    assert not exported & translated


def test_official_csv_package_exports_the_same_rows(tmp_path):
    """CSV in -> CSV out: every row the example links together comes back cell for cell."""
    _counts, warnings = importer.import_files([], [DATA / "csv"])
    orphans = {warning.split(" row")[0] for warning in warnings if "refers to no record" in warning}
    exporter.write_tables(
        tmp_path,
        organizations=exporter.organizations_queryset().filter(hsds_id=EXAMPLE_ORGANIZATION),
        terms=TaxonomyTerm.objects.filter(hsds_id=EXAMPLE_TERM),
        include_vocabularies=False,
    )
    compared = 0
    for source in sorted((DATA / "csv").glob("*.csv")):
        header, rows = read_csv(source)
        out_header, out_rows = read_csv(tmp_path / source.name)
        assert out_header == header, source.name
        if source.name in orphans:
            assert out_rows == [], source.name  # reported as not imported, so not exported
            continue
        assert out_rows == rows, source.name
        compared += 1
    assert compared == 17
    descriptor = json.loads((tmp_path / "datapackage.json").read_text())
    assert len(descriptor["resources"]) == 21


def test_whole_directory_csv_package_reimports_unchanged(tmp_path):
    build_services(3, prefix="Local")
    call_command("export_hsds", str(tmp_path / "package"), "--format", "csv", stdout=io.StringIO())
    _header, services = read_csv(tmp_path / "package" / "services.csv")
    assert len(services) == Service.objects.filter(locale=Locale.get_default()).count()
    counts, warnings = importer.import_files([], [tmp_path / "package"])
    assert warnings == []
    for kind, outcome in counts.items():
        assert outcome["created"] == 0 and outcome["updated"] == 0, (kind, outcome)
    assert counts["services"]["unchanged"] == len(services)


def test_directory_csv_download_lists_english_services_in_plain_columns(client):
    response = client.get("/directory/export.csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:4] == ["Title", "Organization", "Web address", "Kind of help"]
    assert "Last verified" in rows[0] and "Status" in rows[0]
    assert len(rows) - 1 == Service.objects.filter(locale=Locale.get_default()).count()
    titles = {row[0] for row in rows[1:]}
    assert "Cancer.Net, What is Metastasis?" in titles
    ids = {row[rows[0].index("HSDS id")] for row in rows[1:]}
    english = Service.objects.filter(locale=Locale.get_default())
    assert ids == {str(hsds_id) for hsds_id in english.values_list("hsds_id", flat=True)}


def test_directory_csv_leaves_spanish_twins_out(client):
    # Spanish twins keep the English title, so give one a title of its own to look for.
    twin = Service.objects.exclude(locale=Locale.get_default()).first()
    twin.title = "Título solo en la versión española"
    twin.save()
    text = client.get("/directory/export.csv").content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert twin.title not in {row[0] for row in rows[1:]}
    assert str(twin.hsds_id) not in text


def test_directory_csv_defuses_spreadsheet_formulas(client):
    service = build_services(1, prefix="Formula")[0]
    service.title = '=HYPERLINK("http://evil.example","click")'
    service.save()
    rows = list(csv.reader(io.StringIO(client.get("/directory/export.csv").content.decode("utf-8-sig"))))
    assert ["'" + service.title] == [row[0] for row in rows if "HYPERLINK" in row[0]]


def test_export_directory_csv_command_writes_a_file(tmp_path):
    out = tmp_path / "directory.csv"
    stdout = io.StringIO()
    call_command("export_directory_csv", str(out), stdout=stdout)
    count = Service.objects.filter(locale=Locale.get_default()).count()
    assert f"Wrote {count} resources" in stdout.getvalue()
    with out.open(encoding="utf-8-sig", newline="") as handle:
        assert len(list(csv.reader(handle))) == count + 1
