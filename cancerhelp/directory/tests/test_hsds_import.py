"""Importing HSDS 3.0: the official examples round-trip; a bad file changes nothing."""

import io
import shutil
import uuid

import pytest
from django.core.management import CommandError, call_command

from cancerhelp.directory.hsds import exporter, importer, mapping
from cancerhelp.directory.models import Organization, Service, ServiceAtLocation, TaxonomyTerm
from cancerhelp.directory.vocabulary import KIND_OF_HELP_TAXONOMY

from .hsds_helpers import DATA, example, new_service, row_counts, write_json

pytestmark = pytest.mark.django_db


def import_json(tmp_path, data):
    return importer.import_files([write_json(tmp_path, data)])[0]


def nothing_changed(counts):
    return all(outcome["created"] == 0 and outcome["updated"] == 0 for outcome in counts.values())


def refused(tmp_path, data):
    """Import `data`, expect a refusal; return its message after checking nothing changed."""
    before = row_counts()
    with pytest.raises(importer.ImportRefused) as caught:
        import_json(tmp_path, data)
    assert row_counts() == before
    return "\n".join(caught.value.errors)


def exported(kind, hsds_id, shape="full"):
    if kind == "service":
        service = exporter.services_queryset().get(hsds_id=hsds_id)
        return mapping.service_full(service) if shape == "full" else mapping.service_to_hsds(service)
    if kind == "organization":
        organization = exporter.organizations_queryset().get(hsds_id=hsds_id)
        if shape == "full":
            return mapping.organization_full(organization, organization.services.all())
        return mapping.scalars(mapping.organization_to_hsds(organization))
    if kind == "service_at_location":
        sal = ServiceAtLocation.objects.select_related("location", "service").get(hsds_id=hsds_id)
        return mapping.service_at_location_to_hsds(sal, full=shape == "full", service=sal.service)
    return mapping.term_to_hsds(TaxonomyTerm.objects.get(hsds_id=hsds_id))


@pytest.mark.parametrize(
    "name, kind",
    [
        ("service_full", "service"),
        ("organization_full", "organization"),
        ("service_at_location_full", "service_at_location"),
        ("taxonomy_term", "taxonomy_term"),
    ],
)
def test_official_json_examples_import_export_and_reimport_unchanged(tmp_path, name, kind):
    data = example(name)
    counts = import_json(tmp_path, data)
    assert sum(outcome["created"] for outcome in counts.values()) >= 1

    assert exported(kind, data["id"]) == data  # dict equality: key order does not matter

    again = import_json(tmp_path, exported(kind, data["id"]))
    assert nothing_changed(again), again


@pytest.mark.parametrize(
    "name, kind",
    [
        ("service_list", "service"),
        ("organization_list", "organization"),
        ("service_at_location_list", "service_at_location"),
        ("taxonomy_term_list", "taxonomy_term"),
    ],
)
def test_official_list_pages_import_and_export_their_items_unchanged(tmp_path, name, kind):
    page = example(name)
    import_json(tmp_path, page)
    item = page["contents"][0]
    shape = "full" if kind == "taxonomy_term" else "list"
    assert exported(kind, item["id"], shape) == item
    assert nothing_changed(import_json(tmp_path, page))


def test_reimporting_the_same_file_reports_it_unchanged(tmp_path):
    path = write_json(tmp_path, example("service_full"))
    out = io.StringIO()
    call_command("import_hsds", str(path), "--no-progress", stdout=out)
    assert "services: 1 created, 0 updated, 0 unchanged" in out.getvalue()
    out = io.StringIO()
    call_command("import_hsds", str(path), "--no-progress", stdout=out)
    assert "services: 0 created, 0 updated, 1 unchanged" in out.getvalue()
    assert "locations: 0 created, 0 updated, 1 unchanged" in out.getvalue()


def test_our_own_export_reimports_without_any_change(tmp_path):
    """The shipped directory survives export -> import: every mapping goes both ways."""
    data = exporter.service_objects()
    assert len(data) == Service.objects.filter(locale__language_code="en").count()
    counts = import_json(tmp_path, data)
    assert nothing_changed(counts), counts
    assert counts["services"]["unchanged"] == len(data)


def test_reimport_restores_a_field_changed_since_the_export(tmp_path):
    data = exporter.service_objects()
    service = Service.objects.get(hsds_id=data[0]["id"])
    original = service.title
    service.title = "Changed by hand"
    service.save()
    counts = import_json(tmp_path, data)
    assert counts["services"] == {"created": 0, "updated": 1, "unchanged": len(data) - 1}
    service.refresh_from_db()
    assert service.title == original


