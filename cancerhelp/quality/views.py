"""Admin reports (Link health, Readability, Reviews due) and the dashboard panel.

They are Wagtail ReportViews, so editors get the familiar listing, filters and
CSV/XLSX export, under Reports in the admin menu.
"""

import datetime
from dataclasses import dataclass

import django_filters
from django.conf import settings
from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.components import Component
from wagtail.admin.views.reports import ReportView
from wagtail.models import Locale

from .models import LinkTarget, Outcome
from .panels import reviewed_page_models
from .readability import Readability, score_page
from .translation_status import out_of_date_translations
from .usages import find_usages


def review_horizon():
    days = int(getattr(settings, "REVIEW_DUE_WITHIN_DAYS", 30))
    today = timezone.localdate()
    return today, today + datetime.timedelta(days=days)


class LinkHealthFilterSet(WagtailFilterSet):
    outcome = django_filters.ChoiceFilter(
        label=_("Result"),
        choices=[(Outcome.BROKEN, Outcome.BROKEN.label), (Outcome.REDIRECTED, Outcome.REDIRECTED.label)],
        empty_label=_("Broken or redirected"),
    )
    flagged = django_filters.BooleanFilter(
        label=_("Flagged"), field_name="flagged_since", lookup_expr="isnull", exclude=True
    )

    class Meta:
        model = LinkTarget
        fields = []


class LinkHealthReportView(ReportView):
    page_title = _("Link health")
    header_icon = "link"
    index_url_name = "quality_link_health"
    index_results_url_name = "quality_link_health_results"
    results_template_name = "quality/reports/link_health_results.html"
    filterset_class = LinkHealthFilterSet
    list_export = [
        "url",
        "outcome",
        "status_code",
        "final_url",
        "error",
        "consecutive_failures",
        "flagged_since",
        "last_checked_at",
    ]
    export_headings = {
        "url": _("Address"),
        "outcome": _("Result"),
        "status_code": _("HTTP status"),
        "final_url": _("Final address"),
        "error": _("Error"),
        "consecutive_failures": _("Failures in a row"),
        "flagged_since": _("Flagged since"),
        "last_checked_at": _("Last checked"),
    }

    @cached_property
    def no_results_message(self):
        """Truthful when empty: "all fine" only when something was checked."""
        if self.is_filtering:
            return _("No link matches these filters.")
        counts = LinkTarget.objects.filter(in_use=True).aggregate(
            checked=Count("pk", filter=~Q(outcome=Outcome.UNCHECKED)),
            unchecked=Count("pk", filter=Q(outcome=Outcome.UNCHECKED)),
        )
        if not counts["checked"]:
            return _(
                "Nothing has been checked yet: the nightly link check has not run "
                "(manage.py check_links). Until it runs, this report cannot tell whether links work."
            )
        message = _("No broken or redirected links. Every checked address works.")
        if counts["unchecked"]:
            unchecked = ngettext(
                "%(count)d address has not been checked yet.",
                "%(count)d addresses have not been checked yet.",
                counts["unchecked"],
            ) % {"count": counts["unchecked"]}
            message = f"{message} {unchecked}"
        return message

    def get_queryset(self):
        return LinkTarget.objects.filter(
            in_use=True, outcome__in=[Outcome.BROKEN, Outcome.REDIRECTED]
        ).order_by(F("flagged_since").asc(nulls_last=True), "-consecutive_failures", "outcome", "url")

    def decorate_paginated_queryset(self, object_list):
        targets = list(object_list)
        usages = find_usages([target.url for target in targets])
        finder = AdminURLFinder(self.request.user)
        for target in targets:
            target.usages = [(usage, usage.edit_url(finder)) for usage in usages.get(target.url)]
        return targets


@dataclass
class ReadabilityRow:
    page: object  # a page with review dates (see panels.ReviewDatesMixin)
    readability: Readability

    @property
    def gap(self):
        """How far past the target (always positive when above target)."""
        r = self.readability
        return (r.target - r.score) if r.higher_is_easier else (r.score - r.target)


