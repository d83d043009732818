"""Editors work through readers' problem reports: close one as resolved or as not a problem.

A report never changes the public entry by itself: only an editor's edit of the resource
does ("Fix the entry" opens it). Closing a report records the decision and the editor's note.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views import View
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.log_actions import log

from .forms import editor_note_field
from .models import ProblemReport

CLOSING_STATUSES = (ProblemReport.Status.RESOLVED, ProblemReport.Status.NOT_A_PROBLEM)
CLOSED_MESSAGES = {
    ProblemReport.Status.RESOLVED: _("The report about “%(resource)s” is marked resolved."),
    ProblemReport.Status.NOT_A_PROBLEM: _("The report about “%(resource)s” is marked not a problem."),
}


class CloseReportForm(forms.Form):
    note = editor_note_field(_("For example: what you changed, or why the entry was right."))


def close_report(report, status, user, note=""):
    """Record the editor's decision; the resource itself is left as it is."""
    report.status = status
    if note:
        report.editor_note = f"{report.editor_note}\n{note}".strip()
    report.save()
    log(report, "wagtail.edit", user=user)


class CloseReportView(View):
    """GET: the report and a confirm button; POST: close it with that status."""

    template_name = "directory/admin/close_report.html"

    def dispatch(self, request, pk, status):
        if not request.user.has_perm("directory.change_problemreport"):
            raise PermissionDenied
        if status not in CLOSING_STATUSES:
            raise Http404
        self.status = ProblemReport.Status(status)
        self.report = get_object_or_404(ProblemReport.objects.select_related("service"), pk=pk)
        return super().dispatch(request, pk, status)

    def next_url(self):
        open_reports = reverse("wagtailsnippets_directory_problemreport:list") + "?status=open"
        return get_valid_next_url_from_request(self.request) or open_reports

    def render(self, form, status=200):
        context = {
            "report": self.report,
            "status_label": self.status.label,
            "form": form,
            "next": self.next_url(),
            "fix_url": reverse("wagtailsnippets_directory_service:edit", args=[self.report.service_id]),
        }
        return TemplateResponse(self.request, self.template_name, context, status=status)

    def get(self, request, pk, status):
        return self.render(CloseReportForm())

    def post(self, request, pk, status):
        form = CloseReportForm(request.POST)
        if not form.is_valid():
            return self.render(form, status=400)
        close_report(self.report, self.status, request.user, form.cleaned_data["note"])
        messages.success(request, CLOSED_MESSAGES[self.status] % {"resource": self.report.service})
        return redirect(self.next_url())
