"""The Directory admin: listings with search and filters, report triage, dashboard count."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from cancerhelp.accounts.testing import sign_in
from cancerhelp.directory.models import Location, ProblemReport, TaxonomyTerm

from .helpers import make_service


@pytest.fixture
def admin_client(editor):
    client = Client()
    sign_in(client, editor)
    return client


def listing(model_name):
    return reverse(f"wagtailsnippets_directory_{model_name}:list")


@pytest.fixture
def listed(db):
    """Records that each listing filter below must tell apart."""
    from wagtail.models import Locale

    from cancerhelp.directory.models import Organization
    from cancerhelp.directory.vocabulary import KIND_OF_HELP_TAXONOMY

    match = make_service(
        "Quokka wombat",
        organization=Organization.objects.create(name="Wombat Society"),
        languages=["es"],
        kinds=["peer-support"],
        is_free=True,
        in_person=True,
        locations=[("Quokka place", 40.75, -73.99)],
    )
    twin = match.copy_for_translation(Locale.objects.get(language_code="es"))
    twin.title = "Quokka wombat en español"
    twin.save()
    other = make_service(
        "Quokka numbat",
        organization=Organization.objects.create(name="Numbat Trust"),
        languages=["en"],
        kinds=["financial-help"],
        fees_description="$20",
        verification_status="verified",
    )
    Location.objects.create(name="Wallaby place", city="Testville", state_province="NY")  # no map position
    Location.objects.create(
        name="Dingo place", city="Testville", state_province="CA", latitude=34, longitude=-118
    )
    TaxonomyTerm.objects.create(taxonomy=KIND_OF_HELP_TAXONOMY, code="breast-helpers", name="Breast helpers")
    ProblemReport.objects.create(service=match, kind="closed")
    ProblemReport.objects.create(service=other, kind="dead_link")
    ProblemReport.objects.create(service=make_service("Quokka resolved"), kind="closed", status="resolved")
    return {"peer": TaxonomyTerm.objects.get(code="peer-support").pk}


@pytest.mark.parametrize(
    "model_name, params, shown, hidden",
    [
        # One row per resource: the Spanish copy only with the locale filter.
        ("service", {"q": "quokka"}, ["Quokka wombat", "Quokka numbat"], ["Quokka wombat en español"]),
        ("service", {"q": "wombat"}, ["Quokka wombat"], ["Quokka numbat"]),
        (
            "service",
            {"kinds": "{peer}", "language": "es", "verification_status": "unverified", "locale": "en"},
            ["Quokka wombat"],
            ["Quokka numbat", "Quokka wombat en español"],
        ),
        ("service", {"locale": "es", "q": "quokka"}, ["Quokka wombat en español"], ["Quokka numbat"]),
        ("service", {"verification_status": "verified", "q": "quokka"}, ["Quokka numbat"], ["Quokka wombat"]),
        ("service", {"is_free": "true", "ordering": "-last_verified"}, ["Quokka wombat"], ["Quokka numbat"]),
        ("organization", {}, ["Wombat Society", "Numbat Trust"], []),
        ("organization", {"q": "wombat"}, ["Wombat Society"], ["Numbat Trust"]),
        ("location", {}, ["Quokka place", "Wallaby place", "Dingo place"], []),
        (
            "location",
            {"q": "Testville", "state_province": "NY", "has_coordinates": "true"},
            ["Quokka place"],
            ["Wallaby place", "Dingo place"],
        ),
        ("taxonomyterm", {}, ["Breast helpers", "Peer support"], []),
        (
            "taxonomyterm",
            {"q": "breast", "taxonomy": "cancerhelp-cancer-type"},
            ["Breast"],
            ["Breast helpers", "Peer support"],
        ),
        ("problemreport", {}, ["Quokka wombat", "Quokka numbat", "Quokka resolved"], []),
        (
            "problemreport",
            {"status": "open", "kind": "closed"},
            ["Quokka wombat"],
            ["Quokka numbat", "Quokka resolved"],
        ),
    ],
)
def test_directory_listing_filters_return_what_they_name(
    admin_client, listed, model_name, params, shown, hidden
):
    params = {key: value.format(**listed) for key, value in params.items()}
    response = admin_client.get(listing(model_name), params)
    assert response.status_code == 200
    cells = {
        re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", cell)).strip()
        for cell in re.findall(r"<td[^>]*>(.*?)</td>", response.content.decode(), re.S)
    }
    for name in shown:
        assert any(cell == name or cell.startswith(name + " ") for cell in cells), f"{name} missing: {cells}"
    for name in hidden:
        assert name not in cells, f"{name} should not be listed"


def test_service_listing_searches_and_filters(admin_client):
    make_service("Quokka spanish line", languages=["es"], kinds=["peer-support"])
    make_service("Quokka english line", languages=["en"])
    html = admin_client.get(listing("service"), {"q": "quokka", "language": "es"}).content.decode()
    assert "Quokka spanish line" in html and "Quokka english line" not in html
    peer = TaxonomyTerm.objects.get(code="peer-support")
    html = admin_client.get(listing("service"), {"q": "quokka", "kinds": peer.pk}).content.decode()
    assert "Quokka spanish line" in html and "Quokka english line" not in html
    # Columns an editor triages by.
    assert "Last verified" in html and "Verification" in html and "Organization" in html


def test_directory_menu_groups_the_listings(admin_client):
    html = admin_client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Directory" in html
    for model_name in ("service", "organization", "location", "taxonomyterm", "problemreport"):
        assert listing(model_name) in html


def test_dashboard_counts_open_problem_reports(admin_client):
    service = make_service("Quokka reported")
    ProblemReport.objects.create(service=service, kind="closed")
    ProblemReport.objects.create(service=service, kind="dead_link")
    ProblemReport.objects.create(service=service, kind="other", status="resolved")
    html = admin_client.get(reverse("wagtailadmin_home")).content.decode()
    assert "2 open problem reports about resources." in html
    assert listing("problemreport") + "?status=open" in html


def test_editor_resolves_a_report(admin_client):
    service = make_service("Quokka reported")
    report = ProblemReport.objects.create(service=service, kind="closed", details="Closed in May.")
    edit = reverse("wagtailsnippets_directory_problemreport:edit", args=[report.pk])
    page = admin_client.get(edit)
    assert page.status_code == 200 and "Closed in May." in page.content.decode()
    response = admin_client.post(edit, {"status": "resolved", "editor_note": "Removed the entry."})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == "resolved" and report.resolved_at is not None
    assert report.details == "Closed in May."  # the reader's words are read-only


def test_service_and_location_edit_forms_load(admin_client):
    service = make_service("Quokka editable", in_person=True, locations=[("Quokka place", 40.75, -73.99)])
    assert (
        admin_client.get(reverse("wagtailsnippets_directory_service:edit", args=[service.pk])).status_code
        == 200
    )
    location = Location.objects.get(name="Quokka place")
    assert (
        admin_client.get(reverse("wagtailsnippets_directory_location:edit", args=[location.pk])).status_code
        == 200
    )
    assert admin_client.get(reverse("wagtailsnippets_directory_service:add")).status_code == 200


def test_readers_cannot_see_the_directory_admin(db):
    response = Client().get(listing("problemreport"))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_service_listing_finds_entries_by_organization_name(admin_client):
    from cancerhelp.directory.models import Organization

    make_service("Evening circle", organization=Organization.objects.create(name="Wombat Foundation"))
    html = admin_client.get(listing("service"), {"q": "wombat"}).content.decode()
    assert "Evening circle" in html


def test_service_listing_filters_by_locale(admin_client):
    from wagtail.models import Locale

    source = make_service("Quokka source")
    twin = source.copy_for_translation(Locale.objects.get(language_code="es"))
    twin.title = "Quokka fuente"
    twin.save()
    spanish = admin_client.get(listing("service"), {"q": "quokka", "locale": "es"}).content.decode()
    assert "Quokka fuente" in spanish and "Quokka source" not in spanish
    english = admin_client.get(listing("service"), {"q": "quokka", "locale": "en"}).content.decode()
    assert "Quokka source" in english and "Quokka fuente" not in english


def test_service_listing_exports_a_spreadsheet(admin_client):
    make_service("Quokka exported")
    response = admin_client.get(listing("service"), {"q": "quokka", "export": "csv"})
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode() if response.streaming else response.content.decode()
    assert "Quokka exported" in body


def test_reports_cannot_be_added_in_the_admin(admin_client):
    add = reverse("wagtailsnippets_directory_problemreport:add")
    assert admin_client.get(add).status_code == 302
    assert admin_client.post(add, {"status": "open", "kind": "other"}).status_code == 302
    assert not ProblemReport.objects.exists()
    assert add not in admin_client.get(listing("problemreport")).content.decode()


def test_problem_reports_queue_rows_open_the_report_and_link_the_resource(admin_client):
    service = make_service("Quokka queue line")
    report = ProblemReport.objects.create(
        service=service, kind=ProblemReport.Kind.WRONG_PHONE, details="The number rings a bakery. " * 10
    )
    html = admin_client.get(listing("problemreport")).content.decode()
    assert reverse("wagtailsnippets_directory_problemreport:edit", args=[report.pk]) in html
    assert reverse("wagtailsnippets_directory_service:edit", args=[service.pk]) in html
    assert "The number rings a bakery." in html and "The number rings a bakery. " * 10 not in html
    dashboard = admin_client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Oldest: Quokka queue line" in dashboard or "data-oldest-report" in dashboard
