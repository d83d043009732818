"""The shipped starter directory: the data itself, and how it loads.

The data tests read the shipped files only (no database). The loading tests load a few of
the shipped records into the test database, which stays without the starter directory
otherwise (loading all of it takes ~20 s; see docs/hsds.md).
"""

import datetime
import json
import re
from collections import Counter

import pytest
from django.core.management import call_command
from wagtail.models import Locale

from cancerhelp.directory import starter
from cancerhelp.directory.hsds import validation
from cancerhelp.directory.hsds.importer import HsdsImport
from cancerhelp.directory.models import Location, Service

US_PHONE = re.compile(r"^(1-8(00|33|44|55|66|77|88)-|[2-9]\d\d-)[2-9]\d\d-\d{4}$")


@pytest.fixture(scope="module")
def shipped():
    services = json.loads(starter.DATASET.read_text(encoding="utf-8"))
    spanish = json.loads(starter.SPANISH_DATASET.read_text(encoding="utf-8"))
    return services, spanish


@pytest.fixture(scope="module")
def gathered():
    return [record for _where, record in starter.read_sources()]


def places(services):
    return [sal["location"] for service in services for sal in service.get("service_at_locations", [])]


def is_in_person(service):
    return bool(service.get("service_at_locations"))


def test_the_shipped_files_are_the_build_of_the_gathered_records(shipped):
    services, spanish, _report = starter.build()
    assert starter.DATASET.read_text(encoding="utf-8") == starter.dumps(services), (
        "Run `make starter-directory`"
    )
    assert starter.SPANISH_DATASET.read_text(encoding="utf-8") == starter.dumps(spanish)


def test_every_service_is_valid_hsds_against_the_official_schemas(shipped):
    services, _spanish = shipped
    problems = [
        f"{service['name']}: {path}: {message}"
        for service in services
        for path, message in validation.errors(service, "service")
    ]
    assert problems == []


@pytest.mark.django_db
def test_the_import_accepts_the_whole_data_set(shipped):
    job = HsdsImport()
    job.add_json_file(starter.DATASET, kind="service")
    job.check()
    assert job.errors == []
    assert len(job.records["service"]) == len(shipped[0])


def test_every_record_names_its_sources_with_the_date_read(shipped):
    services, _spanish = shipped
    for service in services:
        sources = starter.source_entries(service)
        assert sources, service["name"]
        for source in sources:
            assert source["replacement_value"].startswith(("https://", "http://")), service["name"]
            assert re.fullmatch(r"\d{4}-\d\d-\d\d", source["last_action_date"]), service["name"]


def test_every_stated_fact_comes_from_a_named_source(gathered):
    """Nothing invented: a phone, street, hours, email, languages or cost is only there
    when one of the record's sources is said to have given it."""
    unsourced = []
    for record in gathered:
        facts = {fact for source in record["sources"] for fact in source.get("facts") or []}
        checks = {
            "phone": {"phone"},
            "hours": {"hours"},
            "email": {"email"},
            "languages": {"languages"},
            "cost": {"cost"},
        }
        for field, names in checks.items():
            if record.get(field) and not facts & names:
                unsourced.append((record["key"], field))
        if (record.get("address") or {}).get("street") and not facts & {"address", "street"}:
            unsourced.append((record["key"], "street"))
    assert unsourced == []


def test_every_phone_number_is_a_valid_us_number(shipped):
    services, _spanish = shipped
    numbers = [phone["number"] for service in services for phone in service.get("phones", [])]
    assert numbers
    assert [number for number in numbers if not US_PHONE.match(number)] == []


@pytest.mark.parametrize(
    "text, expected",
    [
        ("713-792-6161", "713-792-6161"),
        ("(713) 792-6161", "713-792-6161"),
        ("800-422-6237", "1-800-422-6237"),
        ("1 (888) 793-9355", "1-888-793-9355"),
        ("1-800-4-CANCER", None),
        ("123-456-7890", None),
        ("713-092-6161", None),
        ("792-6161", None),
    ],
)
def test_phone_numbers_are_checked_and_written_one_way(text, expected):
    assert starter.us_phone(text) == expected


