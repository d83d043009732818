"""Admin wiring for the quality app: reports, dashboard panel, accessibility checker."""

from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem, help_menu
from wagtail.admin.widgets import Button
from wagtail.models import Locale, Page

from . import translation_editor, translation_review
from .accessibility import use_our_checker
from .guide import EditorsGuideView
from .translation_status import out_of_date_locales
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


# Translations through review (translation_review.py).
@hooks.register("register_admin_urls")
def translation_review_urls():
    return [
        path(
            "translations/<int:page_id>/submit/",
            translation_review.submit_view,
            name="quality_submit_translation",
        )
    ]


# Registered before wagtail-localize's own hook (this app comes first in INSTALLED_APPS).
hooks.register("before_edit_page", translation_review.intercept_translation_publish)
hooks.register("before_edit_page", translation_editor.edit_translated_page)
hooks.register("construct_page_action_menu", translation_editor.keep_convert_to_alias_secondary)


def submit_translation_button(page, user, priority):
    if page.locale.language_code == Locale.get_default().language_code:
        return None
    if translation_review.page_translation(page) is None or not translation_review.can_submit(page, user):
        return None
    return Button(
        _("Submit translation to review"),
        reverse("quality_submit_translation", args=[page.pk]),
        icon_name="resubmit",
        priority=priority,
    )


@hooks.register("register_page_listing_more_buttons")
def submit_translation_listing_button(page, user, next_url=None):
    button = submit_translation_button(page, user, priority=3)
    if button:
        yield button


@hooks.register("register_page_header_buttons")
def submit_translation_header_button(page, user, view_name, next_url=None):
    button = submit_translation_button(page, user, priority=12)
    if button:
        yield button


def out_of_date_label(locale):
    if locale.language_code == "es":
        return _("Spanish out of date")
    return _("%(language)s out of date") % {"language": locale.get_display_name()}


@hooks.register("register_page_listing_buttons")
def out_of_date_listing_tag(page, user, next_url=None):
    """A tag beside the title of a page whose translation waits for the changed English."""
    for locale in out_of_date_locales(page):
        translated = Page.objects.filter(translation_key=page.translation_key, locale=locale).first()
        if translated is None:
            continue
        yield Button(
            out_of_date_label(locale),
            reverse("wagtailadmin_pages:edit", args=[translated.pk]),
            classname="w-status w-status--label",
            attrs={"data-translation-out-of-date": locale.language_code},
            priority=1,
        )
