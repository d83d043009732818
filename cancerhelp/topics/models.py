"""Topic pages: plain-language articles such as "What is metastatic cancer?"."""

from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from cancerhelp.core.blocks import body_blocks
from cancerhelp.directory.blocks import ResourceListBlock
from cancerhelp.quality.panels import ReadabilityPanel, ReviewDatesMixin

from .blocks import SourceBlock, SpreadDiagramBlock, VideoBlock

QUESTIONS_FORM_ID = "my-questions"
IN_SHORT_MAX_POINTS = 3


class TopicPage(RoutablePageMixin, ReviewDatesMixin, Page):
    summary = models.CharField(
        _("summary"),
        max_length=255,
        help_text=_("One plain sentence: what the reader will learn. Shown in lists and search results."),
    )
    in_short = StreamField(
        [("point", blocks.CharBlock(label=_("Point"), max_length=160))],
        verbose_name=_("in short"),
        blank=True,
        max_num=IN_SHORT_MAX_POINTS,
        use_json_field=True,
        help_text=_(
            "Up to three short points shown in a box at the top of the page, in the plainest "
            "words (grade 6 or below: checked when you save)."
        ),
    )
    body = StreamField(
        body_blocks()
        + [
            ("resource_list", ResourceListBlock()),
            ("spread_diagram", SpreadDiagramBlock()),
            ("video", VideoBlock()),
        ],
        verbose_name=_("body"),
        use_json_field=True,
    )
    mark_glossary_terms = models.BooleanField(
        _("explain glossary words"),
        default=True,
        help_text=_("Mark the first use of each glossary word on this page, with its meaning."),
    )
    reviewer_role = models.CharField(
        _("reviewed by (role)"),
        max_length=80,
        blank=True,
        help_text=_(
            "The reviewer's role, never a name, e.g. “clinical reviewer” or “oncology nurse”. "
            "The page then says “Reviewed by our clinical reviewer on …”. Leave it empty "
            "until someone in that role has reviewed the page."
        ),
    )
    sources = StreamField(
        [("source", SourceBlock())],
        verbose_name=_("sources"),
        blank=True,
        use_json_field=True,
        help_text=_("The pages this page's facts come from, listed at its end."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("in_short"),
        FieldPanel("body"),
        FieldPanel("sources"),
        FieldPanel("mark_glossary_terms"),
        ReviewDatesMixin.review_panel(),
        FieldPanel("reviewer_role"),
        ReadabilityPanel(),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary", boost=2),
        index.SearchField("in_short"),
        index.SearchField("body"),
    ]
    parent_page_types = ["home.HomePage", "topics.TopicPage"]
    subpage_types = ["topics.TopicPage"]

    class Meta:
        verbose_name = _("topic page")
        verbose_name_plural = _("topic pages")

    def clean(self):
        super().clean()
        from cancerhelp.quality.panels import in_short_problem

        points = [child.value for child in self.in_short]
        problem = in_short_problem(points, self.locale.language_code if self.locale_id else "en")
        if problem:
            raise ValidationError({"in_short": problem})

    @path("print/", name="handout")
    def handout(self, request):
        """The page to print or save: addresses written out, QR codes, help lines."""
        from .handout import handout_context

        return TemplateResponse(request, "topics/handout.html", handout_context(self, request))

    @path("pdf/", name="handout_pdf")
    def handout_pdf(self, request):
        """The same as a PDF file, cached until the page changes."""
        from .handout import handout_pdf

        response = HttpResponse(handout_pdf(self, request), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{self.slug}.pdf"'
        return response

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # "Add to my questions" boxes in the body belong to the form at the end of the page.
        context["questions_form_id"] = QUESTIONS_FORM_ID
        return context
