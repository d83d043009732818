"""Approval before publishing: the "Clinical review" workflow, set up idempotently.

Editors write and submit; a clinical reviewer approves, and approving publishes.
Called by `load_initial_content` after the pages exist; safe to run again at any time
(it only adds what is missing and takes the publish permission away from Editors).
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import GroupApprovalTask, GroupPagePermission, Workflow, WorkflowPage, WorkflowTask

WORKFLOW_NAME = "Clinical review"
TASK_NAME = "Clinical review"
REVIEWERS = "Clinical reviewers"
EDITORS = "Editors"

REVIEWER_PAGE_PERMISSIONS = ["add", "change", "publish", "lock", "unlock"]
EDITOR_PAGE_PERMISSIONS = ["add", "change"]


def page_permission(action):
    return Permission.objects.get(content_type__app_label="wagtailcore", codename=f"{action}_page")


def _admin_access():
    return Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")


def _grant(group, page, actions):
    made = 0
    for action in actions:
        _obj, created = GroupPagePermission.objects.get_or_create(
            group=group, page=page, permission=page_permission(action)
        )
        made += created
    return made


@transaction.atomic
def ensure_clinical_review_workflow(roots):
    """Create or complete the groups, permissions and workflow. Returns the number of changes.

    `roots` are the pages whose whole subtrees the workflow covers (each language's home
    page); the caller passes them, so this app never imports a content model.
    """
    changes = 0
    reviewers, created = Group.objects.get_or_create(name=REVIEWERS)
    changes += created
    editors, created = Group.objects.get_or_create(name=EDITORS)
    changes += created
    access = _admin_access()
    for group in (reviewers, editors):
        if not group.permissions.filter(pk=access.pk).exists():
            group.permissions.add(access)
            changes += 1

    task = GroupApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=TASK_NAME)
        changes += 1
    if not task.active:
        task.active = True
        task.save(update_fields=["active"])
        changes += 1
    if not task.groups.filter(pk=reviewers.pk).exists():
        task.groups.add(reviewers)
        changes += 1

    workflow, created = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    changes += created
    if not workflow.active:
        workflow.active = True
        workflow.save(update_fields=["active"])
        changes += 1
    _link, created = WorkflowTask.objects.get_or_create(
        workflow=workflow, task=task, defaults={"sort_order": 0}
    )
    changes += created

    for root in roots:
        link = WorkflowPage.objects.filter(page=root).first()
        if link is None or link.workflow_id != workflow.pk:
            WorkflowPage.objects.update_or_create(page=root, defaults={"workflow": workflow})
            changes += 1
        changes += _grant(reviewers, root, REVIEWER_PAGE_PERMISSIONS)
        changes += _grant(editors, root, EDITOR_PAGE_PERMISSIONS)

    # Editors never publish, anywhere: approval by a clinical reviewer publishes.
    removed, _detail = GroupPagePermission.objects.filter(
        group=editors, permission=page_permission("publish")
    ).delete()
    changes += removed
    return changes
