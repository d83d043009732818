"""The home page: where a frightened reader starts."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page

from cancerhelp.directory.models import ResourceFinderPage
from cancerhelp.topics.models import TopicPage


class HomePage(Page):
    summary = models.CharField(_("summary"), max_length=255, help_text=_("Shown under the site name."))
    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("summary"), FieldPanel("intro")]
    subpage_types = ["topics.TopicPage", "directory.ResourceFinderPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["topics"] = (
            TopicPage.objects.child_of(self).live().public().specific().only("title", "summary", "url_path")
        )
        context["finders"] = (
            ResourceFinderPage.objects.child_of(self).live().public().only("title", "summary", "url_path")
        )
        return context