def test_no_place_is_listed_twice(shipped):
    services, _spanish = shipped
    by_name = Counter()
    by_street = Counter()
    for location in places(services):
        address = location["addresses"][0]
        by_name[(starter.normalised_name(location["name"]), address["city"], address["state_province"])] += 1
        if address["address_1"]:
            by_street[(address["address_1"].casefold(), address["city"].casefold())] += 1
    assert [key for key, count in by_name.items() if count > 1] == []
    assert [key for key, count in by_street.items() if count > 1] == []
    urls = Counter(starter.normalised_url(s["url"]) for s in services if s.get("url") and not is_in_person(s))
    assert [url for url, count in urls.items() if count > 1] == []


def test_places_without_a_street_have_no_made_up_one_and_say_where_their_position_comes_from(shipped):
    services, _spanish = shipped
    for location in places(services):
        (note,) = [m for m in location["metadata"] if m["last_action_type"] == starter.COORDINATES_ACTION]
        assert note["replacement_value"].startswith("centre of"), location["name"]
        assert "latitude" in location and "longitude" in location, location["name"]


def test_every_state_and_dc_has_an_in_person_place(shipped):
    services, _spanish = shipped
    states = {location["addresses"][0]["state_province"] for location in places(services)}
    assert sorted(starter.STATES - states) == []


def test_at_least_150_in_person_places(shipped):
    services, _spanish = shipped
    assert len(places(services)) >= 150


def test_at_least_40_national_services(shipped):
    services, _spanish = shipped
    assert len([service for service in services if not is_in_person(service)]) >= 40


def test_every_description_fits_what_editors_can_save(shipped):
    services, spanish = shipped
    too_long = [s["name"] for s in services if len(s["description"]) > starter.DESCRIPTION_MAX]
    too_long += [key for key, entry in spanish.items() if len(entry["description"]) > starter.DESCRIPTION_MAX]
    assert too_long == []


def test_every_service_has_a_spanish_description(shipped):
    services, spanish = shipped
    assert set(spanish) == {service["id"] for service in services}
    assert all(entry["description"].strip() for entry in spanish.values())


def test_records_that_the_page_already_lists_are_left_out(shipped):
    """The page's own 14 entries are not shipped a second time."""
    services, _spanish = shipped
    _orgs, seed_urls = starter.seed_directory()
    assert [
        s["name"] for s in services if s.get("url") and starter.normalised_url(s["url"]) in seed_urls
    ] == []


# --- loading -------------------------------------------------------------------------------


@pytest.fixture
def small_dataset(tmp_path, shipped):
    """Three shipped records: a place with a street, a place with a city only, a national service."""
    services, spanish = shipped
    street = next(s for s in services if is_in_person(s) and places([s])[0]["addresses"][0]["address_1"])
    city_only = next(
        s for s in services if is_in_person(s) and not places([s])[0]["addresses"][0]["address_1"]
    )
    national = next(s for s in services if not is_in_person(s) and s.get("phones"))
    chosen = [street, city_only, national]
    dataset, spanish_dataset = tmp_path / "starter.json", tmp_path / "starter.es.json"
    dataset.write_text(json.dumps(chosen), encoding="utf-8")
    spanish_dataset.write_text(json.dumps({s["id"]: spanish[s["id"]] for s in chosen}), encoding="utf-8")
    return dataset, spanish_dataset, chosen


@pytest.mark.django_db
def test_loading_creates_unverified_entries_with_spanish_twins_and_sources(small_dataset):
    dataset, spanish_dataset, chosen = small_dataset
    counts, skipped, made = starter.load(dataset, spanish_dataset)
    assert counts["services"]["created"] == 3 and skipped == [] and made == 3
    english = Service.objects.filter(hsds_id__in=[s["id"] for s in chosen])
    assert {s.verification_status for s in english} == {Service.Verification.UNVERIFIED}
    for service in english:
        assert starter.source_entries(service.hsds_extra)
        twin = service.get_translation(Locale.objects.get(language_code="es"))
        assert (
            twin.description == json.loads(spanish_dataset.read_text())[str(service.hsds_id)]["description"]
        )
        assert twin.verification_status == Service.Verification.UNVERIFIED
    city_only = Location.objects.get(hsds_id=places([chosen[1]])[0]["id"])
    assert city_only.address_1 == "" and city_only.latitude is not None


