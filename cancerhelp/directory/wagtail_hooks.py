"""Admin wiring for the directory: a "Directory" menu of snippet viewsets and a dashboard panel.

Listings search with the ORM (search_backend_name = None) so records written by an import
are found at once, without waiting for the search index.
"""

from urllib.parse import urlencode

import django_filters
from django.contrib import messages
from django.db.models import Count, Exists, OuterRef, Q
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import BooleanColumn, Column, DateColumn, LocaleColumn, TitleColumn
from wagtail.admin.widgets import ListingButton
from wagtail.models import Locale
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .chooser_create import LocationChooserViewSet, OrganizationChooserViewSet
from .models import Location, Organization, ProblemReport, Service, TaxonomyTerm
from .vocabulary import KIND_OF_HELP_TAXONOMY, SERVICE_LANGUAGES


class ServiceFilterSet(WagtailFilterSet):
    kinds = django_filters.ModelMultipleChoiceFilter(
        label=_("Kind of help"),
        field_name="kinds",
        queryset=TaxonomyTerm.objects.filter(taxonomy=KIND_OF_HELP_TAXONOMY),
        distinct=True,
    )
    language = django_filters.ChoiceFilter(
        label=_("Language"),
        field_name="languages__code",
        choices=SERVICE_LANGUAGES,
        distinct=True,
    )
    verification_status = django_filters.ChoiceFilter(
        label=_("Verification"), choices=Service.Verification.choices
    )
    is_free = django_filters.BooleanFilter(label=_("Free of charge"))

    class Meta:
        model = Service
        fields = ["kinds", "language", "verification_status", "is_free"]


class TranslationStatusColumn(Column):
    """ "Spanish: translated / missing / out of date" for each other language."""

    cell_template_name = "directory/admin/translation_status_cell.html"

    def get_value(self, instance):
        from .translation_status import copy_statuses

        return copy_statuses(instance)


class ServiceViewSet(SnippetViewSet):
    model = Service
    icon = "help"
    menu_label = _("Resources")
    filterset_class = ServiceFilterSet
    search_backend_name = None
    search_fields = ["title", "description", "organization__name", "url"]
    list_display = [
        "title",
        LocaleColumn(label=_("Entry language")),
        TranslationStatusColumn("translations", label=_("Translation")),
        Column("organization", label=_("Organization"), accessor="organization"),
        Column("verification_status", label=_("Verification"), accessor="get_verification_status_display"),
        DateColumn("last_verified", label=_("Last verified"), sort_key="last_verified"),
        DateColumn("updated_at", label=_("Updated"), sort_key="updated_at"),
    ]
    list_export = ["title", "organization", "url", "verification_status", "last_verified"]
    ordering = ["title"]

    def get_queryset(self, request):
        """One row per resource: its default-language entry (or its only one), unless the
        editor picks a language with the locale filter."""
        services = Service.objects.select_related("organization", "locale")
        if request.GET.get("locale"):
            return services
        default = Locale.get_default()
        default_copy = Service.objects.filter(locale=default, translation_key=OuterRef("translation_key"))
        return services.filter(Q(locale=default) | ~Exists(default_copy))


class OrganizationViewSet(SnippetViewSet):
    model = Organization
    icon = "group"
    chooser_viewset_class = OrganizationChooserViewSet  # "New organization" tab in the resource form
    search_backend_name = None
    search_fields = ["name", "description", "website"]
    list_display = [
        "name",
        Column("website", label=_("Website")),
        Column("service_count", label=_("Resources"), sort_key="service_count"),
        DateColumn("updated_at", label=_("Updated"), sort_key="updated_at"),
    ]

    def get_queryset(self, request):
        return Organization.objects.annotate(service_count=Count("services"))


