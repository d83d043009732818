"""Issue 9, tried by a new editor: the reports queue, a place added in one go, the resources list."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from cancerhelp.accounts.testing import sign_in
from cancerhelp.directory.models import ProblemReport, Service
from cancerhelp.quality.roles import EDITORS

from .helpers import make_service


@pytest.fixture
def editor_client(db, django_user_model):
    """A new editor: the Editors group only, no superuser rights."""
    user = django_user_model.objects.create_user("newcomer", "newcomer@example.org", "pw-newcomer-123")
    user.groups.add(Group.objects.get(name=EDITORS))
    client = Client()
    sign_in(client, user)
    return client


def snippet_url(model, view, *args):
    return reverse(f"wagtailsnippets_directory_{model}:{view}", args=args)


# --- problem reports as a queue ----------------------------------------------------------------


def test_queue_rows_offer_fix_resolved_and_not_a_problem(editor_client):
    service = make_service("Quokka queued")
    report = ProblemReport.objects.create(service=service, kind="wrong_phone", details="Rings a bakery.")
    html = editor_client.get(snippet_url("problemreport", "list"), {"status": "open"}).content.decode()
    assert snippet_url("problemreport", "edit", report.pk) in html
    assert snippet_url("service", "edit", service.pk) in html  # resource column and "Fix the entry"
    assert "Fix the entry" in html
    assert reverse("directory_close_report", args=[report.pk, "resolved"]) in html
    assert reverse("directory_close_report", args=[report.pk, "no_problem"]) in html
    for heading in ("Resource", "What is wrong", "Details", "Status", "Reported"):
        assert heading in html


@pytest.mark.parametrize("status", ["resolved", "no_problem"])
def test_editor_closes_a_report_without_touching_the_entry(editor_client, status):
    service = make_service("Quokka closable", verification_status="verified")
    before = Service.objects.values().get(pk=service.pk)
    report = ProblemReport.objects.create(service=service, kind="closed", details="Closed, I think.")
    url = reverse("directory_close_report", args=[report.pk, status])
    page = editor_client.get(url)
    assert page.status_code == 200 and "Closed, I think." in page.content.decode()
    response = editor_client.post(url, {"note": "Called them: open as usual."}, follow=True)
    assert "The report about “Quokka closable” is marked" in response.content.decode()
    report.refresh_from_db()
    assert report.status == status and report.resolved_at is not None
    assert "Called them" in report.editor_note
    assert Service.objects.values().get(pk=service.pk) == before  # readers see the same entry
    # Closed reports leave the open queue and the dashboard count.
    html = editor_client.get(snippet_url("problemreport", "list"), {"status": "open"}).content.decode()
    assert "Quokka closable" not in html
    listed = editor_client.get(snippet_url("problemreport", "list"), {"status": status}).content.decode()
    assert "Quokka closable" in listed


def test_closing_a_report_refuses_unknown_statuses_and_outsiders(editor_client, db):
    report = ProblemReport.objects.create(service=make_service("Quokka guarded"), kind="other")
    assert editor_client.post(reverse("directory_close_report", args=[report.pk, "open"])).status_code == 404
    assert (
        editor_client.post(reverse("directory_close_report", args=[report.pk + 999, "resolved"])).status_code
        == 404
    )
    outsider = Client().post(reverse("directory_close_report", args=[report.pk, "resolved"]))
    assert outsider.status_code == 302 and "/admin/login/" in outsider["Location"]
    report.refresh_from_db()
    assert report.status == "open"


def test_dashboard_shows_the_open_count_and_the_oldest(editor_client):
    from datetime import timedelta

    from django.utils import timezone

    old = ProblemReport.objects.create(
        service=make_service("Quokka oldest"),
        kind="dead_link",
        created_at=timezone.now() - timedelta(days=9),
    )
    ProblemReport.objects.create(service=make_service("Quokka newer"), kind="other")
    ProblemReport.objects.create(service=make_service("Quokka gone"), kind="other", status="no_problem")
    html = editor_client.get(reverse("wagtailadmin_home")).content.decode()
    assert "2 open problem reports about resources." in html
    assert "Oldest: Quokka oldest, waiting for 1" in html
    assert snippet_url("problemreport", "edit", old.pk) in html


# --- a place's map position from its address ---------------------------------------------------


def location_data(**fields):
    data = {
        "name": "Quokka test place",
        "address_1": "",
        "city": "",
        "state_province": "",
        "postal_code": "",
        "country": "US",
        "latitude": "",
        "longitude": "",
    }
    data.update(fields)
    return data


def test_a_place_saved_with_only_a_zip_is_found_by_the_finders_zip_search(editor_client):
    from cancerhelp.directory.models import Location, ServiceAtLocation

    response = editor_client.post(
        snippet_url("location", "add"), location_data(postal_code="59101"), follow=True
    )
    assert response.status_code == 200
    assert "The map position was filled from ZIP code 59101." in response.content.decode()
    place = Location.objects.get(name="Quokka test place")
    assert place.latitude is not None and place.longitude is not None
    service = make_service("Quokka zip-only center", in_person=True, kinds=["local-centers"])
    ServiceAtLocation.objects.create(service=service, location=place)
    html = Client().get("/resources/", {"near": "59101", "radius": "10"}).content.decode()
    results = html.split('id="results-heading"')[1].split('id="anywhere-heading"')[0]
    assert "Quokka zip-only center" in results


def test_a_place_with_city_and_state_gets_the_citys_middle(editor_client):
    from cancerhelp.directory.models import Location

    response = editor_client.post(
        snippet_url("location", "add"), location_data(city="Billings", state_province="MT"), follow=True
    )
    assert "filled from the middle of Billings, MT" in response.content.decode()
    place = Location.objects.get(name="Quokka test place")
    assert 45 < place.latitude < 46.5 and -109.5 < place.longitude < -108


def test_a_place_with_no_known_address_is_saved_with_a_warning(editor_client):
    from cancerhelp.directory.models import Location

    response = editor_client.post(
        snippet_url("location", "add"), location_data(postal_code="00000", city="Xyzzyville"), follow=True
    )
    assert response.status_code == 200
    assert "This place will not appear in ZIP searches until" in response.content.decode()
    assert Location.objects.get(name="Quokka test place").latitude is None


def test_a_typed_map_position_is_kept(editor_client):
    from decimal import Decimal

    from cancerhelp.directory.models import Location

    editor_client.post(
        snippet_url("location", "add"),
        location_data(postal_code="59101", latitude="45.1", longitude="-108.1"),
    )
    place = Location.objects.get(name="Quokka test place")
    assert (place.latitude, place.longitude) == (Decimal("45.1"), Decimal("-108.1"))


# --- the resources list: one row per resource, with its translation's state ------------------


def service_rows(client, **params):
    import re

    html = client.get(snippet_url("service", "list"), params).content.decode()
    listing = html.split('class="listing', 1)[1] if 'class="listing' in html else ""
    body = listing.split("<tbody")[1].split("</tbody>")[0] if "<tbody" in listing else ""
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)).strip() for row in rows]


def test_resources_list_shows_one_row_per_resource_with_its_spanish_state(editor_client):
    from wagtail.models import Locale

    spanish = Locale.objects.get(language_code="es")
    translated = make_service("Quokka translated")
    twin = translated.copy_for_translation(spanish)
    twin.title = "Quokka traducido"
    twin.save()
    make_service("Quokka untranslated")
    rows = service_rows(editor_client, q="quokka")
    assert len(rows) == 2, rows
    assert any("Quokka translated" in row and "Spanish: translated" in row for row in rows)
    assert any("Quokka untranslated" in row and "Spanish: missing" in row for row in rows)
    assert not any("Quokka traducido" in row for row in rows)
    # The locale filter still lists the Spanish copies.
    spanish_rows = service_rows(editor_client, q="quokka", locale="es")
    assert len(spanish_rows) == 1 and "Quokka traducido" in spanish_rows[0]
    assert "English: translated" in spanish_rows[0]


def test_a_spanish_copy_is_out_of_date_when_the_english_changes(editor_client):
    from wagtail.models import Locale
    from wagtail_localize.models import TranslationSource

    source_service = make_service("Quokka changing")
    source, _created = TranslationSource.get_or_create_from_instance(source_service)
    translation = source.translations.create(target_locale=Locale.objects.get(language_code="es"))
    for segment in source.stringsegment_set.select_related("string", "context"):
        segment.string.translations.create(
            locale=translation.target_locale, context=segment.context, data=f"ES {segment.string.data}"
        )
    translation.save_target()
    rows = service_rows(editor_client, q="quokka")
    assert any("Quokka changing" in row and "Spanish: translated" in row for row in rows), rows
    source_service.description = "A new sentence nobody has translated."
    source_service.save()  # the translation source is refreshed on save
    rows = service_rows(editor_client, q="quokka")
    assert any("Quokka changing" in row and "Spanish: out of date" in row for row in rows), rows


# --- organizations and places created from the resource form's choosers -----------------------


def chooser_url(model, view):
    return reverse(model.snippet_viewset.chooser_viewset.get_url_name(view))


def test_organization_chooser_has_a_create_tab_that_creates_and_chooses(editor_client):
    import json

    from cancerhelp.directory.models import Organization

    modal = json.loads(editor_client.get(chooser_url(Organization, "choose")).content)
    assert "New organization" in modal["html"] and chooser_url(Organization, "create") in modal["html"]
    response = editor_client.post(
        chooser_url(Organization, "create"),
        {"name": "Quokka Trust", "website": "", "email": "", "description": ""},
    )
    data = json.loads(response.content)
    created = Organization.objects.get(name="Quokka Trust")
    assert data["step"] == "chosen" and str(data["result"]["id"]) == str(created.pk)


def test_place_chooser_creates_a_place_with_its_map_position(editor_client):
    import json

    from cancerhelp.directory.models import Location

    fields = {"name": "Quokka chooser place", "address_1": "", "city": "", "state_province": ""}
    unknown = json.loads(
        editor_client.post(chooser_url(Location, "create"), {**fields, "postal_code": "00000"}).content
    )
    assert (
        unknown["step"] == "reshow_creation_form"
        and "We could not find this ZIP code" in unknown["htmlFragment"]
    )
    assert not Location.objects.filter(name="Quokka chooser place").exists()
    chosen = json.loads(
        editor_client.post(chooser_url(Location, "create"), {**fields, "postal_code": "77030"}).content
    )
    assert chosen["step"] == "chosen"
    place = Location.objects.get(name="Quokka chooser place")
    assert 29 < place.latitude < 30.5 and -96 < place.longitude < -95


def test_new_local_resource_with_its_new_organization_and_place_in_one_form(editor_client):
    """What the form posts once the choosers' "New" tabs have made the organization and place."""
    import json

    from cancerhelp.directory.models import Location, Organization

    organization_id = json.loads(
        editor_client.post(
            chooser_url(Organization, "create"),
            {"name": "Quokka Helpers", "website": "", "email": "", "description": ""},
        ).content
    )["result"]["id"]
    location_id = json.loads(
        editor_client.post(
            chooser_url(Location, "create"),
            {
                "name": "Quokka Helpers office",
                "address_1": "",
                "city": "Billings",
                "state_province": "MT",
                "postal_code": "",
            },
        ).content
    )["result"]["id"]
    data = {
        "title": "Quokka local group",
        "organization": organization_id,
        "url": "",
        "description": "A test group.",
        "email": "",
        "in_person": "on",
        "fees_description": "",
        "eligibility_description": "",
        "verification_status": "unverified",
        "last_verified": "",
        "editor_note": "",
        "languages-TOTAL_FORMS": "0",
        "languages-INITIAL_FORMS": "0",
        "languages-MIN_NUM_FORMS": "0",
        "languages-MAX_NUM_FORMS": "1000",
        "phones-TOTAL_FORMS": "0",
        "phones-INITIAL_FORMS": "0",
        "phones-MIN_NUM_FORMS": "0",
        "phones-MAX_NUM_FORMS": "1000",
        "service_at_locations-TOTAL_FORMS": "1",
        "service_at_locations-INITIAL_FORMS": "0",
        "service_at_locations-MIN_NUM_FORMS": "0",
        "service_at_locations-MAX_NUM_FORMS": "1000",
        "service_at_locations-0-location": location_id,
        "service_at_locations-0-ORDER": "1",
        "service_at_locations-0-id": "",
        "service_at_locations-0-DELETE": "",
    }
    response = editor_client.post(snippet_url("service", "add"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    service = Service.objects.get(title="Quokka local group")
    assert service.organization.name == "Quokka Helpers"
    assert [link.location.name for link in service.service_at_locations.all()] == ["Quokka Helpers office"]


def test_a_moved_place_follows_its_new_zip_unless_the_position_is_typed(editor_client):
    from decimal import Decimal

    from cancerhelp.directory.models import Location

    place = Location.objects.create(
        name="Quokka moving place", postal_code="77030", latitude=Decimal("29.7"), longitude=Decimal("-95.4")
    )
    edit = snippet_url("location", "edit", place.pk)
    editor_client.post(
        edit, location_data(name=place.name, postal_code="59101", latitude="29.7", longitude="-95.4")
    )
    place.refresh_from_db()
    assert 45 < place.latitude < 46.5  # Billings, not Houston
    # A position the editor types along with the new ZIP code is kept.
    editor_client.post(
        edit, location_data(name=place.name, postal_code="77030", latitude="10", longitude="-10")
    )
    place.refresh_from_db()
    assert (place.latitude, place.longitude) == (Decimal("10"), Decimal("-10"))