@pytest.mark.django_db
def test_loading_again_changes_nothing_and_keeps_an_editors_change(small_dataset):
    dataset, spanish_dataset, chosen = small_dataset
    starter.load(dataset, spanish_dataset)
    edited = Service.objects.get(hsds_id=chosen[2]["id"])
    edited.description = "Checked by phone: an editor's words."
    edited.save()

    counts, skipped, made = starter.load(dataset, spanish_dataset)

    assert counts["services"] == {"created": 0, "updated": 0, "unchanged": 2}
    assert [str(hsds_id) for hsds_id in skipped] == [chosen[2]["id"]] and made == 0
    edited.refresh_from_db()
    assert edited.description == "Checked by phone: an editor's words."


@pytest.mark.django_db
def test_the_load_command_reports_what_it_did(small_dataset, monkeypatch, capsys):
    dataset, spanish_dataset, _chosen = small_dataset
    monkeypatch.setattr(starter, "DATASET", dataset)
    monkeypatch.setattr(starter, "SPANISH_DATASET", spanish_dataset)
    call_command("load_starter_directory")
    assert "Starter directory: 3 created" in capsys.readouterr().out


@pytest.mark.django_db
def test_a_loaded_record_exports_as_shipped_with_its_sources_and_hours(small_dataset, shipped):
    """Sources (HSDS metadata), hours (schedule descriptions) and places travel back out."""
    from cancerhelp.directory.hsds import exporter, mapping

    dataset, spanish_dataset, chosen = small_dataset
    services, _spanish = shipped
    with_hours = next(s for s in services if s.get("schedules") and s["id"] not in {c["id"] for c in chosen})
    dataset.write_text(json.dumps([*chosen, with_hours]), encoding="utf-8")
    spanish = json.loads(spanish_dataset.read_text())
    spanish[with_hours["id"]] = shipped[1][with_hours["id"]]
    spanish_dataset.write_text(json.dumps(spanish), encoding="utf-8")
    starter.load(dataset, spanish_dataset)

    for original in [*chosen, with_hours]:
        service = exporter.services_queryset().get(hsds_id=original["id"])
        exported = json.loads(json.dumps(mapping.service_full(service)))
        for key in ("metadata", "schedules", "phones", "languages", "service_at_locations", "last_modified"):
            assert exported.get(key) == original.get(key), (original["name"], key)
        assert service.sources and service.hours == "; ".join(
            s["description"] for s in original.get("schedules", [])
        )


GOOD_RECORD = {
    "key": "test-place",
    "group": "in_person",
    "organization": "Test org",
    "name": "Test place",
    "kinds": ["lodging"],
    "description_en": "A place.",
    "description_es": "Un lugar.",
    "address": {"city": "Houston", "state": "TX"},
    "sources": [{"url": "https://example.org/", "read": datetime.date(2026, 12, 1)}],
}


@pytest.mark.parametrize(
    "change, expected",
    [
        ({}, []),
        ({"name": ""}, ["name: required"]),
        ({"key": "Bad Key"}, ["key: lowercase letters, digits and hyphens only"]),
        ({"kinds": ["spa-days"]}, ["kinds: unknown kind(s) of help ['spa-days']"]),
        ({"phone": "1-800-4-CANCER"}, ["phone: '1-800-4-CANCER' is not a US phone number"]),
        ({"cost": "cheap"}, ["cost: only 'free' is allowed, not 'cheap'"]),
        ({"url": "www.example.org"}, ["url: not a web address: 'www.example.org'"]),
        ({"languages": ["xx"]}, ["languages: unknown language code 'xx'"]),
        ({"sources": []}, ["sources: at least one source is required"]),
        ({"sources": [{"url": "https://example.org/"}]}, ["sources[0].read: required, a date (YYYY-MM-DD)"]),
        ({"address": {"city": "Houston"}}, ["address: an in-person place needs at least its city and state"]),
        (
            {"address": {"city": "Toronto", "state": "ON"}},
            ["address.state: 'ON' is not a US state, DC or PR"],
        ),
        ({"group": "national"}, ["address: a national service has no address"]),
    ],
)
def test_a_gathered_record_that_breaks_the_format_is_refused_naming_the_field(change, expected):
    assert starter.record_errors({**GOOD_RECORD, **change}) == expected
