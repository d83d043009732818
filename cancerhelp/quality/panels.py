"""What content apps may use of quality: editor panels and the review-dates mixin.

The panels (link health of a resource, reading score of a page) are read-only: they add
no form fields, so they can sit anywhere in a model's `panels` / `content_panels` without
touching the form or the migrations. A page model that inherits `ReviewDatesMixin` gets
clinical review dates, and quality's reports and dashboard find it by that mixin: quality
observes content models, never imports them. Nothing else of quality is for content apps
(an import-linter contract in .importlinter holds it).
"""

import datetime

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, Panel

from .models import LinkTarget
from .readability import in_short_problem  # noqa: F401 - the In short check content pages call


class ReviewDatesMixin(models.Model):
    """Clinical review dates for a page: when it was last reviewed, when the next review is due."""

    last_reviewed = models.DateField(_("last reviewed on"), default=datetime.date.today)
    next_review_due = models.DateField(_("next review due"), null=True, blank=True)

    class Meta:
        abstract = True

    @classmethod
    def review_panel(cls):
        return MultiFieldPanel(
            [FieldPanel("last_reviewed"), FieldPanel("next_review_due")],
            heading=_("Clinical review"),
        )

    @property
    def review_overdue(self):
        return bool(self.next_review_due and self.next_review_due < timezone.localdate())


def reviewed_page_models():
    """Every page model with review dates (the reports' and the dashboard's pages)."""
    from wagtail.models import get_page_models

    return [model for model in get_page_models() if issubclass(model, ReviewDatesMixin)]


class LinkHealthPanel(Panel):
    """What the link checker last found for this object's address (`field`, default "url")."""

    def __init__(self, field="url", **kwargs):
        kwargs.setdefault("heading", _("Link health"))
        super().__init__(**kwargs)
        self.field = field

    def clone_kwargs(self):
        return {**super().clone_kwargs(), "field": self.field}

    class BoundPanel(Panel.BoundPanel):
        template_name = "quality/panels/link_health.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            url = (getattr(self.instance, self.panel.field, "") or "").strip()
            context["url"] = url
            context["target"] = LinkTarget.objects.filter(url=url).first() if url else None
            context["history"] = list(context["target"].checks.all()[:5]) if context["target"] else []
            return context


class ReadabilityPanel(Panel):
    """The page's reading score against the target, with the sentences to rewrite first."""

    def __init__(self, **kwargs):
        kwargs.setdefault("heading", _("Reading level"))
        super().__init__(**kwargs)

    class BoundPanel(Panel.BoundPanel):
        template_name = "quality/panels/readability.html"

        def get_context_data(self, parent_context=None):
            from .readability import score_page

            context = super().get_context_data(parent_context)
            context["readability"] = score_page(self.instance) if self.instance.pk else None
            return context
