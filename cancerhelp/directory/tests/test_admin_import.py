"""Import HSDS data from the admin: upload, preview, confirm; a bad file is refused whole."""

import io
import json
import uuid
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from cancerhelp.accounts.testing import sign_in
from cancerhelp.directory.models import Organization, Service, TaxonomyTerm

from .hsds_helpers import DATA, new_service, row_counts

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def staging(settings, tmp_path):
    settings.HSDS_IMPORT_DIR = tmp_path / "imports"
    return settings.HSDS_IMPORT_DIR


@pytest.fixture
def admin_client(editor):
    client = Client()
    sign_in(client, editor)
    return client


def upload(client, name, data, content_type="application/json"):
    body = data if isinstance(data, bytes) else json.dumps(data).encode()
    return client.post(reverse("directory_import"), {"upload": SimpleUploadedFile(name, body, content_type)})


def confirm(client, response, **extra):
    return client.post(
        reverse("directory_import_confirm"), {"token": response.context["token"], **extra}, follow=True
    )


def test_the_import_page_is_in_the_directory_menu_for_editors(admin_client):
    response = admin_client.get(reverse("wagtailadmin_home"))
    assert reverse("directory_import") in response.content.decode()
    page = admin_client.get(reverse("directory_import"))
    assert page.status_code == 200
    assert 'type="file"' in page.content.decode()


def test_a_good_file_is_previewed_then_written_on_confirmation(admin_client, staging):
    services = [new_service("Imported help line one"), new_service("Imported help line two")]
    before = row_counts()

    preview = upload(admin_client, "two.json", services)

    assert preview.status_code == 200
    assert row_counts() == before, "the preview writes nothing"
    rows = {row["kind"]: row for row in preview.context["preview"]}
    assert rows["services"] == {"kind": "services", "created": 2, "updated": 0, "unchanged": 0}
    assert rows["organizations"]["created"] == 2
    assert "Import these records" in preview.content.decode()
    assert list(staging.iterdir()), "the upload waits in the staging folder"

    done = confirm(admin_client, preview)

    assert done.status_code == 200
    assert Service.objects.filter(title__startswith="Imported help line").count() == 2
    shown = [str(message) for message in done.context["messages"]]
    assert "services: 2 created, 0 updated, 0 unchanged" in shown
    assert not any(staging.iterdir()), "the staged upload is deleted"

    again = upload(admin_client, "two.json", services)
    assert {row["kind"]: row for row in again.context["preview"]}["services"]["unchanged"] == 2


def test_a_csv_data_package_in_a_zip_file_is_previewed(admin_client):
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as package:
        for path in sorted((DATA / "csv").iterdir()):
            package.write(path, f"package/{path.name}")
    preview = upload(admin_client, "package.zip", archive.getvalue(), "application/zip")
    assert preview.status_code == 200, preview.context.get("errors")
    assert {row["kind"] for row in preview.context["preview"]} >= {"services", "organizations"}


def test_a_bad_file_is_refused_whole_naming_the_record_and_field(admin_client, staging):
    good = new_service("A good service")
    bad = new_service("A bad service")
    bad["phones"] = [{"id": str(uuid.uuid4()), "number": 5551234}]
    before = row_counts()

    response = upload(admin_client, "mixed.json", [good, bad])

    assert response.status_code == 400
    assert row_counts() == before
    errors = response.context["errors"]
    assert errors[0] == "Import refused, nothing was changed (1 problem):"
    assert f"services[1] (id {bad['id'][:8]}…): phones[0].number: 5551234 is not of type 'string'" in errors
    assert "Import these records" not in response.content.decode()
    assert not Organization.objects.filter(name="New organization").exists()
    assert not any(staging.iterdir()), "a refused upload is not kept"


@pytest.mark.parametrize(
    "name, body, expected",
    [
        ("notes.txt", b"hello", "Upload a .json file or a .zip file of CSV files."),
        ("broken.json", b"{not json", "broken.json: not valid JSON (line 1, column 2"),
        ("broken.zip", b"not a zip", "This is not a readable .zip file."),
    ],
)
def test_unreadable_uploads_get_a_clear_400(admin_client, name, body, expected):
    before = row_counts()
    response = upload(admin_client, name, body, "application/octet-stream")
    assert response.status_code == 400
    assert expected in response.content.decode()
    assert row_counts() == before


def test_a_file_that_became_invalid_before_confirmation_is_refused_at_confirmation(admin_client):
    term = {
        "id": str(uuid.uuid4()),
        "code": "new-kind",
        "name": "New kind",
        "description": "",
        "taxonomy": "editors-own",
    }
    preview = upload(admin_client, "term.json", [term])
    assert preview.status_code == 200
    TaxonomyTerm.objects.create(taxonomy="editors-own", code="new-kind", name="Made meanwhile")
    before = row_counts()

    response = confirm(admin_client, preview)

    assert response.status_code == 400
    assert row_counts() == before
    assert any("code: 'new-kind' already names another term" in line for line in response.context["errors"])


def test_confirming_twice_or_with_a_wrong_token_is_refused(admin_client):
    preview = upload(admin_client, "one.json", [new_service("Once only")])
    confirm(admin_client, preview)
    response = confirm(admin_client, preview)
    assert response.status_code == 400
    assert "upload the file again" in response.content.decode()
    assert Service.objects.filter(title="Once only").count() == 1


def test_cancel_writes_nothing(admin_client, staging):
    preview = upload(admin_client, "one.json", [new_service("Never written")])
    response = confirm(admin_client, preview, cancel="1")
    assert response.status_code == 200
    assert not Service.objects.filter(title="Never written").exists()
    assert not any(staging.iterdir())


def test_people_who_cannot_add_resources_cannot_import(client, django_user_model):
    user = django_user_model.objects.create_user("reader", password="x")
    from django.contrib.auth.models import Permission

    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    sign_in(client, user)
    for response in (client.get(reverse("directory_import")), client.post(reverse("directory_import"))):
        # Wagtail turns PermissionDenied in the admin into a redirect to the dashboard.
        assert (response.status_code, response.get("Location")) in (
            (403, None),
            (302, reverse("wagtailadmin_home")),
        )
