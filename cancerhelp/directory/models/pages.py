"""The resource finder page: the reader's way into the directory.

Its views (search, the "report a problem" form) live in directory/views.py; the page
only routes to them, imported when a request arrives, so models never import views.
"""

from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Page
from wagtail.search import index

from cancerhelp.core.queries import locale_code


class ResourceFinderPage(RoutablePageMixin, Page):
    """The resource finder: filters, keyword and place search over the directory.

    A preset kind of help or way of getting help makes a focused page: the centers page is
    preset to in-person places (that choice is fixed, the other filters stay usable). Each
    result links to a "report a problem" form served by this page (`report/<service id>/`,
    in Spanish `reportar/<service id>/`), so the form exists in every language the page does.
    """

    summary = models.CharField(_("summary"), max_length=255)
    intro = models.TextField(_("introduction"), blank=True)
    preset_kind = models.SlugField(
        _("preset kind of help"),
        blank=True,
        help_text=_(
            "Code of a kind of help (e.g. local-centers) this page always shows. Empty: all resources."
        ),
    )
    preset_format = models.CharField(
        _("preset way of getting help"),
        max_length=20,
        blank=True,
        choices=[("online", _("Online")), ("phone", _("By phone")), ("in-person", _("In person"))],
        help_text=_("Show only resources used this way (the centers page: in person). Empty: every way."),
    )
    empty_message = models.TextField(
        _("message when nothing is listed"),
        blank=True,
        help_text=_("Shown, with the national help lines, when no resource matches."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("intro"),
        FieldPanel("preset_kind"),
        FieldPanel("preset_format"),
        FieldPanel("empty_message"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("intro"),
    ]
    parent_page_types = ["home.HomePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("resource finder page")
        verbose_name_plural = _("resource finder pages")

    def get_context(self, request, *args, **kwargs):
        from ..views import finder_context

        context = super().get_context(request, *args, **kwargs)
        context.update(finder_context(request, self))
        return context

    def subpage_url(self, name, *args):
        """The address of one of this page's routes, in the page's own language."""
        with translation.override(locale_code(self.locale_id)):
            return self.url + self.reverse_subpage(name, args=args).lstrip("/")

    def report_url(self, service):
        return self.subpage_url("report_problem", service.hsds_id)

    # The form's address is in the page's language (/es/recursos/reportar/…/); the English
    # address keeps working in every language for links made before.
    @path(_("report/<uuid:service_id>/"), name="report_problem")
    @path("report/<uuid:service_id>/", name="report_problem_english")
    def report_problem(self, request, service_id):
        from ..views import report_problem

        return report_problem(request, self, service_id)

    @path(_("report/thanks/"), name="report_thanks")
    @path("report/thanks/", name="report_thanks_english")
    def report_thanks(self, request):
        from ..views import report_thanks

        return report_thanks(request, self)
