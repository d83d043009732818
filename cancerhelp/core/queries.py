"""Fewer queries per page: the lookups every page repeats, done once.

- Locales: Wagtail looks up the active locale several times per page (routing, each
  translatable query). The rows never change without a deploy, so each process keeps them,
  forgetting them whenever a Locale is saved or deleted.
- Page view restrictions: `PageQuerySet.public()` reads them on every call; `public()`
  here reads them once per content change (see below).
- Content memos: what every page shows but rarely changes (the site, the route to a page,
  help lines, footer links, glossary terms, a page's translations...) is computed once per
  process and content generation. The generation is the page cache's (core.cache): any
  change to what a page shows starts a new one (core.cache.content_changed), in every
  process at once since it lives in the shared cache. Reading it costs a cache hit, never
  a query; if the cache is down every call computes afresh (correct, only slower).
"""

import threading
from contextvars import ContextVar

from django.db.models.signals import post_delete, post_save

_locales = {}

# (generation, {key: value}); replaced as a whole so that threads never see half of one.
_memos = [(None, {})]
_memos_lock = threading.Lock()
MAX_MEMOS = 1000  # a handful of keys per language; a bound all the same
# The generation read once at the start of a request (core.cache.CacheMiddleware).
request_generation = ContextVar("cancerhelp_request_generation", default=None)


def content_generation():
    generation = request_generation.get()
    if generation is None:
        from .cache import current_generation, page_cache

        generation = current_generation(page_cache())
    return generation


def memoized(key, compute):
    """compute(), kept for this process until the content generation changes."""
    generation = content_generation()
    current, values = _memos[0]
    if current != generation:
        with _memos_lock:
            if _memos[0][0] != generation:
                _memos[0] = (generation, {})
            current, values = _memos[0]
    try:
        return values[key]
    except KeyError:
        pass
    value = compute()
    if current == generation and len(values) < MAX_MEMOS:
        values[key] = value
    return value


def forget_memos(**kwargs):
    """Content changed in this process: recompute now, even before the generation moves."""
    _memos[0] = (None, {})


def remember_locales():
    """Wrap Locale.objects.get_for_language with a per-process memo (see module doc)."""
    from wagtail.models import Locale

    manager = Locale.objects
    if getattr(manager, "_cancerhelp_memo", False):
        return
    lookup = manager.get_for_language

    def get_for_language(language_code):
        locale = _locales.get(language_code)
        if locale is None:
            locale = _locales[language_code] = lookup(language_code)
        return locale

    manager.get_for_language = get_for_language
    manager._cancerhelp_memo = True
    post_save.connect(forget_locales, sender=Locale, dispatch_uid="cancerhelp-forget-locales")
    post_delete.connect(forget_locales, sender=Locale, dispatch_uid="cancerhelp-forget-locales-del")


def forget_locales(**kwargs):
    _locales.clear()


def view_restrictions():
    """Every page view restriction, with its page (a handful of rows at most)."""
    from wagtail.models import PageViewRestriction

    return memoized(
        "view-restrictions", lambda: tuple(PageViewRestriction.objects.select_related("page").order_by("pk"))
    )


def private_q():
    """Page.objects.private_q(), from the memoized restrictions."""
    from django.db.models import Q
    from wagtail.models import Page

    def compute():
        pages = Page.objects.all()
        q = Q()
        for restriction in view_restrictions():
            q |= pages.descendant_of_q(restriction.page, inclusive=True)
        return q if q else Q(pk__in=[])

    return memoized("private-q", compute)


def public(queryset, request=None):
    """queryset.public(), without reading the view restrictions each time."""
    return queryset.exclude(private_q())


def locale_code(locale_id):
    """The language code of a Locale id, without a query."""
    from wagtail.models import Locale

    codes = memoized("locale-codes", lambda: dict(Locale.objects.values_list("pk", "language_code")))
    return codes.get(locale_id) or Locale.objects.get(pk=locale_id).language_code