class ReadabilityReportView(ReportView):
    page_title = _("Readability")
    header_icon = "glasses"
    index_url_name = "quality_readability"
    index_results_url_name = "quality_readability_results"
    results_template_name = "quality/reports/readability_results.html"
    no_results_message = _("Every topic page is within its reading target.")
    paginate_by = 50

    def get_queryset(self):
        rows = []
        pages = [page for model in reviewed_page_models() for page in model.objects.select_related("locale")]
        for page in sorted(pages, key=lambda page: page.path):
            row = ReadabilityRow(page, score_page(page))
            if not row.readability.within_target:
                rows.append(row)
        rows.sort(key=lambda row: row.gap, reverse=True)
        return rows

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["max_grade_en"] = settings.READABILITY_MAX_GRADE_EN
        context["min_ease_es"] = settings.READABILITY_MIN_EASE_ES
        return context


class ReviewsDueReportView(ReportView):
    page_title = _("Reviews due")
    header_icon = "time"
    index_url_name = "quality_reviews_due"
    index_results_url_name = "quality_reviews_due_results"
    results_template_name = "quality/reports/reviews_due_results.html"
    no_results_message = _("No topic page is overdue or due for clinical review soon.")
    list_export = ["title", "locale.language_code", "last_reviewed", "next_review_due", "url_path"]
    export_headings = {
        "title": _("Title"),
        "locale.language_code": _("Language"),
        "last_reviewed": _("Last reviewed on"),
        "next_review_due": _("Next review due"),
        "url_path": _("Path"),
    }

    def get_queryset(self):
        _today, horizon = review_horizon()
        due = Q(next_review_due__lte=horizon) | Q(next_review_due__isnull=True)
        querysets = [
            model.objects.filter(due)
            .select_related("locale")
            .order_by(F("next_review_due").asc(nulls_first=True), "title")
            for model in reviewed_page_models()
        ]
        if len(querysets) == 1:
            return querysets[0]
        pages = [page for queryset in querysets for page in queryset]
        return sorted(
            pages, key=lambda page: (page.next_review_due is not None, page.next_review_due, page.title)
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["today"], context["horizon"] = review_horizon()
        return context


class QualityPanel(Component):
    """Dashboard counts: link health and clinical reviews due."""

    name = "quality"
    order = 105
    template_name = "quality/dashboard_panel.html"

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        links = LinkTarget.objects.filter(in_use=True).aggregate(
            ok=Count("pk", filter=Q(outcome=Outcome.OK)),
            redirected=Count("pk", filter=Q(outcome=Outcome.REDIRECTED)),
            broken=Count("pk", filter=Q(outcome=Outcome.BROKEN)),
            flagged=Count("pk", filter=Q(flagged_since__isnull=False)),
            unchecked=Count("pk", filter=Q(outcome=Outcome.UNCHECKED)),
        )
        today, horizon = review_horizon()
        reviews = {"overdue": 0, "undated": 0, "due_soon": 0}
        for model in reviewed_page_models():
            counts = model.objects.aggregate(
                overdue=Count("pk", filter=Q(next_review_due__lt=today)),
                undated=Count("pk", filter=Q(next_review_due__isnull=True)),
                due_soon=Count("pk", filter=Q(next_review_due__gte=today, next_review_due__lte=horizon)),
            )
            reviews = {key: reviews[key] + counts[key] for key in reviews}
        context.update(
            links=links,
            reviews=reviews,
            review_days=(horizon - today).days,
            link_report_url=reverse("quality_link_health"),
            reviews_report_url=reverse("quality_reviews_due"),
            readability_report_url=reverse("quality_readability"),
            spanish_out_of_date=spanish_out_of_date(),
            translations_report_url=reverse("wagtail_localize:translations_report")
            + "?waiting_for_translation=true",
        )
        return context


def spanish_out_of_date():
    spanish = Locale.objects.filter(language_code="es").first()
    return len(out_of_date_translations(spanish)) if spanish else 0
