"""Wagtail admin strings that Wagtail's Spanish catalogue leaves in English.

Listed here so `make makemessages` keeps them in our django.po, which Django reads before
Wagtail's own catalogue: a Spanish-speaking editor then sees "1 elemento", not "1 item".
"""

from django.utils.translation import gettext_noop

WAGTAIL_UNTRANSLATED = [
    gettext_noop("item"),  # listing footers: "1 item" (wagtail.admin.paginator)
    gettext_noop("items"),
]
