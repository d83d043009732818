"""Readers report a problem with a resource: stored for editors, CSRF-protected, rate-limited."""

import re

import pytest
from django.test import Client
from wagtail.models import Locale

from cancerhelp.directory.models import ProblemReport, Service
from cancerhelp.directory.views import REPORT_RATE_LIMIT, REPORT_RATE_WINDOW

from .helpers import centers_page, finder_page, make_service


@pytest.fixture
def service(db):
    return make_service("Quokka helpline", by_phone=True, phones=["1-800-555-0199"])


def report_url(service, page=None):
    return (page or finder_page()).report_url(service)


def test_each_result_links_to_its_report_form(service):
    html = Client().get("/resources/", {"q": "quokka"}).content.decode()
    assert f'href="/resources/report/{service.hsds_id}/"' in html


def test_report_form_is_accessible_and_names_the_resource(service):
    response = Client().get(report_url(service))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Report a problem</h1>" in html and "Quokka helpline" in html
    assert "<legend>What is wrong?</legend>" in html
    assert '<label for="id_details">' in html and 'name="csrfmiddlewaretoken"' in html


def test_valid_report_is_stored_and_thanked(service):
    client = Client()
    response = client.post(report_url(service), {"kind": "wrong_phone", "details": "It is now 555-0100."})
    assert response.status_code == 303
    assert response["Location"] == "/resources/report/thanks/"
    thanks = client.get(response["Location"])
    assert thanks.status_code == 200 and "Thank you for your report" in thanks.content.decode()
    report = ProblemReport.objects.get(service=service)
    assert (report.kind, report.details, report.status, report.language) == (
        "wrong_phone",
        "It is now 555-0100.",
        "open",
        "en",
    )


def test_report_stores_no_client_address(service):
    Client(REMOTE_ADDR="203.0.113.77").post(report_url(service), {"kind": "closed"})
    report = ProblemReport.objects.get(service=service)
    stored = " ".join(str(getattr(report, field.attname)) for field in ProblemReport._meta.concrete_fields)
    assert "203.0.113.77" not in stored


def test_a_report_waits_for_an_editor_and_changes_nothing_public(service):
    Service.objects.filter(pk=service.pk).update(verification_status=Service.Verification.VERIFIED)
    before = Service.objects.get(pk=service.pk).updated_at
    export_before = Client().get("/directory/export.csv").content
    Client().post(report_url(service), {"kind": "dead_link"})
    service.refresh_from_db()
    assert service.verification_status == Service.Verification.VERIFIED
    assert service.updated_at == before  # a report is not an edit
    assert Client().get("/directory/export.csv").content == export_before
    assert ProblemReport.objects.filter(service=service, status=ProblemReport.Status.OPEN).count() == 1


def test_report_without_a_kind_is_refused_with_a_message_tied_to_the_field(service):
    response = Client().post(report_url(service), {"details": "hello"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Choose what is wrong." in html
    assert 'id="id_kind_error"' in html and 'aria-describedby="id_kind_error"' in html
    assert not ProblemReport.objects.exists()


@pytest.mark.parametrize(
    "data",
    [
        {"kind": "other", "details": "x" * 1001},
        {"kind": "other", "details": "x" * 200_000},
        {"kind": "made-up"},
        {"kind": ["other", "closed", "<script>"]},
        {"kind": "other", "details": "nul\x00byte"},
    ],
)
def test_bad_reports_are_form_errors_not_server_errors(service, data):
    response = Client().post(report_url(service), data)
    assert response.status_code == 400
    assert 'class="errorlist"' in response.content.decode()
    assert not ProblemReport.objects.exists()


def test_long_details_error_says_the_limit(service):
    html = Client().post(report_url(service), {"kind": "other", "details": "x" * 1001}).content.decode()
    assert "Use 1000 characters or fewer." in html


def test_report_requires_the_csrf_token(service):
    client = Client(enforce_csrf_checks=True)
    refused = client.post(report_url(service), {"kind": "closed"})
    assert refused.status_code == 403
    assert not ProblemReport.objects.exists()
    form = client.get(report_url(service)).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    accepted = client.post(report_url(service), {"kind": "closed", "csrfmiddlewaretoken": token})
    assert accepted.status_code == 303
    assert ProblemReport.objects.count() == 1


def test_reports_are_rate_limited_per_client_address(service):
    client = Client(REMOTE_ADDR="198.51.100.5")
    for _number in range(REPORT_RATE_LIMIT):
        assert client.post(report_url(service), {"kind": "other"}).status_code == 303
    limited = client.post(report_url(service), {"kind": "other"})
    assert limited.status_code == 429
    assert 0 < int(limited["Retry-After"]) <= REPORT_RATE_WINDOW
    assert "Too many reports for now" in limited.content.decode()
    assert ProblemReport.objects.count() == REPORT_RATE_LIMIT
    # Another reader is not affected.
    other = Client(REMOTE_ADDR="198.51.100.6").post(report_url(service), {"kind": "other"})
    assert other.status_code == 303


def test_unknown_or_malformed_service_id_is_not_found(db):
    client = Client()
    assert client.get("/resources/report/00000000-0000-0000-0000-000000000000/").status_code == 404
    assert client.get("/resources/report/not-a-uuid/").status_code == 404
    assert client.post("/resources/report/not-a-uuid/", {"kind": "other"}).status_code in (403, 404)


def test_other_methods_are_refused(service):
    assert Client().put(report_url(service)).status_code in (403, 405)
    assert Client().delete(report_url(service)).status_code in (403, 405)


def test_report_form_works_from_the_centers_page(service):
    url = report_url(service, centers_page())
    assert url.startswith("/community-cancer-resource-centers/report/")
    response = Client().post(url, {"kind": "closed"})
    assert response["Location"] == "/community-cancer-resource-centers/report/thanks/"


def test_report_form_works_in_spanish(service):
    spanish = Locale.objects.get(language_code="es")
    page = finder_page()
    twin = page.get_translations().filter(locale=spanish).first()
    if twin is None:
        twin = page.copy_for_translation(spanish, copy_parents=True)
        twin.save_revision().publish()
    twin = twin.specific
    url = twin.report_url(service)
    assert url == f"{twin.url}reportar/{service.hsds_id}/"  # the address is Spanish too
    response = Client().get(url)
    assert response.status_code == 200
    assert '<html lang="es"' in response.content.decode()
    posted = Client().post(url, {"kind": "closed"})
    assert posted.status_code == 303 and posted["Location"] == f"{twin.url}reportar/gracias/"
    assert ProblemReport.objects.get(service=service).language == "es"
    # An English address made before keeps working under /es/.
    assert Client().get(f"{twin.url}report/{service.hsds_id}/").status_code == 200
