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
    assert editor_client.post(reverse("directory_close_report", args=[report.pk + 999, "resolved"])).status_code == 404
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
