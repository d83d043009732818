"""Admin wiring for the quality app: reports, dashboard panel, accessibility checker."""

from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem, help_menu

from .accessibility import use_our_checker
from .guide import EditorsGuideView
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
    urls.append(path("guide/", EditorsGuideView.as_view(), name="quality_editors_guide"))
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
    # Wagtail's "What's new" panel links to its website's guide; ours is under Help.
    panels[:] = [panel for panel in panels if getattr(panel, "name", "") != "whats_new_in_wagtail_version"]
    panels.append(QualityPanel())


hooks.register("construct_wagtail_userbar", use_our_checker)


@hooks.register("insert_editor_js")
def checks_status_js():
    """The Checks panel says whether the checks ran, never a silent "0 issues"."""
    return format_html('<script src="{}"></script>', static("quality/js/checks-status.js"))


# Wagtail's own Help items that point to its website: our guide replaces them.
WAGTAIL_HELP_ITEMS = ("editor-guide", "whats-new-in-wagtail-")


class CareTeamHelpMenu(Menu):
    """Our editors' guide first, then Wagtail's items that stay on this site (shortcuts)."""

    def menu_items_for_request(self, request):
        guide = MenuItem(
            _("Editors' guide"), reverse("quality_editors_guide"), name="editors-guide", icon_name="help"
        )
        kept = [
            item
            for item in help_menu.menu_items_for_request(request)
            if not item.name.startswith(WAGTAIL_HELP_ITEMS)
        ]
        return [guide, *kept]


@hooks.register("construct_main_menu")
def use_our_help_menu(request, menu_items):
    for index, item in enumerate(menu_items):
        if item.name == "help":
            menu_items[index] = SubmenuMenuItem(
                _("Help"), CareTeamHelpMenu(), name="help", icon_name="help", order=item.order
            )