def test_import_maps_our_vocabularies_onto_kinds_formats_and_cost(tmp_path):
    kind = TaxonomyTerm.objects.get(taxonomy=KIND_OF_HELP_TAXONOMY, code="peer-support")
    online = next(flag for flag in mapping.FLAG_TERMS if flag.field == "online")
    free = next(flag for flag in mapping.FLAG_TERMS if flag.field == "is_free")
    obj = new_service(
        attributes=[
            {"id": str(uuid.uuid4()), "taxonomy_term_id": str(kind.hsds_id)},
            {"id": str(uuid.uuid4()), "taxonomy_term_id": str(online.hsds_id)},
            {"id": str(uuid.uuid4()), "taxonomy_term": free.as_hsds()},
        ],
        languages=[{"id": str(uuid.uuid4()), "code": "es"}],
        assured_date="2026-01-15",
    )
    import_json(tmp_path, [obj])
    service = Service.objects.get(hsds_id=obj["id"])
    assert list(service.kinds.all()) == [kind]
    assert service.online and service.is_free and not service.by_phone
    assert service.language_codes == ["es"]
    assert str(service.last_verified) == "2026-01-15"
    assert service.verification_status == Service.Verification.UNVERIFIED
    assert "attributes" not in service.hsds_extra


def test_import_refuses_invalid_json_with_its_line(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('[{"id": "x",}]', encoding="utf-8")
    before = row_counts()
    with pytest.raises(CommandError) as caught:
        call_command("import_hsds", str(path), "--no-progress")
    assert "not valid JSON (line 1" in str(caught.value)
    assert row_counts() == before


def test_import_refuses_a_missing_file(tmp_path):
    with pytest.raises(CommandError, match="no such file or folder"):
        call_command("import_hsds", str(tmp_path / "nope.json"))


def test_import_refuses_a_schema_error_naming_record_and_field(tmp_path):
    services = [new_service(f"Service {number}") for number in range(5)]
    del services[3]["name"]
    message = refused(tmp_path, services)
    assert f"services[3] (id {services[3]['id'][:8]}…): (record): 'name' is a required property" in message


def test_import_refuses_a_bad_nested_value_naming_its_path(tmp_path):
    obj = new_service(phones=[{"id": str(uuid.uuid4())}], status="open")
    message = refused(tmp_path, obj)
    assert "phones[0]: 'number' is a required property" in message
    assert "status: 'open' is not one of" in message


def test_import_refuses_unknown_references(tmp_path):
    missing_org = new_service("Orphan service")
    del missing_org["organization"]
    missing_org["organization_id"] = str(uuid.uuid4())
    missing_location = new_service(
        "Service somewhere",
        service_at_locations=[{"id": str(uuid.uuid4()), "location_id": str(uuid.uuid4())}],
    )
    missing_term = new_service(
        "Tagged service", attributes=[{"id": str(uuid.uuid4()), "taxonomy_term_id": str(uuid.uuid4())}]
    )
    message = refused(tmp_path, [missing_org, missing_location, missing_term])
    assert f"services[0] (id {missing_org['id'][:8]}…): organization_id: unknown organization" in message
    assert "service_at_locations[0]" in message and "location_id: unknown location" in message
    assert "attributes[0]" in message and "taxonomy_term_id: unknown taxonomy term" in message


def test_import_refuses_duplicate_ids(tmp_path):
    first = new_service("First")
    second = new_service("Second", id=first["id"])
    message = refused(tmp_path, [first, second])
    assert f"services[1] (id {first['id'][:8]}…): id: duplicate id" in message
    assert "services[0]" in message


def test_import_refuses_a_phone_id_used_by_two_services(tmp_path):
    phone = {"id": str(uuid.uuid4()), "number": "1-800-555-0100"}
    message = refused(tmp_path, [new_service("One", phones=[phone]), new_service("Two", phones=[phone])])
    assert "services[1]" in message and "phones[0]" in message and "duplicate id" in message


def test_import_refuses_a_value_longer_than_the_database_column(tmp_path):
    obj = new_service(
        phones=[{"id": str(uuid.uuid4()), "number": "1-800-555-0100", "description": "x" * 300}]
    )
    message = refused(tmp_path, obj)
    assert "phones[0]" in message and "description: longer than 255 characters (300)" in message


def test_import_refuses_a_bad_date(tmp_path):
    message = refused(tmp_path, new_service(assured_date="last tuesday"))
    assert "assured_date: not a date" in message


def test_import_writes_nothing_when_only_the_last_record_is_bad(tmp_path):
    good = [new_service(f"Good {number}") for number in range(3)]
    bad = new_service("Bad")
    bad["organization"]["id"] = "not-a-uuid"
    message = refused(tmp_path, good + [bad])
    assert "services[3]" in message and "organization.id" in message


def test_import_refuses_a_translation_id(tmp_path):
    translated = Service.objects.exclude(locale__language_code="en").first()
    if translated is None:
        pytest.skip("no translated service in the initial content")
    obj = new_service(id=str(translated.hsds_id))
    assert "is a translation" in refused(tmp_path, obj)


def test_command_exits_nonzero_with_every_problem(tmp_path):
    services = [new_service(f"Service {number}") for number in range(3)]
    for service in services:
        del service["status"]
    path = write_json(tmp_path, services)
    with pytest.raises(CommandError) as caught:
        call_command("import_hsds", str(path))
    text = str(caught.value)
    assert "nothing was changed (3 problems):" in text
    assert text.count("'status' is a required property") == 3


def test_dry_run_counts_but_writes_nothing(tmp_path):
    path = write_json(tmp_path, example("service_full"))
    before = row_counts()
    out = io.StringIO()
    call_command("import_hsds", str(path), "--dry-run", stdout=out)
    assert "Dry run (nothing written): services: 1 created" in out.getvalue()
    assert row_counts() == before


# --- the CSV data package -----------------------------------------------------------------------


def copy_package(tmp_path):
    folder = tmp_path / "package"
    shutil.copytree(DATA / "csv", folder)
    for path in folder.iterdir():
        path.chmod(0o644)
    return folder


def test_official_csv_package_imports_and_reimports_unchanged():
    counts, warnings = importer.import_files([], [DATA / "csv"])
    assert counts["services"]["created"] == 1
    assert counts["organizations"]["created"] == 1
    service = Service.objects.get(hsds_id="ac148810-d857-441c-9679-408f346de14b")
    assert service.title == "Community Counselling"
    assert service.phones.get().number == '"+44 1234 234567"'
    assert service.service_at_locations.get().location.city == "MyCity"
    # The example's own ids do not all meet: these rows point at records it does not hold.
    orphans = sorted(warning.split(" row")[0] for warning in warnings if "refers to no record" in warning)
    assert orphans == ["attributes.csv", "meta_table_descriptions.csv", "metadata.csv", "taxonomies.csv"]
    again, _warnings = importer.import_files([], [DATA / "csv"])
    assert nothing_changed(again), again


def test_csv_with_a_wrong_header_is_refused_clearly(tmp_path):
    folder = copy_package(tmp_path)
    text = (folder / "services.csv").read_text(encoding="utf-8")
    (folder / "services.csv").write_text(text.replace("id,organization_id,", "id,organisation_id,", 1))
    before = row_counts()
    with pytest.raises(CommandError) as caught:
        call_command("import_hsds", str(folder), "--no-progress")
    message = str(caught.value)
    assert (
        "services.csv: header: unknown column(s) 'organisation_id'; missing column(s) 'organization_id'"
        in message
    )
    assert row_counts() == before


def test_csv_with_a_bad_cell_names_file_row_and_column(tmp_path):
    folder = copy_package(tmp_path)
    text = (folder / "locations.csv").read_text(encoding="utf-8")
    (folder / "locations.csv").write_text(text.replace(",100,101,", ",north,101,"))
    before = row_counts()
    with pytest.raises(importer.ImportRefused) as caught:
        importer.import_files([], [folder])
    assert "locations.csv row 2: latitude: 'north' is not a number" in "\n".join(caught.value.errors)
    assert row_counts() == before


def test_csv_with_an_unknown_organization_is_refused(tmp_path):
    folder = copy_package(tmp_path)
    (folder / "organizations.csv").write_text(
        (folder / "organizations.csv").read_text().splitlines()[0] + "\n"
    )
    before = row_counts()
    with pytest.raises(importer.ImportRefused) as caught:
        importer.import_files([], [folder])
    assert "services.csv row 2" in caught.value.errors[0]
    assert "organization_id: unknown organization d9d5e0f5" in caught.value.errors[0]
    assert row_counts() == before
    assert not Organization.objects.filter(name="Example Organization Inc.").exists()
