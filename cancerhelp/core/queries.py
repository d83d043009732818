"""Fewer queries per page: the lookups every page repeats, done once.

- Locales: Wagtail looks up the active locale several times per page (routing, each
  translatable query). The rows never change without a deploy, so each process keeps them,
  forgetting them whenever a Locale is saved or deleted.
- Page view restrictions: `PageQuerySet.public()` reads them on every call; `public()`
  here reads them once per request.
"""

from django.db.models.signals import post_delete, post_save

_locales = {}


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


def public(queryset, request=None):
    """queryset.public(), reading the view restrictions once per request."""
    if request is None:
        return queryset.public()
    private = getattr(request, "_cancerhelp_private_q", None)
    if private is None:
        from wagtail.models import Page

        private = request._cancerhelp_private_q = Page.objects.all().private_q()
    return queryset.exclude(private)
