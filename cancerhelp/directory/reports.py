"""Readers report a problem with a resource (wrong number, dead link, closed).

Served by NavigatorPage routes, so the form exists wherever a navigator page does (/resources/,
/es/recursos/, the centers page). Reports are rate-limited per client address with Django's
cache; the address itself is never stored, only a keyed hash used as the cache key.
"""

import hashlib
import hmac

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_protect
from wagtail.models import Page

from .models import ProblemReport, Service

# At most this many reports per client address per window (seconds).
REPORT_RATE_LIMIT = getattr(settings, "DIRECTORY_REPORT_RATE_LIMIT", 5)
REPORT_RATE_WINDOW = getattr(settings, "DIRECTORY_REPORT_RATE_WINDOW", 3600)


class ProblemReportForm(forms.ModelForm):
    kind = forms.ChoiceField(
        label=_("What is wrong?"),
        choices=ProblemReport.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose what is wrong."),
            "invalid_choice": _("Choose what is wrong from the list."),
        },
    )
    details = forms.CharField(
        label=_("Details (optional)"),
        required=False,
        max_length=ProblemReport.DETAILS_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "For example the right phone number. Please do not write your name or anything about your health."
        ),
        error_messages={"max_length": _("Use %(limit_value)d characters or fewer.")},
    )

    class Meta:
        model = ProblemReport
        fields = ["kind", "details"]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


def client_key(request):
    """A cache key for the client's address: a keyed hash, so the address is never kept in clear."""
    address = request.META.get("REMOTE_ADDR", "")
    digest = hmac.new(settings.SECRET_KEY.encode(), address.encode(), hashlib.sha256).hexdigest()
    return f"directory:report-rate:{digest}"


def is_rate_limited(request):
    return cache.get(client_key(request), 0) >= REPORT_RATE_LIMIT


def count_report(request):
    key = client_key(request)
    if not cache.add(key, 1, REPORT_RATE_WINDOW):
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, REPORT_RATE_WINDOW)


def render(page, request, template, context, status=200):
    context = {**Page.get_context(page, request), **context}
    return TemplateResponse(request, template, context, status=status)


@csrf_protect
def report_problem_view(request, page, service_id):
    if request.method not in ("GET", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    service = (
        Service.objects.select_related("organization").prefetch_related("phones").filter(hsds_id=service_id)
    ).first()
    if service is None:
        raise Http404
    if request.method == "POST":
        if is_rate_limited(request):
            return render(page, request, "directory/report_limited.html", {"service": service}, status=429)
        form = ProblemReportForm(request.POST)
        if form.is_valid():
            report = form.save(commit=False)
            report.service = service
            report.language = (get_language() or "")[:10]
            report.save()
            # Flag the entry for editors; updated_at stays (a report is not an edit).
            Service.objects.filter(pk=service.pk, verification_status=Service.Verification.VERIFIED).update(
                verification_status=Service.Verification.NEEDS_ATTENTION
            )
            count_report(request)
            return HttpResponseRedirect(
                page.url + page.reverse_subpage("report_thanks").lstrip("/"), status=303
            )
        status = 400
    else:
        form = ProblemReportForm()
        status = 200
    return render(page, request, "directory/report_problem.html", {"service": service, "form": form}, status)


def report_thanks_view(page, request):
    return render(page, request, "directory/report_thanks.html", {})
