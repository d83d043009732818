"""Words explained: glossary terms, translatable snippets shown on the glossary page and
marked where a topic page first uses them."""

import re

from django.db import models
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField


class GlossaryTerm(TranslatableMixin, index.Indexed, models.Model):
    term = models.CharField(_("term"), max_length=80)
    definition = models.TextField(
        _("plain definition"),
        max_length=400,
        help_text=_("One or two short sentences in everyday words (grade 6 or below)."),
    )
    also_called = models.CharField(_("also called"), max_length=160, blank=True)
    match_words = models.CharField(
        _("words to mark on pages"),
        max_length=255,
        blank=True,
        help_text=_("Other forms of the term found in pages, separated by commas, e.g. “side effects”."),
    )
    anchor = models.SlugField(
        _("anchor"),
        max_length=80,
        blank=True,
        help_text=_("The term's address on the glossary page (filled in from the term)."),
    )

    panels = [
        FieldPanel("term"),
        FieldPanel("definition"),
        FieldPanel("also_called"),
        FieldPanel("match_words"),
        FieldPanel("anchor"),
    ]
    search_fields = [
        index.SearchField("term"),
        index.AutocompleteField("term"),
        index.SearchField("definition"),
    ]
    override_translatable_fields = [SynchronizedField("anchor")]

    class Meta(TranslatableMixin.Meta):
        ordering = ["term"]
        verbose_name = _("glossary term")
        verbose_name_plural = _("glossary terms")

    def __str__(self):
        return self.term

    def save(self, *args, **kwargs):
        if not self.anchor:
            self.anchor = slugify(self.term)[:80]
        super().save(*args, **kwargs)

    def words(self):
        """Every form to look for in a page: the term and its listed forms, longest first."""
        forms = [self.term, *(word.strip() for word in self.match_words.split(","))]
        return sorted({form for form in forms if form}, key=len, reverse=True)


def terms_pattern(terms):
    """One regex matching any term's forms as whole words, and a map from form to term."""
    lookup = {}
    for term in terms:
        for word in term.words():
            lookup.setdefault(word.lower(), term)
    if not lookup:
        return None, lookup
    alternatives = "|".join(re.escape(word) for word in sorted(lookup, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])({alternatives})(?![\w-])", re.IGNORECASE), lookup
