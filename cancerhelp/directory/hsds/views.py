"""A read-only HSDS 3.0 API, described by our own OpenAPI document (openapi.py).

Plain views returning JSON. Every list is a page in the OpenAPI `Page` shape; every
request takes a fixed number of queries whatever the page size. Bad parameters get a 400
with a JSON error that names the parameter; unknown ids and addresses a 404; other methods
a 405; a database outage a 503: always the same JSON error body.
"""

import datetime
import math
import re
import uuid

from django.db import DatabaseError
from django.db.models import Q
from django.http import HttpResponse, JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from wagtail.models import Locale

from cancerhelp.core.errors import RETRY_AFTER_SECONDS, close_broken_connections, is_database_outage

from ..models.records import Organization, Service, ServiceAtLocation, TaxonomyTerm, keyword_condition
from ..vocabulary import CANCER_TYPE_TAXONOMY, KIND_OF_HELP_TAXONOMY
from . import mapping
from . import openapi as description
from .openapi import ALLOWED_METHODS, DEFAULT_PER_PAGE, MAX_PAGE, MAX_PER_PAGE, MAX_SEARCH


class BadParameter(Exception):
    def __init__(self, parameter, message):
        self.parameter = parameter
        self.message = message


def error(status, message, parameter=None):
    body = {"error": message}
    if parameter:
        body["parameter"] = parameter
    return JsonResponse(body, status=status)


def outage():
    """The database is unreachable: the same JSON error, with when to try again."""
    close_broken_connections()
    response = error(503, "The directory is unavailable for a moment; please try again.")
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def answer(func, request, *args, **kwargs):
    try:
        return func(request, *args, **kwargs)
    except BadParameter as bad:
        return error(400, bad.message, bad.parameter)
    except DatabaseError as exc:
        if is_database_outage(exc):
            return outage()
        raise  # an integrity error is a bug: Django's 500 handler and logging take it


def api_view(func):
    """Read-only: GET/HEAD (OPTIONS for CORS preflight), anything else a JSON 405;
    BadParameter -> 400 JSON; database outage -> 503 JSON. Every answer may be read by any
    web page (Open Referral's compliance rules ask for `Access-Control-Allow-Origin: *`);
    only this API sends it."""

    def view(request, *args, **kwargs):
        if request.method == "OPTIONS":
            response = HttpResponse(status=204)
            response["Access-Control-Allow-Methods"] = ALLOWED_METHODS
            response["Access-Control-Allow-Headers"] = "Accept, Content-Type"
            response["Access-Control-Max-Age"] = "86400"
        elif request.method not in ("GET", "HEAD"):
            response = error(405, "Method not allowed: this API is read-only.")
        else:
            response = answer(func, request, *args, **kwargs)
        if response.status_code in (204, 405):
            response["Allow"] = ALLOWED_METHODS
        response["Access-Control-Allow-Origin"] = "*"
        return response

    view.csrf_exempt = True  # nothing here changes state; other methods get the JSON 405

    view.__name__ = func.__name__
    view.__doc__ = func.__doc__
    return view


def json_response(data):
    return JsonResponse(data, safe=False, json_dumps_params={"ensure_ascii": False})


# --- parameters ----------------------------------------------------------------------------


WHOLE_NUMBER = re.compile(r"-?[0-9]+")

# A parameter that is present must be valid: `?page=` is a 400 like `?page=x`, as the
# OpenAPI document says (only `search` may be empty).


def int_param(request, name, default, low, high):
    raw = request.GET.get(name)
    if raw is None:
        return default
    if not WHOLE_NUMBER.fullmatch(raw):  # int() would also take " 5", "5_0" and "٥"
        raise BadParameter(name, f"{name} must be a whole number")
    value = int(raw)
    if not low <= value <= high:
        raise BadParameter(name, f"{name} must be between {low} and {high}")
    return value


def uuid_param(value, name):
    """The canonical form only (uuid.UUID would also take braces, `urn:uuid:` and no hyphens)."""
    try:
        parsed = uuid.UUID(str(value))
    except ValueError:
        parsed = None
    if parsed is None or str(parsed) != str(value).lower():
        raise BadParameter(name, f"{name} must be a UUID")
    return parsed


def bool_param(request, name):
    raw = request.GET.get(name, "false").lower()
    if raw in ("false", "0", "no"):
        return False
    if raw in ("true", "1", "yes"):
        return True
    raise BadParameter(name, f"{name} must be true or false")


def search_param(request):
    value = request.GET.get("search", "").strip()
    if len(value) > MAX_SEARCH:
        raise BadParameter("search", f"search must be at most {MAX_SEARCH} characters")
    if "\x00" in value:
        raise BadParameter("search", "search must not contain NUL characters")
    return value


