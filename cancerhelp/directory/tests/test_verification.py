"""Editors verify entries (who, when, how); readers see what is not yet checked; no entry twice."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Locale

from cancerhelp.accounts.testing import sign_in
from cancerhelp.directory.models import Location, ResourceFinderPage, Service

from .helpers import make_service

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(editor):
    client = Client()
    sign_in(client, editor)
    return client


def spanish_twin(service):
    from cancerhelp.home.translation import KEEP_SERVICE, translate

    spanish = Locale.objects.get(language_code="es")
    return translate(service, spanish, {}, {"description": "Ayuda de prueba."}, KEEP_SERVICE)


def test_mark_verified_records_who_when_and_how_and_the_translation_follows(admin_client, editor):
    service = make_service("Check me", url="https://example.org/check-me")
    twin = spanish_twin(service)
    assert twin is not None

    page = admin_client.get(reverse("directory_mark_verified", args=[service.pk]))
    assert page.status_code == 200
    assert "Phone call" in page.content.decode()
    response = admin_client.post(
        reverse("directory_mark_verified", args=[service.pk]),
        {"method": "phone", "note": "Spoke to the front desk.", "next": "/admin/"},
    )

    assert response.status_code == 302 and response["Location"] == "/admin/"
    service.refresh_from_db()
    twin.refresh_from_db()
    for entry in (service, twin):
        assert entry.verification_status == Service.Verification.VERIFIED
        assert entry.last_verified == timezone.localdate()
        assert entry.verified_by == editor
        assert entry.verification_method == Service.VerificationMethod.PHONE
    assert "Spoke to the front desk." in service.editor_note
    edit = admin_client.get(reverse("wagtailsnippets_directory_service:edit", args=[service.pk]))
    assert "Verified on" in edit.content.decode() and "(Phone call)" in edit.content.decode()


def test_mark_verified_needs_the_how_and_refuses_an_outside_next_url(admin_client):
    service = make_service("Check me too")
    url = reverse("directory_mark_verified", args=[service.pk])
    assert admin_client.post(url, {"method": "carrier pigeon"}).status_code == 400
    response = admin_client.post(url, {"method": "email", "next": "https://evil.example/"})
    assert response["Location"] == reverse("directory_unverified")
    assert admin_client.get(reverse("directory_mark_verified", args=[999999])).status_code == 404


def test_the_unverified_report_lists_entries_with_their_place_and_the_action(admin_client):
    unverified = make_service("Waiting lodge", in_person=True, locations=[("Lodge", "40.1", "-74.1")])
    make_service("Already checked", verification_status=Service.Verification.VERIFIED)

    response = admin_client.get(reverse("directory_unverified"))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Waiting lodge" in html and "Already checked" not in html
    assert "Address to confirm" in html
    assert reverse("directory_mark_verified", args=[unverified.pk]) in html
    export = admin_client.get(reverse("directory_unverified") + "?export=csv")
    assert export.status_code == 200 and b"Waiting lodge" in b"".join(export.streaming_content)


def test_the_dashboard_counts_entries_to_verify(admin_client):
    expected = Service.objects.filter(locale=Locale.get_default()).exclude(verification_status="verified")
    response = admin_client.get(reverse("wagtailadmin_home"))
    html = response.content.decode()
    assert f"{expected.count()} resources are not yet verified by an editor" in html
    assert reverse("directory_unverified") in html


def test_the_listing_offers_mark_verified_on_unverified_entries(admin_client):
    service = make_service("Listed unverified")
    html = admin_client.get(
        reverse("wagtailsnippets_directory_service:list"), {"q": "Listed"}
    ).content.decode()
    assert reverse("directory_mark_verified", args=[service.pk]) in html


def test_a_location_without_a_street_is_marked_address_to_confirm(admin_client):
    place = Location.objects.create(
        name="City only",
        city="Testville",
        state_province="NY",
        latitude="40.1",
        longitude="-74.1",
        hsds_extra={
            "metadata": [
                {
                    "last_action_type": "approximate coordinates",
                    "replacement_value": "centre of ZIP code 10001",
                }
            ]
        },
    )
    assert place.address_to_confirm
    html = admin_client.get(
        reverse("wagtailsnippets_directory_location:edit", args=[place.pk])
    ).content.decode()
    assert "Address to confirm" in html and "centre of ZIP code 10001" in html
    listing = admin_client.get(
        reverse("wagtailsnippets_directory_location:list"), {"address_to_confirm": "true"}
    )
    assert "City only" in listing.content.decode()


def test_readers_see_unverified_entries_as_not_yet_checked(client):
    make_service(
        "Fresh from the starter list", kinds=["financial-help"], last_verified=datetime.date(2026, 1, 1)
    )
    page = ResourceFinderPage.objects.get(slug="resources", locale__language_code="en")
    html = client.get(page.url, {"q": "Fresh from the starter"}).content.decode()
    assert "Fresh from the starter list" in html
    assert "Not yet checked by our team" in html


def test_an_entry_a_verified_one_supersedes_is_not_shown_twice():
    english = Locale.get_default()
    verified = make_service(
        "Help line", url="https://example.org/line", verification_status=Service.Verification.VERIFIED
    )
    duplicate = make_service("The help line (starter)", url="https://example.org/line")
    other = make_service("Another line", url="https://example.org/other")
    shown = set(Service.objects.in_locale(english))
    assert verified in shown and other in shown
    assert duplicate not in shown
    duplicate_in_person = make_service("A place", url="https://example.org/line", in_person=True)
    assert duplicate_in_person in set(Service.objects.in_locale(english)), "a place is not a phone line"
