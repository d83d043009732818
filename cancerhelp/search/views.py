"""Site search across pages in the reader's language.

The query is reduced to its words (letters and digits, accents kept) before it reaches
the search backend, so punctuation, query syntax, control characters and huge inputs
can never make an error page. Spanish searches use the "es" backend (Spanish stemming
on PostgreSQL, see backend.py).
"""

import re

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpResponsePermanentRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import get_language
from wagtail.models import Locale, Page

MAX_QUERY_LENGTH = 200
MAX_WORDS = 12
RESULTS_PER_PAGE = 10
WORD = re.compile(r"[^\W_]+")


def clean_query(raw):
    """The words of a query, at most MAX_WORDS of them and MAX_QUERY_LENGTH characters."""
    words = WORD.findall(raw[: MAX_QUERY_LENGTH * 5])
    return " ".join(words[:MAX_WORDS])[:MAX_QUERY_LENGTH].strip()


def backend_for(language):
    return language if language in settings.WAGTAILSEARCH_BACKENDS else "default"


def search(request):
    query = clean_query(request.GET.get("q", ""))
    results = Page.objects.none()
    if query:
        results = (
            Page.objects.live()
            .public()
            .filter(locale=Locale.get_active())
            .specific()
            .search(query, backend=backend_for(get_language()))
        )
    paginator = Paginator(results, RESULTS_PER_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    return TemplateResponse(
        request,
        "search/search.html",
        {"query": query, "results": page, "paginator": paginator, "searched": bool(query)},
    )


def search_redirect(request):
    """/es/search/ (the address before the path was translated) -> /es/buscar/."""
    url = reverse("search")
    if request.META.get("QUERY_STRING"):
        url += "?" + request.META["QUERY_STRING"]
    return HttpResponsePermanentRedirect(url)
