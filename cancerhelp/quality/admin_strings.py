"""Wagtail (and wagtail-localize) admin strings their Spanish catalogues leave in English.

Listed here so `make makemessages` keeps them in our django.po, which Django reads before
Wagtail's own catalogue: a Spanish-speaking editor then sees "1 elemento", not "1 item".
"""

from django.utils.translation import gettext_noop, ngettext

WAGTAIL_UNTRANSLATED = [
    gettext_noop("item"),  # listing footers: "1 item" (wagtail.admin.paginator)
    gettext_noop("items"),
    # the page editor's status side panel (also in the translation editor)
    gettext_noop("Locking: "),
    gettext_noop("First published"),
    # wagtail-localize's "Sync translated pages" form (its Spanish catalogue lacks it)
    gettext_noop(
        "Apply the updates and publish immediately. The changes will use the original language "
        "until translated."
    ),
]


def _plural_strings():
    """Never called: lists Wagtail's plural strings for makemessages (no ngettext_noop)."""
    return ngettext("Referenced %(count)s time", "Referenced %(count)s times", 1)
