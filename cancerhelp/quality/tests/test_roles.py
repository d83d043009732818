"""Each role, set up by the initial content, logs in and walks its daily tasks in the admin."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from wagtail.models import WorkflowState

from cancerhelp.accounts.testing import sign_in
from cancerhelp.directory.models import Location, Organization, ProblemReport, TaxonomyTerm
from cancerhelp.directory.tests.helpers import make_service
from cancerhelp.quality.roles import ADMINISTRATORS, EDITORS, REVIEWERS, ensure_roles

from .test_workflow import edit_data

DIRECTORY_MODELS = ["service", "organization", "location", "taxonomyterm", "problemreport"]


def person(django_user_model, name, group):
    user = django_user_model.objects.create_user(name, f"{name}@example.org", f"pw-{name}-123")
    user.groups.add(Group.objects.get(name=group))
    client = Client()
    sign_in(client, user)
    return client


@pytest.fixture
def editor_client(db, django_user_model):
    return person(django_user_model, "writer", EDITORS)


@pytest.fixture
def reviewer_client(db, django_user_model):
    return person(django_user_model, "clinician", REVIEWERS)


@pytest.fixture
def administrator_client(db, django_user_model):
    return person(django_user_model, "manager", ADMINISTRATORS)


def snippet_url(model, view, *args):
    return reverse(f"wagtailsnippets_directory_{model}:{view}", args=args)


def test_initial_content_sets_up_the_three_roles(db):
    assert set(Group.objects.values_list("name", flat=True)) >= {EDITORS, REVIEWERS, ADMINISTRATORS}
    # Wagtail's unused default group with a site-wide publish right is gone.
    assert not Group.objects.filter(name="Moderators").exists()
    assert ensure_roles() == 0


@pytest.mark.parametrize("model", DIRECTORY_MODELS)
def test_editors_open_every_directory_listing(editor_client, model):
    assert editor_client.get(snippet_url(model, "list")).status_code == 200


def test_editor_keeps_the_directory_up_to_date(editor_client):
    response = editor_client.post(
        snippet_url("organization", "add"),
        {"name": "Quokka Cancer Network", "website": "https://example.org/quokka", "description": ""},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Organization.objects.filter(name="Quokka Cancer Network").exists()

    response = editor_client.post(
        snippet_url("location", "add"),
        {
            "name": "Quokka House",
            "address_1": "1 Main St",
            "city": "Albany",
            "state_province": "NY",
            "postal_code": "12207",
            "country": "US",
            "latitude": "42.65",
            "longitude": "-73.75",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    location = Location.objects.get(name="Quokka House")
    assert editor_client.get(snippet_url("location", "edit", location.pk)).status_code == 200

    term = TaxonomyTerm.objects.first()
    assert editor_client.get(snippet_url("taxonomyterm", "edit", term.pk)).status_code == 200

    service = make_service("Quokka helpline")
    assert editor_client.get(snippet_url("service", "edit", service.pk)).status_code == 200

    report = ProblemReport.objects.create(service=service, kind=ProblemReport.Kind.DEAD_LINK, details="404")
    response = editor_client.post(
        snippet_url("problemreport", "edit", report.pk), {"status": "resolved", "editor_note": "Fixed."}
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ProblemReport.Status.RESOLVED


def test_editor_submits_a_page_and_a_reviewer_approves_it(editor_client, reviewer_client, topic_page):
    edit_url = reverse("wagtailadmin_pages:edit", args=[topic_page.pk])
    assert editor_client.get(edit_url).status_code == 200
    data = edit_data(topic_page, "Spread cancer, explained", "action-submit")
    response = editor_client.post(edit_url, data)
    assert response.status_code == 302
    state = WorkflowState.objects.for_instance(topic_page).get(status=WorkflowState.STATUS_IN_PROGRESS)

    dashboard = reviewer_client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Spread cancer, explained" in dashboard  # "Awaiting your review"
    approve_url = reverse(
        "wagtailadmin_pages:workflow_action",
        args=[topic_page.pk, "approve", state.current_task_state.pk],
    )
    assert reviewer_client.post(approve_url, {"comment": ""}).status_code in (200, 302)
    topic_page.refresh_from_db()
    assert topic_page.title == "Spread cancer, explained" and not topic_page.has_unpublished_changes


def test_only_administrators_manage_users(editor_client, reviewer_client, administrator_client):
    users = reverse("wagtailusers_users:index")
    assert editor_client.get(users).status_code in (302, 403)
    assert reviewer_client.get(users).status_code in (302, 403)
    assert administrator_client.get(users).status_code == 200

    editors = Group.objects.get(name=EDITORS)
    response = administrator_client.post(
        reverse("wagtailusers_users:add"),
        {
            "username": "newcomer",
            "email": "newcomer@example.org",
            "first_name": "New",
            "last_name": "Comer",
            "password1": "a-long-new-password-42",
            "password2": "a-long-new-password-42",
            "groups": [editors.pk],
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    newcomer = Group.objects.get(name=EDITORS).user_set.get(username="newcomer")
    assert not newcomer.is_superuser


def test_reviewers_and_administrators_do_not_edit_the_directory(reviewer_client, administrator_client):
    assert reviewer_client.get(snippet_url("service", "list")).status_code == 200  # read only
    assert reviewer_client.get(snippet_url("organization", "add")).status_code in (302, 403)
    assert administrator_client.get(snippet_url("service", "list")).status_code in (302, 403)


def test_administrators_reset_a_lost_device_but_never_a_superusers(administrator_client, django_user_model):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    colleague = django_user_model.objects.create_user("colleague", "c@example.org", "pw-colleague-123")
    colleague.groups.add(Group.objects.get(name=EDITORS))
    sign_in(Client(), colleague)  # gives them an authenticator
    owner = django_user_model.objects.create_superuser("owner", "o@example.org", "pw-owner-12345")
    sign_in(Client(), owner)

    listing = administrator_client.get(reverse("accounts_users")).content.decode()
    assert "colleague" in listing and "owner" not in listing
    reset = administrator_client.post(reverse("accounts_reset", args=[colleague.pk]))
    assert reset.status_code == 302
    assert not TOTPDevice.objects.filter(user=colleague).exists()
    refused = administrator_client.post(reverse("accounts_reset", args=[owner.pk]))
    assert refused.status_code == 404
    assert TOTPDevice.objects.filter(user=owner).exists()
