"""The directory's reader-facing views: the resource finder, "report a problem", the spreadsheet.

The finder and the report form are served by ResourceFinderPage (its `get_context` and
routes call these with the request first, then the page), so the form exists wherever a
finder page does (/resources/, /es/recursos/, the centers page). Reports are rate-limited
per client address with Django's cache; the address itself is never stored, only a keyed
hash used as the cache key.
"""

import hashlib
import hmac

from django.conf import settings
from django.core.cache import cache
from django.http import Http404, HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.translation import get_language, ngettext
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.http import require_GET
from wagtail.models import Locale, Page

from .finder import DEFAULT_RADIUS, search
from .forms import ProblemReportForm, ResourceFinderForm
from .models.records import Service
from .spreadsheet import write_directory_csv
from .vocabulary import KINDS_OF_HELP

# At most this many reports per client address per window (seconds).
REPORT_RATE_LIMIT = getattr(settings, "DIRECTORY_REPORT_RATE_LIMIT", 5)
REPORT_RATE_WINDOW = getattr(settings, "DIRECTORY_REPORT_RATE_WINDOW", 3600)


def count_text(count):
    return ngettext("%(count)d resource", "%(count)d resources", count) % {"count": count}


def finder_context(request, page):
    """What the finder template shows for this request (form, errors, one page of results)."""
    data = None
    if request.GET:
        data = request.GET.copy()
        data.setdefault("radius", str(DEFAULT_RADIUS))  # so the menu shows the distance used
    form = ResourceFinderForm(data, preset_kind=page.preset_kind)
    if form.is_bound:
        filters = form.filters()
    else:
        filters = {"kind": [page.preset_kind]} if page.preset_kind else {}
    results = search(Locale.get_active(), filters, request.GET.get("page"))
    for service in results.page.object_list:
        service.report_url = page.report_url(service)
    preset_label = KINDS_OF_HELP.get(page.preset_kind, (page.preset_kind, ""))[0] if page.preset_kind else ""
    return {
        "form": form,
        "results": results,
        "services": results.page.object_list,
        "result_count_text": count_text(results.count),
        "preset_kind_label": preset_label,
        "is_filtered": form.is_bound and form.is_filtered,
    }


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
def report_problem(request, page, service_id):
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


def report_thanks(request, page):
    return render(page, request, "directory/report_thanks.html", {})


@require_GET
def directory_csv(request):
    """The directory as a CSV file for spreadsheet users (/directory/export.csv)."""
    # utf-8-sig: the byte-order mark makes spreadsheet programs read accents correctly.
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="cancer-help-directory.csv"'
    response.write("\ufeff")
    write_directory_csv(response)
    return response
