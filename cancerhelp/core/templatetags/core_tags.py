"""Template helpers shared by every page: inline CSS, help lines, language switch."""

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from wagtail.models import Locale, Page

from ..csp import site_css
from ..models import HelpLine
from ..queries import content_generation, memoized, public

register = template.Library()


@register.simple_tag
def inline_css():
    """The stylesheet inlined; its hash is allowed by the CSP (core.csp)."""
    return mark_safe(site_css())  # noqa: S308 (our own stylesheet, not user input)


@register.inclusion_tag("components/help_lines.html", takes_context=True)
def help_lines(context, heading=None, heading_level=2):
    """The help lines in the reader's language (falling back to English ones)."""
    language = get_language()

    def compute():
        lines = list(HelpLine.objects.filter(locale=Locale.get_active()))
        return lines or list(HelpLine.objects.filter(locale=Locale.get_default()))

    lines = memoized(("help-lines", language), compute)
    return {"help_lines": lines, "heading": heading, "heading_level": heading_level}


def live_translations(page):
    """{language code: the page's live, public twin in it}, the page itself included."""
    twins_qs = public(page.get_translations(inclusive=True).live()).select_related("locale")
    return {twin.locale.language_code: twin for twin in twins_qs}


@register.simple_tag(name="content_generation")
def content_generation_tag():
    """The content generation (core.queries): a fragment cached with it as a `vary_on` is
    recomputed after any change to what pages show, like the page cache."""
    return content_generation()


@register.simple_tag(takes_context=True)
def page_translations(context):
    """One dict per site language: code, name, url, full_url, exists, current.

    A page without a live twin in a language links to that language's home page with
    ?notranslation=1, which makes the home page say so. Cached on the request: the header
    and the <head> both ask.
    """
    request = context.get("request")
    cache = getattr(request, "_page_translations", None) if request else None
    if cache is not None:
        return cache
    page = context.get("page")
    current = get_language()
    twins = {}
    if isinstance(page, Page) and page.pk:
        twins = memoized(("translations", page.pk), lambda: live_translations(page))
    result = []
    view_url = None
    if not isinstance(page, Page) and request is not None:
        match = getattr(request, "resolver_match", None)
        if match is not None and match.url_name != "wagtail_serve":
            view_url = request.get_full_path()  # a Django view (search): same view, same query
    for code, name in settings.LANGUAGES:
        twin = twins.get(code)
        translated_view_url = translate_url(view_url, code) if view_url and code != current else view_url
        exists = twin is not None
        if twin is not None:
            url = twin.get_url(request=request)
        elif view_url is not None and (code == current or translated_view_url != view_url):
            url, exists = translated_view_url, True
        else:
            url = "/" if code == settings.LANGUAGE_CODE else f"/{code}/"
            if code != current and isinstance(page, Page):
                url += "?notranslation=1"
        full_url = request.build_absolute_uri(url) if request else url
        result.append(
            {
                "code": code,
                "name": name,
                "url": url,
                "full_url": full_url,
                "exists": exists,
                "current": code == current,
            }
        )
    if request is not None:
        request._page_translations = result
    return result
