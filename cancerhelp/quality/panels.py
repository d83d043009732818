"""Read-only panels for the edit views: link health of a resource, reading score of a page.

They add no form fields, so they can sit anywhere in a model's `panels` /
`content_panels` without touching the form or the migrations.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import Panel

from .models import LinkTarget


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