def modified_after_param(request):
    if "modified_after" not in request.GET:
        return None
    raw = request.GET["modified_after"].strip()
    try:
        value = parse_datetime(raw.replace(" ", "+"))
        if value is None:
            day = parse_date(raw)
            value = datetime.datetime.combine(day, datetime.time()) if day else None
    except ValueError:
        value = None
    if value is None:
        raise BadParameter("modified_after", "modified_after must be an ISO 8601 date or date-time")
    if timezone.is_naive(value):
        value = timezone.make_aware(value, datetime.UTC)
    return value


def paginate(request, queryset_or_list, serialize):
    """The OpenAPI Page shape around one page of `serialize`d items."""
    page = int_param(request, "page", 1, 1, MAX_PAGE)
    per_page = int_param(request, "per_page", DEFAULT_PER_PAGE, 1, MAX_PER_PAGE)
    if isinstance(queryset_or_list, list):
        total = len(queryset_or_list)
    else:
        total = queryset_or_list.count()
    start = (page - 1) * per_page
    items = list(queryset_or_list[start : start + per_page]) if start < total else []
    contents = [serialize(item) for item in items]
    total_pages = math.ceil(total / per_page) if total else 0
    return json_response(
        {
            "total_items": total,
            "total_pages": total_pages,
            "page_number": page,
            "size": len(contents),
            "first_page": page == 1,
            "last_page": page >= total_pages,
            "empty": not contents,
            "contents": contents,
        }
    )


# --- services ------------------------------------------------------------------------------------


def services(request):
    """Default-language services filtered by the OpenAPI's query parameters."""
    queryset = Service.objects.filter(locale=Locale.get_default())
    search = search_param(request)
    if search:
        queryset = queryset.filter(keyword_condition(search))
    modified_after = modified_after_param(request)
    if modified_after:
        queryset = queryset.filter(updated_at__gte=modified_after)
    if "organization_id" in request.GET:
        queryset = queryset.filter(
            organization__hsds_id=uuid_param(request.GET["organization_id"], "organization_id")
        )
    if "taxonomy_term_id" in request.GET:
        term_id = uuid_param(request.GET["taxonomy_term_id"], "taxonomy_term_id")
        flag = mapping.FLAG_TERMS_BY_ID.get(term_id)
        if flag:
            queryset = queryset.filter(**{flag.field: True})
        else:
            queryset = queryset.filter(Q(kinds__hsds_id=term_id) | Q(cancer_types__hsds_id=term_id))
    if "taxonomy_id" in request.GET:
        wanted = uuid_param(request.GET["taxonomy_id"], "taxonomy_id")
        codes = [code for code in mapping.TAXONOMIES if mapping.taxonomy_id(code) == wanted]
        flags = [flag for flag in mapping.FLAG_TERMS if codes and flag.taxonomy == codes[0]]
        if codes and codes[0] == KIND_OF_HELP_TAXONOMY:
            queryset = queryset.filter(kinds__isnull=False)
        elif codes and codes[0] == CANCER_TYPE_TAXONOMY:
            queryset = queryset.filter(cancer_types__isnull=False)
        elif flags:
            condition = Q()
            for flag in flags:
                condition |= Q(**{flag.field: True})
            queryset = queryset.filter(condition)
        else:
            queryset = queryset.none()
    if "taxonomy_term_id" in request.GET or "taxonomy_id" in request.GET:
        queryset = queryset.distinct()  # only the many-to-many filters can repeat a service
    return queryset.select_related("organization").order_by("title", "pk")


@api_view
def service_list(request):
    queryset = services(request)
    if bool_param(request, "full"):
        return paginate(
            request, queryset.prefetch_related(*mapping.service_prefetches()), mapping.service_full
        )
    return paginate(request, queryset, mapping.service_to_hsds)


def get_service(service_id):
    return (
        Service.objects.filter(locale=Locale.get_default(), hsds_id=uuid_param(service_id, "id"))
        .select_related("organization")
        .prefetch_related(*mapping.service_prefetches())
        .first()
    )


@api_view
def service_detail(request, service_id):
    service = get_service(service_id)
    if service is None:
        return error(404, "No service with this id.")
    return json_response(mapping.service_full(service))


# --- organizations --------------------------------------------------------------------------------


@api_view
def organization_list(request):
    queryset = Organization.objects.order_by("name", "pk")
    search = search_param(request)
    if search:
        queryset = queryset.filter(Q(name__icontains=search) | Q(description__icontains=search))
    if bool_param(request, "full"):
        from django.db.models import Prefetch

        services_qs = (
            Service.objects.filter(locale=Locale.get_default())
            .select_related("organization")
            .prefetch_related(*mapping.service_prefetches())
            .order_by("title", "pk")
        )
        queryset = queryset.prefetch_related(Prefetch("services", queryset=services_qs))
        return paginate(request, queryset, lambda org: mapping.organization_full(org, org.services.all()))
    return paginate(request, queryset, lambda org: mapping.scalars(mapping.organization_to_hsds(org)))


