"""The care team's roles as Django groups, with the permissions their daily work needs.

- **Editors** write pages (through Clinical review: never publish) and keep the whole
  resource directory up to date: organizations, locations, resources, reader reports,
  taxonomy terms, plus help lines, images and documents.
- **Clinical reviewers** approve pages (approving publishes; see workflows.py).
- **Administrators** manage people: add users, put them in roles, deactivate them.

Permissions are named by app label and codename only, so this module imports no content
models. `ensure_roles()` is idempotent and only ever adds what is missing (and removes
Wagtail's unused default "Moderators" group, whose site-wide publish right skips review).
"""

from django.contrib.auth.models import Group, Permission
from django.db.models import Q
from wagtail.models import Collection, GroupCollectionPermission

EDITORS = "Editors"
REVIEWERS = "Clinical reviewers"
ADMINISTRATORS = "Administrators"
WAGTAIL_DEFAULT_MODERATORS = "Moderators"

CRUD = ("add", "change", "delete", "view")
DIRECTORY_MODELS = ["organization", "location", "service", "taxonomyterm"]
EDITOR_MODEL_PERMISSIONS = [
    *(f"directory.{action}_{model}" for model in DIRECTORY_MODELS for action in CRUD),
    # Reports come from readers: editors triage them (the admin never offers "add").
    "directory.change_problemreport",
    "directory.delete_problemreport",
    "directory.view_problemreport",
    "core.add_helpline",
    "core.change_helpline",
    "core.view_helpline",
    "wagtail_localize.submit_translation",
    "wagtailadmin.access_admin",
]
REVIEWER_MODEL_PERMISSIONS = [
    "wagtailadmin.access_admin",
    "wagtail_localize.submit_translation",
    *(f"directory.view_{model}" for model in [*DIRECTORY_MODELS, "problemreport"]),
]
ADMINISTRATOR_MODEL_PERMISSIONS = [
    "wagtailadmin.access_admin",
    "auth.add_user",
    "auth.change_user",
    "auth.delete_user",
    "auth.view_user",
    "auth.view_group",
]
# Images and documents, in the root collection (so in every collection).
EDITOR_COLLECTION_PERMISSIONS = [
    "wagtailimages.add_image",
    "wagtailimages.change_image",
    "wagtailimages.choose_image",
    "wagtaildocs.add_document",
    "wagtaildocs.change_document",
    "wagtaildocs.choose_document",
]
REVIEWER_COLLECTION_PERMISSIONS = ["wagtailimages.choose_image", "wagtaildocs.choose_document"]

ROLES = {
    EDITORS: (EDITOR_MODEL_PERMISSIONS, EDITOR_COLLECTION_PERMISSIONS),
    REVIEWERS: (REVIEWER_MODEL_PERMISSIONS, REVIEWER_COLLECTION_PERMISSIONS),
    ADMINISTRATORS: (ADMINISTRATOR_MODEL_PERMISSIONS, []),
}


def permissions(names):
    """Permission objects for "app_label.codename" names (every one must exist)."""
    if not names:
        return []
    query = Q()
    for name in names:
        app_label, codename = name.split(".", 1)
        query |= Q(content_type__app_label=app_label, codename=codename)
    found = list(Permission.objects.filter(query).select_related("content_type"))
    missing = set(names) - {f"{p.content_type.app_label}.{p.codename}" for p in found}
    if missing:
        raise LookupError(f"Unknown permissions: {sorted(missing)}")
    return found


def ensure_roles():
    """Create or complete the three groups. Returns the number of changes made."""
    changes = 0
    root_collection = Collection.get_first_root_node()
    for name, (model_permissions, collection_permissions) in ROLES.items():
        group, created = Group.objects.get_or_create(name=name)
        changes += created
        have = set(group.permissions.values_list("pk", flat=True))
        wanted = [p for p in permissions(model_permissions) if p.pk not in have]
        group.permissions.add(*wanted)
        changes += len(wanted)
        if root_collection is not None:
            for permission in permissions(collection_permissions):
                _obj, created = GroupCollectionPermission.objects.get_or_create(
                    group=group, collection=root_collection, permission=permission
                )
                changes += created
    moderators = Group.objects.filter(name=WAGTAIL_DEFAULT_MODERATORS, user__isnull=True).first()
    if moderators is not None:
        moderators.delete()
        changes += 1
    return changes
