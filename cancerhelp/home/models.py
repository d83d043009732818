"""The home page: where a frightened reader starts."""

import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, HelpPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from cancerhelp.core.blocks import body_blocks
from cancerhelp.core.queries import public
from cancerhelp.directory.models import ResourceFinderPage
from cancerhelp.topics.models import TopicPage


class HomePage(Page):
    summary = models.CharField(_("summary"), max_length=255, help_text=_("Shown under the site name."))
    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("summary"), FieldPanel("intro")]
    subpage_types = ["topics.TopicPage", "directory.ResourceFinderPage", "home.InfoPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["topics"] = public(TopicPage.objects.child_of(self).live(), request).only(
            "title", "summary", "url_path"
        )
        context["finders"] = public(ResourceFinderPage.objects.child_of(self).live(), request).only(
            "title", "summary", "url_path"
        )
        return context


class InfoPage(Page):
    """A page about the site itself (about us, privacy, accessibility, contact), in the footer."""

    summary = models.CharField(
        _("summary"), max_length=255, help_text=_("One plain sentence: what this page says.")
    )
    body = StreamField(body_blocks(), verbose_name=_("body"), use_json_field=True)
    last_updated = models.DateField(_("last updated on"), default=datetime.date.today)
    editor_note = models.TextField(
        _("note for editors"),
        blank=True,
        help_text=_("Not shown to readers: facts still to confirm or add before launch."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("body"),
        FieldPanel("last_updated"),
        FieldPanel("editor_note"),
        HelpPanel(content=_("These pages are linked from the footer of every page, in this order.")),
    ]
    search_fields = Page.search_fields + [index.SearchField("summary"), index.SearchField("body")]
    parent_page_types = ["home.HomePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("information page (about us, privacy…)")
        verbose_name_plural = _("information pages")
