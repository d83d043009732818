"""Admin wiring for the quality app: reports, dashboard panel, accessibility checker."""

from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .accessibility import use_our_checker
from .views import LinkHealthReportView, QualityPanel, ReadabilityReportView, ReviewsDueReportView

REPORTS = [
    ("link-health", "quality_link_health", LinkHealthReportView),
    ("readability", "quality_readability", ReadabilityReportView),
    ("reviews-due", "quality_reviews_due", ReviewsDueReportView),
]


@hooks.register("register_admin_urls")
def quality_report_urls():
    urls = []
    for slug, name, view in REPORTS:
        urls += [
            path(f"reports/{slug}/", view.as_view(), name=name),
            path(f"reports/{slug}/results/", view.as_view(results_only=True), name=f"{name}_results"),
        ]
    return urls


@hooks.register("register_reports_menu_item")
def link_health_menu_item():
    return MenuItem(
        _("Link health"), reverse("quality_link_health"), name="link-health", icon_name="link", order=1300
    )


@hooks.register("register_reports_menu_item")
def readability_menu_item():
    return MenuItem(
        _("Readability"), reverse("quality_readability"), name="readability", icon_name="glasses", order=1310
    )


@hooks.register("register_reports_menu_item")
def reviews_due_menu_item():
    return MenuItem(
        _("Reviews due"), reverse("quality_reviews_due"), name="reviews-due", icon_name="time", order=1320
    )


@hooks.register("construct_homepage_panels")
def add_quality_panel(request, panels):
    panels.append(QualityPanel())


hooks.register("construct_wagtail_userbar", use_our_checker)


@hooks.register("insert_editor_js")
def checks_status_js():
    """The Checks panel says whether the checks ran, never a silent "0 issues"."""
    return format_html('<script src="{}"></script>', static("quality/js/checks-status.js"))
