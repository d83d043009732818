"""Import HSDS data from the admin: upload, preview, confirm.

The same path as `manage.py import_hsds`: the upload is checked and written by
`hsds.importer.import_files` (official schemas, all or nothing), first as a dry run for
the preview (what would be created, changed and left alone), then for real once the
editor confirms. The messages are the command's (hsds/messages.py).

Between preview and confirmation the upload waits in a staging folder under var/
(HSDS_IMPORT_DIR), named by a random token kept in the editor's session.
"""

import secrets
import shutil
import zipfile
from pathlib import Path, PurePosixPath

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.text import get_valid_filename
from django.utils.translation import gettext_lazy as _
from django.views import View

from .hsds.importer import ImportRefused, import_files
from .hsds.messages import count_lines, kind_label, refused_lines

MAX_UPLOAD_BYTES = 50 * 1024 * 1024
SESSION_KEY = "directory_hsds_import"


def staging_root():
    return Path(getattr(settings, "HSDS_IMPORT_DIR", Path(settings.VAR_DIR) / "imports"))


def can_import(user):
    return user.has_perm("directory.add_service") and user.has_perm("directory.change_service")


class UploadForm(forms.Form):
    upload = forms.FileField(
        label=_("HSDS file"),
        help_text=_(
            "An Open Referral HSDS 3.0 JSON file (.json), or a CSV data package as a .zip file "
            "of its CSV files."
        ),
    )

    def clean_upload(self):
        upload = self.cleaned_data["upload"]
        name = upload.name.lower()
        if not name.endswith((".json", ".zip")):
            raise forms.ValidationError(_("Upload a .json file or a .zip file of CSV files."))
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 50 MB."))
        return upload


class StagingError(Exception):
    pass


def stage(upload, folder):
    """Save the upload in `folder`; returns (json_files, csv_folders) for import_files."""
    folder.mkdir(parents=True)
    name = get_valid_filename(Path(upload.name).name) or "upload"
    if name.lower().endswith(".json"):
        path = folder / name
        with path.open("wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
        return [path], []
    archive_path = folder / "upload.zip"
    with archive_path.open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    package = folder / (Path(name).stem or "package")
    package.mkdir()
    try:
        with zipfile.ZipFile(archive_path) as archive:
            members = [info for info in archive.infolist() if not info.is_dir()]
            if sum(info.file_size for info in members) > MAX_UPLOAD_BYTES * 4:
                raise StagingError(_("The .zip file unpacks to more than 200 MB."))
            for info in members:
                member = PurePosixPath(info.filename)
                if member.name.startswith(".") or member.suffix.lower() not in {".csv", ".json"}:
                    continue  # only the package's tables and its descriptor; no paths are followed
                with (
                    archive.open(info) as source,
                    (package / get_valid_filename(member.name)).open("wb") as out,
                ):
                    shutil.copyfileobj(source, out)
    except zipfile.BadZipFile:
        raise StagingError(_("This is not a readable .zip file.")) from None
    archive_path.unlink()
    return [], [package]


def staged_paths(folder):
    json_files = sorted(path for path in folder.iterdir() if path.is_file() and path.suffix == ".json")
    csv_folders = sorted(path for path in folder.iterdir() if path.is_dir())
    return json_files, csv_folders


def display_errors(errors, folder):
    """The command's messages, with the staging folder left out of file names."""
    prefix = f"{folder}/"
    return [line.replace(prefix, "") for line in refused_lines(errors)]


class ImportView(View):
    template_name = "directory/admin/import.html"

    def dispatch(self, request, *args, **kwargs):
        if not can_import(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def render(self, request, status=200, **context):
        context.setdefault("form", UploadForm())
        context["confirm_url"] = reverse("directory_import_confirm")
        return TemplateResponse(request, self.template_name, context, status=status)

    def get(self, request):
        return self.render(request)

    def post(self, request):
        form = UploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render(request, status=400, form=form)
        discard(request)
        token = secrets.token_urlsafe(16)
        folder = staging_root() / token
        try:
            json_files, csv_folders = stage(form.cleaned_data["upload"], folder)
            counts, warnings = import_files(json_files, csv_folders, dry_run=True)
        except StagingError as error:
            shutil.rmtree(folder, ignore_errors=True)
            return self.render(request, status=400, form=form, errors=[str(error)])
        except ImportRefused as refused:
            shutil.rmtree(folder, ignore_errors=True)
            return self.render(request, status=400, form=form, errors=display_errors(refused.errors, folder))
        request.session[SESSION_KEY] = {"token": token, "name": form.cleaned_data["upload"].name}
        rows = [
            {"kind": kind_label(kind), **outcome} for kind, outcome in counts.items() if any(outcome.values())
        ]
        return self.render(
            request,
            preview=rows,
            warnings=[warning.replace(f"{folder}/", "") for warning in warnings],
            upload_name=form.cleaned_data["upload"].name,
            token=token,
        )


def discard(request):
    """Forget (and delete) the upload this editor staged before, if any."""
    staged = request.session.pop(SESSION_KEY, None)
    if staged and str(staged.get("token", "")).replace("-", "").replace("_", "").isalnum():
        shutil.rmtree(staging_root() / staged["token"], ignore_errors=True)


class ConfirmImportView(ImportView):
    def get(self, request):
        return redirect("directory_import")

    def post(self, request):
        staged = request.session.get(SESSION_KEY) or {}
        token = request.POST.get("token", "")
        folder = staging_root() / str(staged.get("token", ""))
        if not token or token != staged.get("token") or not folder.is_dir():
            return self.render(
                request,
                status=400,
                errors=[_("This import is no longer waiting: upload the file again.")],
            )
        if "cancel" in request.POST:
            discard(request)
            messages.info(request, _("Import cancelled: nothing was changed."))
            return redirect("directory_import")
        try:
            counts, _warnings = import_files(*staged_paths(folder))
        except ImportRefused as refused:
            errors = display_errors(refused.errors, folder)
            discard(request)
            return self.render(request, status=400, errors=errors)
        discard(request)
        messages.success(
            request,
            _("Imported %(name)s.") % {"name": staged.get("name", "")},
        )
        for line in count_lines(counts):
            messages.info(request, line)
        return redirect("directory_import")
