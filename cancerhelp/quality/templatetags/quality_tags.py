"""Reader-facing link health: "Link checked on <date>" beside each resource.

The first use in a request loads the results for every address in the declared link fields
(settings.QUALITY_LINK_FIELDS) at once and keeps them on the request, so a page costs one
query however many resources it lists, and none while the content does not change (memoized).
"""

from django import template
from django.db.models import Q

from cancerhelp.core.queries import memoized
from cancerhelp.quality.models import LinkTarget, Outcome
from cancerhelp.quality.usages import link_fields

register = template.Library()

FIELDS = ("url", "outcome", "last_checked_at", "last_ok_at", "flagged_since")


def _load(urls=None):
    queryset = LinkTarget.objects.filter(last_checked_at__isnull=False)
    if urls is None:
        in_records = Q(pk__in=[])
        for link_field in link_fields():
            in_records |= Q(url__in=link_field.addresses())
        queryset = queryset.filter(in_records)
    else:
        queryset = queryset.filter(url__in=urls)
    return {row["url"]: row for row in queryset.values(*FIELDS)}


def link_results(context, url):
    request = context.get("request")
    if request is None:
        return _load([url])
    if not hasattr(request, "_quality_link_results"):
        request._quality_link_results = memoized("link-results", _load)
    return request._quality_link_results


@register.inclusion_tag("quality/link_checked.html", takes_context=True)
def link_checked(context, service_or_url):
    """When we last found the link working, or that it has been failing (never hidden)."""
    url = getattr(service_or_url, "url", service_or_url) or ""
    row = link_results(context, url).get(url) if url else None
    result = {"checked_on": None, "failing_since": None}
    if row is None:
        return result
    if row["outcome"] in (Outcome.OK, Outcome.REDIRECTED):
        result["checked_on"] = row["last_checked_at"]
    elif row["flagged_since"]:
        result["failing_since"] = row["last_checked_at"]
    elif row["last_ok_at"]:
        result["checked_on"] = row["last_ok_at"]
    return result
