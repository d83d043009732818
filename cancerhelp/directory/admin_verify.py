"""Editors verify entries: "Mark verified" (who, when, how), the unverified report, a dashboard count."""

import django_filters
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import View
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.components import Component
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.admin.views.reports import ReportView
from wagtail.log_actions import log
from wagtail.models import Locale

from .forms import editor_note_field
from .models import Service, TaxonomyTerm
from .vocabulary import KIND_OF_HELP_TAXONOMY


def unverified_services():
    """Default-language entries not yet verified (a Spanish twin follows its English source)."""
    return Service.objects.filter(locale=Locale.get_default()).exclude(
        verification_status=Service.Verification.VERIFIED
    )


class MarkVerifiedForm(forms.Form):
    method = forms.ChoiceField(
        label=_("How did you check it?"),
        choices=Service.VerificationMethod.choices,
        widget=forms.RadioSelect,
    )
    note = editor_note_field(_("For example: who you spoke to, what you corrected."))


def mark_verified(service, user, method, note=""):
    """Record who verified the entry, when and how; its translations follow."""
    today = timezone.localdate()
    service.verification_status = Service.Verification.VERIFIED
    service.last_verified = today
    service.verified_by = user
    service.verification_method = method
    if note:
        name = user.get_full_name() or user.get_username()
        line = f"{today.isoformat()} {name} ({service.get_verification_method_display()}): {note}"
        service.editor_note = f"{service.editor_note}\n{line}".strip()
    service.save()  # updated_at moves on: a later starter load leaves the entry alone
    Service.objects.filter(translation_key=service.translation_key).exclude(pk=service.pk).update(
        verification_status=service.verification_status,
        last_verified=today,
        verified_by=user,
        verification_method=method,
    )
    log(service, "wagtail.edit", user=user)


class MarkVerifiedView(View):
    template_name = "directory/admin/mark_verified.html"

    def dispatch(self, request, pk):
        if not request.user.has_perm("directory.change_service"):
            raise PermissionDenied
        self.service = get_object_or_404(Service.objects.select_related("organization"), pk=pk)
        return super().dispatch(request, pk)

    def next_url(self):
        return get_valid_next_url_from_request(self.request) or reverse("directory_unverified")

    def render(self, form, status=200):
        context = {"service": self.service, "form": form, "next": self.next_url()}
        return TemplateResponse(self.request, self.template_name, context, status=status)

    def get(self, request, pk):
        return self.render(MarkVerifiedForm())

    def post(self, request, pk):
        form = MarkVerifiedForm(request.POST)
        if not form.is_valid():
            return self.render(form, status=400)
        mark_verified(self.service, request.user, form.cleaned_data["method"], form.cleaned_data["note"])
        messages.success(request, _("“%(title)s” is marked verified.") % {"title": self.service.title})
        return redirect(self.next_url())


class UnverifiedFilterSet(WagtailFilterSet):
    kinds = django_filters.ModelChoiceFilter(
        label=_("Kind of help"),
        field_name="kinds",
        queryset=TaxonomyTerm.objects.filter(taxonomy=KIND_OF_HELP_TAXONOMY),
    )
    in_person = django_filters.BooleanFilter(label=_("In person"))

    class Meta:
        model = Service
        fields = ["kinds", "in_person"]


class UnverifiedReportView(ReportView):
    page_title = _("Unverified resources")
    header_icon = "help"
    index_url_name = "directory_unverified"
    index_results_url_name = "directory_unverified_results"
    results_template_name = "directory/admin/unverified_results.html"
    filterset_class = UnverifiedFilterSet
    no_results_message = _("Every resource has been verified by an editor.")
    list_export = ["title", "organization.name", "url", "verification_status", "updated_at"]
    export_headings = {
        "title": _("Title"),
        "organization.name": _("Organization"),
        "url": _("Address (URL)"),
        "verification_status": _("Verification"),
        "updated_at": _("Updated"),
    }

    def get_queryset(self):
        return (
            unverified_services()
            .select_related("organization")
            .prefetch_related("service_at_locations__location")
            .order_by("verification_status", "title")
        )

    def user_can_access(self, user):  # ReportView checks this through PermissionCheckedMixin
        return user.has_perm("directory.change_service")

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm("directory.change_service"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class UnverifiedPanel(Component):
    """Dashboard: how many resources still wait for an editor's check."""

    name = "unverified_resources"
    order = 152
    template_name = "directory/admin/unverified_panel.html"

    def get_context_data(self, parent_context):
        return {
            "unverified_count": unverified_services().count(),
            "report_url": reverse("directory_unverified"),
        }
