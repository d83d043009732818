"""The footer's links to the pages about the site (about us, privacy, accessibility, contact)."""

from django import template
from django.utils.translation import get_language
from wagtail.models import Locale

from cancerhelp.core.queries import memoized, public

from ..models import InfoPage

register = template.Library()


@register.simple_tag(takes_context=True)
def footer_pages(context):
    """Live information pages in the reader's language, in the order of the page tree."""
    request = context.get("request")
    cached = getattr(request, "_footer_pages", None) if request is not None else None
    if cached is not None:
        return cached
    pages = memoized(
        ("footer-pages", get_language()),
        lambda: list(
            public(InfoPage.objects.live().filter(locale=Locale.get_active()))
            .order_by("path")
            .only("title", "url_path")
        ),
    )
    if request is not None:
        request._footer_pages = pages
    return pages
