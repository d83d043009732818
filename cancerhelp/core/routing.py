"""Wagtail's page serving, with the routing lookups memoized (core.queries, "Content memos").

Wagtail finds the site (one query), then walks the tree from the home page, one query per
level plus one for each page's specific type, then reads the view restrictions (two
queries). The route from a URL to a page changes only when content changes, so it is kept
per content generation, and so is the page itself: a memoized URL costs no query, and the
page's StreamField is read from JSON once per generation rather than on every view. Each
request gets its own shallow copy of the page (its attributes are its own; the parsed body
is shared, and only read). Anything unusual (a page gone since, a 404, a restricted
section) goes through Wagtail's own code.
"""

import copy

from django.apps import apps
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.http import Http404
from django.http.request import split_domain_port
from django.urls import path, re_path
from django.utils.translation import get_language
from wagtail import urls as wagtail_urls
from wagtail import views as wagtail_views
from wagtail.models import Page, PageViewRestriction, Site

from .queries import memoized, view_restrictions

MAX_ROUTES = 5000  # per process: a crawler's many URLs must not grow it without bound


def find_site(request):
    """Site.find_for_request, memoized by host and port (a copy: requests may annotate it)."""
    if not hasattr(request, "_wagtail_site"):
        hostname = split_domain_port(request._get_raw_host())[0]
        port = request.get_port()
        site = memoized(("site", hostname, port), lambda: Site._find_for_request(request))
        request._wagtail_site = copy.copy(site) if site is not None else None
    return request._wagtail_site


def _locate(request, site, path):
    """Route as Wagtail does; remember the page's type, id and how many components it took."""
    result = Page.route_for_request(request, path)
    if result is None:
        return None
    page = result.page
    return (page._meta.label, page.pk, page.depth - site.root_page.depth)


def memoized_route(request, path):
    """Wagtail's RouteResult for `path`, in one query when the route is known."""
    site = find_site(request)
    if site is None:
        return None
    components = [component for component in path.split("/") if component]
    routes = memoized("routes", dict)  # {key: found}, emptied with the other memos
    key = (site.pk, get_language(), tuple(components))
    found = routes.get(key)
    if found is None:
        found = _locate(request, site, path)
        if found is not None and len(routes) < MAX_ROUTES:  # not-found URLs are not kept
            routes[key] = found
        return None  # routed by Wagtail itself, the first time (or not found)
    label, pk, consumed = found
    pages = memoized("route-pages", dict)  # {(label, pk): live page}, emptied with the routes
    page = pages.get((label, pk))
    if page is None:
        page = apps.get_model(label).objects.filter(pk=pk).first()
        if page is None:
            return None
        if len(pages) < MAX_ROUTES:
            pages[(label, pk)] = page
    page = copy.copy(page)
    try:
        return page.route(request, components[consumed:])
    except Http404:
        return None


def serve(request, path):
    route = memoized_route(request, path)
    if route is not None:
        request._wagtail_route_for_request = route
    route = getattr(request, "_wagtail_route_for_request", None)
    if route is not None and not view_restrictions():
        # No restricted section anywhere: Wagtail's check would spend two queries finding none.
        route.page.get_view_restrictions = PageViewRestriction.objects.none
    return wagtail_views.serve(request, path)


# wagtail.urls, with this serve view under the same name.
urlpatterns = [
    path(
        "_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/",
        wagtail_views.authenticate_with_password,
        name="wagtailcore_authenticate_with_password",
    ),
    path(
        "_util/login/",
        auth_views.LoginView.as_view(
            template_name=getattr(settings, "WAGTAIL_FRONTEND_LOGIN_TEMPLATE", "wagtailcore/login.html")
        ),
        name="wagtailcore_login",
    ),
    re_path(wagtail_urls.serve_pattern, serve, name="wagtail_serve"),
]
