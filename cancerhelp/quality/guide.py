"""The editors' guide (docs/editors.md, docs/editors.es.md) served inside the admin.

The admin's Help menu links here instead of Wagtail's generic guide on another site. The
guide is shown in the editor's admin language (English or Spanish); `?lang=` picks the
other one.
"""

from functools import lru_cache

import markdown
from django.conf import settings
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

GUIDES = {"en": "editors.md", "es": "editors.es.md"}


@lru_cache(maxsize=len(GUIDES))
def guide_html(language):
    """The guide in `language` as HTML (our own Markdown files, so trusted)."""
    text = (settings.BASE_DIR / "docs" / GUIDES[language]).read_text(encoding="utf-8")
    return mark_safe(  # noqa: S308 - our own docs/ files, not user input
        markdown.markdown(text, extensions=["tables", "sane_lists"], output_format="html")
    )


class EditorsGuideView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "quality/editors_guide.html"
    page_title = _("Editors' guide")
    header_icon = "help"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        requested = self.request.GET.get("lang", "")
        language = requested if requested in GUIDES else (get_language() or "en")[:2]
        language = language if language in GUIDES else "en"
        context["guide_language"] = language
        context["guide_html"] = guide_html(language)
        context["other_languages"] = [code for code in GUIDES if code != language]
        return context
