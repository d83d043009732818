"""The directory's reader-facing views: the resource finder, "report a problem", the spreadsheet.

The finder and the report form are served by ResourceFinderPage (its `get_context` and
routes call these with the request first, then the page), so the form exists wherever a
finder page does (/resources/, /es/recursos/, the centers page). Reports are rate-limited
per client address, counted atomically in the database (core/ratelimit.py); the address
itself is never stored, only a keyed hash.
"""

from django.conf import settings
from django.http import Http404, HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils import formats
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.http import require_GET
from wagtail.models import Locale, Page

from cancerhelp.core.ratelimit import hit

from .finder import DEFAULT_RADIUS, search
from .forms import ProblemReportForm, ResourceFinderForm
from .models.records import Service
from .spreadsheet import write_directory_csv
from .vocabulary import KINDS_OF_HELP

# At most this many reports per client address per window (seconds).
REPORT_RATE_LIMIT = getattr(settings, "DIRECTORY_REPORT_RATE_LIMIT", 5)
REPORT_RATE_WINDOW = getattr(settings, "DIRECTORY_REPORT_RATE_WINDOW", 3600)


def count_text(count):
    """ "1,234 resources" (in Spanish "1.234 recursos"): grouped as the reader's language groups."""
    number = formats.number_format(count, force_grouping=True)
    return ngettext("%(count)s resource", "%(count)s resources", count) % {"count": number}


def place_text(place):
    """How the page names the reader's place: "ZIP code 77030 (Houston, TX)", "Houston, TX", "Texas"."""
    if place.kind == "zip":
        return _("ZIP code %(zip)s (%(city)s)") % {"zip": place.zip_code, "city": place.label}
    return place.state_name if place.kind == "state" else place.label


def results_heading(results):
    """The results heading: a count of resources, or of places near or in the reader's place."""
    place = getattr(results, "place", None)
    if place is None:
        return count_text(results.count)
    values = {"count": results.count, "miles": results.radius, "place": place_text(place)}
    if place.point is None:
        if not results.count:
            return _("No places listed in %(place)s yet") % values
        text = ngettext("%(count)d place in %(place)s", "%(count)d places in %(place)s", results.count)
        return text % values
    if not results.count:
        return _("No places within %(miles)d miles of %(place)s") % values
    return (
        ngettext(
            "%(count)d place within %(miles)d miles of %(place)s",
            "%(count)d places within %(miles)d miles of %(place)s",
            results.count,
        )
        % values
    )


def chosen(form, filters):
    """The reader's valid choices in words, for the summary the form folds into."""
    fields = form.fields
    items = []
    place = filters.get("place")
    if place is not None and place.point is not None:
        values = {"miles": filters.get("radius") or DEFAULT_RADIUS, "place": place_text(place)}
        items.append(_("within %(miles)d miles of %(place)s") % values)
    elif place is not None:
        items.append(_("in %(place)s") % {"place": place_text(place)})
    if filters.get("q"):
        items.append(_("words: “%(words)s”") % {"words": filters["q"]})
    for name in ("kind", "format"):
        if name in fields:
            labels = dict(fields[name].choices)
            items.extend(str(labels[code]) for code in filters.get(name) or [] if code in labels)
    for name in ("language", "cancer_type"):
        if filters.get(name):
            items.append(str(dict(fields[name].choices).get(filters[name], "")))
    if filters.get("free"):
        items.append(str(fields["free"].label))
    return [item for item in items if item]


def finder_context(request, page):
    """What the finder template shows for this request (form, errors, one page of results)."""
    data = None
    if request.GET:
        data = request.GET.copy()
        data.setdefault("radius", str(DEFAULT_RADIUS))  # so the menu shows the distance used
        if "zip" in data and "near" not in data:  # links made before city and state search
            data.setlist("near", data.getlist("zip"))
    form = ResourceFinderForm(data, preset_kind=page.preset_kind, preset_format=page.preset_format)
    if form.is_bound:
        filters = form.filters()
    else:
        filters = {"kind": [page.preset_kind] if page.preset_kind else []}
        filters["format"] = [page.preset_format] if page.preset_format else []
    results = search(Locale.get_active(), filters, request.GET.get("page"))
    shown = [*results.page.object_list, *getattr(results, "nearest", []), *getattr(results, "anywhere", [])]
    for service in shown:
        service.report_url = page.report_url(service)
    preset_label = KINDS_OF_HELP.get(page.preset_kind, (page.preset_kind, ""))[0] if page.preset_kind else ""
    if page.preset_format:
        preset_label = page.get_preset_format_display()
    is_filtered = form.is_bound and form.is_filtered
    return {
        "form": form,
        "results": results,
        "services": results.page.object_list,
        "result_count_text": results_heading(results),
        "preset_kind_label": preset_label,
        "is_filtered": is_filtered,
        # After a search, the form folds into a summary so the answer is on the first screen.
        "fold_form": is_filtered and not form.errors,
        "chosen": chosen(form, filters) if is_filtered else [],
        "remote_formats": ["online", "phone"],
    }


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
        form = ProblemReportForm(request.POST)
        if form.is_valid():
            # Count first, atomically: parallel reports cannot slip past the limit.
            verdict = hit("directory-report", request, REPORT_RATE_LIMIT, REPORT_RATE_WINDOW)
            if not verdict.allowed:
                response = render(page, request, "directory/report_limited.html", {"service": service}, 429)
                response["Retry-After"] = str(verdict.retry_after)
                return response
            report = form.save(commit=False)
            report.service = service
            report.language = (get_language() or "")[:10]
            report.save()
            # The report waits in the editors' queue (Directory > Problem reports, dashboard);
            # what the public sees changes only when an editor confirms it.
            return HttpResponseRedirect(page.subpage_url("report_thanks"), status=303)
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