class LocationFilterSet(WagtailFilterSet):
    state_province = django_filters.CharFilter(label=_("State"), lookup_expr="iexact")
    has_coordinates = django_filters.BooleanFilter(
        label=_("Has a map position"), field_name="latitude", lookup_expr="isnull", exclude=True
    )
    address_to_confirm = django_filters.BooleanFilter(
        label=_("Address to confirm (no street)"),
        field_name="address_1",
        lookup_expr="exact",
        method="no_street",
    )

    class Meta:
        model = Location
        fields = ["state_province", "has_coordinates", "address_to_confirm"]

    def no_street(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(address_1="") if value else queryset.exclude(address_1="")


class LocationViewSet(SnippetViewSet):
    model = Location
    icon = "site"
    chooser_viewset_class = LocationChooserViewSet  # "New place" tab in the resource form
    filterset_class = LocationFilterSet
    search_backend_name = None
    search_fields = ["name", "address_1", "city", "postal_code"]
    list_display = [
        "name",
        Column("city", label=_("City")),
        Column("state_province", label=_("State")),
        Column("postal_code", label=_("ZIP code")),
        BooleanColumn("address_to_confirm", label=_("Address to confirm")),
        DateColumn("updated_at", label=_("Updated"), sort_key="updated_at"),
    ]


class TaxonomyTermViewSet(SnippetViewSet):
    model = TaxonomyTerm
    icon = "tag"
    search_backend_name = None
    search_fields = ["name", "code", "description"]
    list_filter = ["taxonomy"]
    list_display = [
        "name",
        Column("code", label=_("Code")),
        Column("taxonomy", label=_("Vocabulary"), accessor="get_taxonomy_display"),
    ]


class ReaderReportsPermissionPolicy(ModelPermissionPolicy):
    """Reports come from readers only: editors view, triage and delete them, never add one."""

    def user_has_permission(self, user, action):
        return action != "add" and super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        return super().users_with_any_permission([action for action in actions if action != "add"])


register_permission_policy(ProblemReport, ReaderReportsPermissionPolicy(ProblemReport))


class ProblemReportViewSet(SnippetViewSet):
    model = ProblemReport
    icon = "warning"
    search_backend_name = None
    search_fields = ["details", "service__title"]
    list_filter = ["status", "kind"]
    # The first column opens the report, with the row's actions (fix the entry, close it);
    # the resource column opens the entry to fix it.
    list_display = [
        "kind",
        TitleColumn(
            "service",
            label=_("Resource"),
            accessor="service",
            get_url=lambda report: reverse(
                "wagtailsnippets_directory_service:edit", args=[report.service_id]
            ),
        ),
        Column("details", label=_("Details"), accessor="short_details"),
        Column("status", label=_("Status"), accessor="get_status_display"),
        DateColumn("created_at", label=_("Reported"), sort_key="created_at"),
    ]
    ordering = ["-created_at"]
    inspect_view_enabled = True

    def get_queryset(self, request):
        return ProblemReport.objects.select_related("service")


class DirectoryViewSetGroup(SnippetViewSetGroup):
    items = (ServiceViewSet, OrganizationViewSet, LocationViewSet, TaxonomyTermViewSet, ProblemReportViewSet)
    menu_icon = "list-ul"
    menu_label = _("Directory")
    menu_name = "directory"
    menu_order = 250
    submenu_hook = "register_directory_menu_item"


register_snippet(DirectoryViewSetGroup)


class OpenProblemReportsPanel(Component):
    """Dashboard: how many reader reports wait for an editor, with a link to them."""

    name = "open_problem_reports"
    order = 150
    template_name = "directory/admin/open_problem_reports_panel.html"

    def get_context_data(self, parent_context):
        return {
            "open_count": ProblemReport.objects.filter(status=ProblemReport.Status.OPEN).count(),
            "oldest": ProblemReport.objects.filter(status=ProblemReport.Status.OPEN)
            .select_related("service")
            .order_by("created_at")
            .first(),
            "reports_url": reverse("wagtailsnippets_directory_problemreport:list") + "?status=open",
        }


@hooks.register("construct_homepage_panels")
def add_open_problem_reports_panel(request, panels):
    if request.user.has_perm("directory.change_problemreport"):
        panels.append(OpenProblemReportsPanel())


# --- a place's map position --------------------------------------------------------------------


def tell_where_the_map_position_came_from(request, location):
    """After an editor saves a place: where its map position came from, or why it has none."""
    from . import positions

    source = getattr(location, "map_position_source", None)
    if source == positions.FROM_ZIP:
        messages.info(
            request,
            _("The map position was filled from ZIP code %(zip)s.") % {"zip": location.postal_code.strip()},
        )
    elif source == positions.FROM_CITY:
        messages.info(
            request,
            _(
                "The map position was filled from the middle of %(city)s, %(state)s. "
                "Add the ZIP code for a closer one."
            )
            % {"city": location.city, "state": location.state_province},
        )
    elif location.latitude is None or location.longitude is None:
        messages.warning(
            request,
            _(
                "This place will not appear in ZIP searches until it has a map position: enter a known "
                "ZIP code, or its city and state, or its latitude and longitude."
            ),
        )


@hooks.register("after_create_snippet")
@hooks.register("after_edit_snippet")
def location_map_position_message(request, instance):
    if isinstance(instance, Location):
        tell_where_the_map_position_came_from(request, instance)


# --- import from the admin ---------------------------------------------------------------


@hooks.register("register_admin_urls")
def directory_admin_urls():
    from .admin_import import ConfirmImportView, ImportView
    from .admin_reports import CloseReportView
    from .admin_verify import MarkVerifiedView, UnverifiedReportView

    return [
        path(
            "directory/reports/<int:pk>/<slug:status>/",
            CloseReportView.as_view(),
            name="directory_close_report",
        ),
        path("directory/import/", ImportView.as_view(), name="directory_import"),
        path("directory/import/confirm/", ConfirmImportView.as_view(), name="directory_import_confirm"),
        path("directory/verify/<int:pk>/", MarkVerifiedView.as_view(), name="directory_mark_verified"),
        path("directory/unverified/", UnverifiedReportView.as_view(), name="directory_unverified"),
        path(
            "directory/unverified/results/",
            UnverifiedReportView.as_view(results_only=True),
            name="directory_unverified_results",
        ),
    ]


class ImportMenuItem(MenuItem):
    def is_shown(self, request):
        from .admin_import import can_import

        return can_import(request.user)


@hooks.register("register_directory_menu_item")
def import_menu_item():
    return ImportMenuItem(
        _("Import HSDS data"),
        reverse("directory_import"),
        name="hsds-import",
        icon_name="download",
        order=900,
    )


# --- verification --------------------------------------------------------------------------


class ChangeResourcesMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("directory.change_service")


@hooks.register("register_directory_menu_item")
def unverified_menu_item():
    return ChangeResourcesMenuItem(
        _("Resources to verify"),
        reverse("directory_unverified"),
        name="unverified",
        icon_name="tick",
        order=800,
    )


@hooks.register("register_snippet_listing_buttons")
def mark_verified_listing_button(snippet, user, next_url=None):
    if isinstance(snippet, Service) and not snippet.is_verified and user.has_perm("directory.change_service"):
        url = reverse("directory_mark_verified", args=[snippet.pk])
        if next_url:
            url += "?" + urlencode({"next": next_url})
        yield ListingButton(_("Mark verified"), url, icon_name="tick", priority=15)


@hooks.register("register_snippet_listing_buttons")
def problem_report_listing_buttons(snippet, user, next_url=None):
    """A report's row: fix the entry, or close the report as resolved or not a problem."""
    if not isinstance(snippet, ProblemReport) or not user.has_perm("directory.change_problemreport"):
        return
    if user.has_perm("directory.change_service"):
        yield ListingButton(
            _("Fix the entry"),
            reverse("wagtailsnippets_directory_service:edit", args=[snippet.service_id]),
            icon_name="edit",
            priority=5,
        )
    if snippet.status != ProblemReport.Status.OPEN:
        return
    query = "?" + urlencode({"next": next_url}) if next_url else ""
    for status, icon, priority in (
        (ProblemReport.Status.RESOLVED, "tick", 6),
        (ProblemReport.Status.NOT_A_PROBLEM, "cross", 7),
    ):
        url = reverse("directory_close_report", args=[snippet.pk, status.value]) + query
        yield ListingButton(status.label, url, icon_name=icon, priority=priority)


@hooks.register("construct_homepage_panels")
def add_unverified_panel(request, panels):
    from .admin_verify import UnverifiedPanel

    if request.user.has_perm("directory.change_service"):
        panels.append(UnverifiedPanel())
