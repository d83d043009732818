"""Site-wide content: the help lines shown beside pages."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField


def tel_href(number):
    """The tel: address of a phone number, digits only, so phones dial it correctly."""
    return "tel:" + "".join(ch for ch in number if ch.isdigit() or ch == "+")


class HelpLine(TranslatableMixin, index.Indexed, models.Model):
    """A national phone line a frightened reader can call today."""

    name = models.CharField(_("name"), max_length=120)
    phone = models.CharField(
        _("phone number"),
        max_length=40,
        help_text=_("As it should be dialled, e.g. 1-800-422-6237 or 988."),
    )
    phone_words = models.CharField(
        _("phone number in words"),
        max_length=40,
        blank=True,
        help_text=_("Optional memorable form, e.g. 1-800-4-CANCER."),
    )
    description = models.CharField(_("description"), max_length=255, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    panels = [
        FieldPanel("name"),
        FieldPanel("phone"),
        FieldPanel("phone_words"),
        FieldPanel("description"),
        FieldPanel("sort_order"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]
    # A changed number must reach every language at once, not wait for a translator.
    override_translatable_fields = [
        SynchronizedField("phone"),
        SynchronizedField("phone_words"),
        SynchronizedField("sort_order"),
    ]

    class Meta(TranslatableMixin.Meta):
        ordering = ["sort_order", "name"]
        verbose_name = _("help line")
        verbose_name_plural = _("help lines")

    def __str__(self):
        return self.name

    @property
    def tel_href(self):
        return tel_href(self.phone)


class RateLimitCounter(models.Model):
    """How many times a (hashed) client did something in one time window (core/ratelimit.py).

    Counted in the database, not the cache, because the database increments atomically
    across every server process; the file cache cannot."""

    key = models.CharField(max_length=128, unique=True)
    count = models.PositiveIntegerField(default=0)
    expires_at = models.DateTimeField(db_index=True)

    def __str__(self):
        return f"{self.key}: {self.count}"