@api_view
def organization_detail(request, organization_id):
    from django.db.models import Prefetch

    services_qs = (
        Service.objects.filter(locale=Locale.get_default())
        .select_related("organization")
        .prefetch_related(*mapping.service_prefetches())
        .order_by("title", "pk")
    )
    organization = (
        Organization.objects.filter(hsds_id=uuid_param(organization_id, "id"))
        .prefetch_related(Prefetch("services", queryset=services_qs))
        .first()
    )
    if organization is None:
        return error(404, "No organization with this id.")
    return json_response(mapping.organization_full(organization, organization.services.all()))


# --- service at location ------------------------------------------------------------------------


@api_view
def service_at_location_list(request):
    service_ids = services(request).values("pk")
    queryset = (
        ServiceAtLocation.objects.filter(service__in=service_ids)
        .select_related("location", "service__organization")
        .order_by("service__title", "sort_order", "pk")
    )
    if bool_param(request, "full"):
        queryset = queryset.prefetch_related(*mapping.service_prefetches("service__"))
        return paginate(
            request,
            queryset,
            lambda sal: mapping.service_at_location_to_hsds(sal, full=True, service=sal.service),
        )
    return paginate(
        request,
        queryset,
        lambda sal: mapping.service_at_location_to_hsds(sal, full=False, service=sal.service),
    )


@api_view
def service_at_location_detail(request, sal_id):
    sal = (
        ServiceAtLocation.objects.filter(
            hsds_id=uuid_param(sal_id, "id"), service__locale=Locale.get_default()
        )
        .select_related("location", "service__organization")
        .prefetch_related(*mapping.service_prefetches("service__"))
        .first()
    )
    if sal is None:
        return error(404, "No service_at_location with this id.")
    return json_response(mapping.service_at_location_to_hsds(sal, full=True, service=sal.service))


# --- taxonomies ------------------------------------------------------------------------------------


def all_terms():
    return [
        mapping.term_to_hsds(term)
        for term in TaxonomyTerm.objects.order_by("taxonomy", "sort_order", "name", "pk")
    ] + [flag.as_hsds() for flag in mapping.FLAG_TERMS]


def all_taxonomies(terms):
    """Our vocabularies, then any taxonomy an imported term described (taxonomy_detail)."""
    found = {}
    for code in mapping.TAXONOMIES:
        obj = mapping.taxonomy_to_hsds(code)
        found[obj["id"]] = obj
    for term in terms:
        detail = term.get("taxonomy_detail")
        if isinstance(detail, dict) and detail.get("id") and detail["id"] not in found:
            found[detail["id"]] = detail
    return list(found.values())


def matches(obj, search, keys=("name", "description", "code")):
    return not search or any(search.lower() in str(obj.get(key, "")).lower() for key in keys)


@api_view
def taxonomy_term_list(request):
    search = search_param(request)
    terms = [term for term in all_terms() if matches(term, search)]
    if "taxonomy_id" in request.GET:
        wanted = str(uuid_param(request.GET["taxonomy_id"], "taxonomy_id"))
        terms = [
            term
            for term in terms
            if term.get("taxonomy_id") == wanted or (term.get("taxonomy_detail") or {}).get("id") == wanted
        ]
    if "parent_id" in request.GET:
        wanted = str(uuid_param(request.GET["parent_id"], "parent_id"))
        terms = [term for term in terms if term.get("parent_id") == wanted]
    return paginate(request, terms, lambda term: term)


@api_view
def taxonomy_term_detail(request, term_id):
    wanted = str(uuid_param(term_id, "id"))
    for term in all_terms():
        if term["id"] == wanted:
            return json_response(term)
    return error(404, "No taxonomy term with this id.")


@api_view
def taxonomy_list(request):
    search = search_param(request)
    taxonomies = [obj for obj in all_taxonomies(all_terms()) if matches(obj, search)]
    return paginate(request, taxonomies, lambda obj: obj)


@api_view
def taxonomy_detail(request, taxonomy_id):
    wanted = str(uuid_param(taxonomy_id, "id"))
    for obj in all_taxonomies(all_terms()):
        if obj["id"] == wanted:
            return json_response(obj)
    return error(404, "No taxonomy with this id.")


# --- about ---------------------------------------------------------------------------------------------


@api_view
def api_root(request):
    """The API meta object of the OpenAPI's `/` (getAPIMetaInformation)."""
    return json_response(
        {
            "version": mapping.HSDS_VERSION,
            "profile": "https://docs.openreferral.org/en/latest/hsds/",
            "openapi_url": request.build_absolute_uri(reverse("hsds:openapi")),
        }
    )


@api_view
def openapi(request):
    """Our OpenAPI document (openapi.py), with this site's address as the server."""
    api_url = request.build_absolute_uri(reverse("hsds:root")).rstrip("/")
    return json_response(description.document(api_url))


@api_view
def not_found(request, rest=""):
    """Any other address under /api/hsds/: the API's JSON 404, not the site's page."""
    return error(404, "No such address in this API; see /api/hsds/openapi.json.")
