"""Topic pages: plain-language articles such as "What is metastatic cancer?"."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from cancerhelp.core.blocks import body_blocks
from cancerhelp.directory.blocks import ResourceListBlock
from cancerhelp.quality.panels import ReadabilityPanel, ReviewDatesMixin


class TopicPage(ReviewDatesMixin, Page):
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

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("body"),
        ReviewDatesMixin.review_panel(),
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
