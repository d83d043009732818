"""Approval before publishing: an editor cannot publish a topic page; a clinical reviewer's approval does."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import GroupPagePermission, Workflow, WorkflowState
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from cancerhelp.accounts.testing import sign_in
from cancerhelp.quality.workflows import (
    EDITORS,
    REVIEWERS,
    WORKFLOW_NAME,
    ensure_clinical_review_workflow,
)


def home_pages():
    from cancerhelp.home.models import HomePage

    return list(HomePage.objects.order_by("path"))


@pytest.fixture
def roles(db, django_user_model):
    ensure_clinical_review_workflow(home_pages())
    writer = django_user_model.objects.create_user("writer", "writer@example.org", "pw-writer-123")
    writer.groups.add(Group.objects.get(name=EDITORS))
    clinician = django_user_model.objects.create_user("clinician", "clin@example.org", "pw-clin-123")
    clinician.groups.add(Group.objects.get(name=REVIEWERS))
    return writer, clinician


def edit_data(page, title, action):
    data = nested_form_data(
        {
            "title": title,
            "slug": page.slug,
            "summary": page.summary,
            "body": streamfield([("paragraph", rich_text("<p>Metastatic means the cancer has spread.</p>"))]),
            "in_short": streamfield([]),
            "sources": streamfield([]),
            "last_reviewed": "2026-11-26",
            "next_review_due": "2027-05-26",
            "comments": inline_formset([]),
        }
    )
    data[action] = action
    return data


def test_initial_content_sets_up_the_clinical_review_workflow(topic_page):
    workflow = topic_page.get_workflow()
    assert workflow is not None and workflow.name == WORKFLOW_NAME
    assert [task.name for task in workflow.tasks] == ["Clinical review"]
    assert list(workflow.tasks[0].specific.groups.values_list("name", flat=True)) == [REVIEWERS]


def test_setup_is_idempotent(db):
    ensure_clinical_review_workflow(home_pages())
    assert ensure_clinical_review_workflow(home_pages()) == 0
    assert Workflow.objects.filter(name=WORKFLOW_NAME).count() == 1


def test_editors_group_has_no_publish_permission(roles):
    editors = Group.objects.get(name=EDITORS)
    assert not GroupPagePermission.objects.filter(group=editors, permission__codename="publish_page").exists()
    assert GroupPagePermission.objects.filter(group=editors, permission__codename="change_page").exists()


def test_editor_cannot_publish_and_reviewer_approval_publishes(client, roles, topic_page):
    writer, clinician = roles
    original_title = topic_page.title
    edit_url = reverse("wagtailadmin_pages:edit", args=[topic_page.pk])

    sign_in(client, writer)
    assert client.get(edit_url).status_code == 200
    response = client.post(edit_url, edit_data(topic_page, "A rewritten title", "action-publish"))
    assert response.status_code == 302
    topic_page.refresh_from_db()
    assert topic_page.title == original_title  # saved as a draft only
    assert topic_page.has_unpublished_changes

    response = client.post(edit_url, edit_data(topic_page, "A rewritten title", "action-submit"))
    assert response.status_code == 302
    state = WorkflowState.objects.for_instance(topic_page).get(status=WorkflowState.STATUS_IN_PROGRESS)
    task_state = state.current_task_state
    assert task_state.task.name == "Clinical review"
    topic_page.refresh_from_db()
    assert topic_page.title == original_title

    # The writer is not a reviewer: approving is refused (Wagtail redirects to the dashboard).
    approve_url = reverse(
        "wagtailadmin_pages:workflow_action", args=[topic_page.pk, "approve", task_state.pk]
    )
    response = client.post(approve_url, {"comment": ""})
    assert response.status_code in (302, 403) and response.get("Location", "") == reverse("wagtailadmin_home")
    topic_page.refresh_from_db()
    assert topic_page.title == original_title
    task_state.refresh_from_db()
    assert task_state.status == task_state.STATUS_IN_PROGRESS

    sign_in(client, clinician)
    response = client.post(approve_url, {"comment": "Checked against the sources."})
    assert response.status_code in (200, 302)
    topic_page.refresh_from_db()
    assert topic_page.title == "A rewritten title"
    assert topic_page.live and not topic_page.has_unpublished_changes
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_APPROVED
