"""Topic pages: plain-language articles such as "What is metastatic cancer?"."""

import datetime

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from cancerhelp.core.blocks import body_blocks
from cancerhelp.directory.blocks import ResourceListBlock
from cancerhelp.quality.panels import ReadabilityPanel


class TopicPage(Page):
    summary = models.CharField(
        _("summary"),
        max_length=255,
        help_text=_("One plain sentence: what the reader will learn. Shown in lists and search results."),
    )
    body = StreamField(
        body_blocks() + [("resource_list", ResourceListBlock())],
        verbose_name=_("body"),
        use_json_field=True,
    )
    last_reviewed = models.DateField(_("last reviewed on"), default=datetime.date.today)
    next_review_due = models.DateField(_("next review due"), null=True, blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("last_reviewed"), FieldPanel("next_review_due")],
            heading=_("Clinical review"),
        ),
        ReadabilityPanel(),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary", boost=2),
        index.SearchField("body"),
    ]
    parent_page_types = ["home.HomePage", "topics.TopicPage"]
    subpage_types = ["topics.TopicPage"]

    class Meta:
        verbose_name = _("topic page")
        verbose_name_plural = _("topic pages")

    @property
    def review_overdue(self):
        return bool(self.next_review_due and self.next_review_due < timezone.localdate())
