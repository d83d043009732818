"""The admin in Spanish shows no English in our own views, panels, reports and menus."""

import json
import re
from pathlib import Path

import pytest
import wagtail_localize
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
    # the dashboard's translations count, the page listing's tag and the translation editor
    "Spanish pages need updating",
    "Spanish out of date",
    "Translations",
    "Changed since the last translation",
    "English now",
    "Translation of",
    "Locking",
    "First published",
    "Referenced",
]


def visible_text(html):
    html = re.sub(r"(?is)<(script|style|template|svg)\b.*?</\1>", " ", html)
    labels = " ".join(re.findall(r'(?:aria-label|title|placeholder)="([^"]*)"', html))
    text = re.sub(r"(?s)<[^>]+>", " ", html)
    return re.sub(r"\s+", " ", f"{text} {labels}")


def spanish():
    from wagtail.models import Locale

    return Locale.objects.get(language_code="es")


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
        # The Spanish page opens in wagtail-localize's translation editor.
        reverse("wagtailadmin_pages:edit", args=[topic_page.get_translation(spanish()).pk]),
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


def translation_editor_strings():
    """Every string wagtail-localize's translation editor (its React app) passes to gettext."""
    script = Path(wagtail_localize.__file__).parent / "static/wagtail_localize/js/wagtail-localize.js"
    strings = set(re.findall(r'\(\)\("((?:[^"\\]|\\.)*)"\)', script.read_text()))
    assert len(strings) > 40, "the editor's bundle changed shape: update this pattern"
    return strings


def test_translation_editor_speaks_spanish(spanish_editor):
    """Its strings come from its JavaScript catalogue, completed by our locale/es/djangojs.po."""
    response = spanish_editor.get(reverse("wagtail_localize:javascript_catalog"))
    assert response.status_code == 200
    catalog = json.loads(
        re.search(r"const newcatalog = (\{.*?\});", response.content.decode(), re.S).group(1)
    )
    untranslated = sorted(text for text in translation_editor_strings() if not catalog.get(text))
    assert not untranslated, untranslated
    # Labels the editor joins to a name keep their space ("Publicar enEspañol" was a bug).
    assert catalog["Publish in "] == "Enviar a revisión: "
    assert all(catalog[text].endswith(" ") for text in translation_editor_strings() if text.endswith(" "))
