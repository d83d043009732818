"""The admin in Spanish shows no English in our own views, panels, reports and menus."""

import re

import pytest
from django.urls import reverse
from wagtail.users.models import UserProfile

from cancerhelp.accounts.testing import sign_in
from cancerhelp.directory.models import Location, Organization, ProblemReport, Service, TaxonomyTerm

# English words our views used to show to a Spanish-speaking editor ("Clinical review" is
# the workflow's name, data the administrators can rename, so it is not in the list). Each must be absent from
# the visible text (scripts, styles and attribute values other than labels are ignored).
ENGLISH = [
    "Resources",
    "Organization",
    "Organizations",
    "Locations",
    "Problem reports",
    "Choose",
    "Link health",
    "Readability",
    "Reviews due",
    "Content quality",
    "working",
    "broken",
    "redirected",
    "flagged",
    "overdue",
    "Verification",
    "Last verified",
    "Updated",
    "Reported",
    "What is wrong",
    "Status",
    "Kind of help",
    "Reading level",
    "Editors' guide",
    "Issues found",
    "item",
    "items",
    "Pages",
    "not checked yet",
    "Directory",
    "Open problem reports",
    "Fix the entry",
    "Not a problem",
    "Entry language",
    "Translation",
    "translated",
    "out of date",
    "Closing the report",
    "Leave empty",
]


def visible_text(html):
    html = re.sub(r"(?is)<(script|style|template|svg)\b.*?</\1>", " ", html)
    labels = " ".join(re.findall(r'(?:aria-label|title|placeholder)="([^"]*)"', html))
    text = re.sub(r"(?s)<[^>]+>", " ", html)
    return re.sub(r"\s+", " ", f"{text} {labels}")


def our_admin_urls(topic_page):
    service = Service.objects.filter(locale__language_code="en").first()
    report = ProblemReport.objects.create(service=service, kind=ProblemReport.Kind.OTHER, details="x")
    urls = [
        reverse("wagtailadmin_home"),
        reverse("quality_link_health"),
        reverse("quality_readability"),
        reverse("quality_reviews_due"),
        reverse("quality_editors_guide"),
        reverse("wagtailadmin_pages:edit", args=[topic_page.pk]),
        reverse("wagtailadmin_explore", args=[topic_page.get_parent().pk]),
        reverse("directory_close_report", args=[report.pk, "no_problem"]),
        reverse("wagtailsnippets_directory_location:add"),
    ]
    for model, obj in [
        ("service", service),
        ("organization", Organization.objects.first()),
        ("location", Location.objects.first() or Location.objects.create(name="Casa", city="Albany")),
        ("taxonomyterm", TaxonomyTerm.objects.first()),
        ("problemreport", report),
    ]:
        urls.append(reverse(f"wagtailsnippets_directory_{model}:list"))
        urls.append(reverse(f"wagtailsnippets_directory_{model}:edit", args=[obj.pk]))
    return urls


@pytest.fixture
def spanish_editor(client, editor):
    profile = UserProfile.get_for_user(editor)
    profile.preferred_language = "es"
    profile.save()
    sign_in(client, editor)
    return client


def test_admin_in_spanish_shows_no_english_in_our_views(spanish_editor, topic_page):
    found = {}
    for url in our_admin_urls(topic_page):
        response = spanish_editor.get(url)
        assert response.status_code == 200, url
        text = visible_text(response.content.decode())
        for word in ENGLISH:
            if re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text):
                found.setdefault(url, []).append(word)
    assert not found, found
