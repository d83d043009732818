"""What editors see: reports, dashboard panel, edit-view panels, the accessibility checker."""

import datetime
import json
import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from wagtail.admin.panels import ObjectList

from cancerhelp.accounts.testing import sign_in
from cancerhelp.directory.models import Service
from cancerhelp.quality.models import LinkTarget
from cancerhelp.quality.panels import LinkHealthPanel, ReadabilityPanel
from cancerhelp.topics.models import TopicPage

from .server import LocalServer

HARD_SENTENCE = (
    "Notwithstanding considerable interindividual heterogeneity, multidisciplinary "
    "oncological management necessitates comprehensive consideration of "
    "pharmacokinetic interactions, comorbidities, and psychosocial determinants."
)


@pytest.fixture
def server():
    with LocalServer() as running:
        yield running


@pytest.fixture
def checked_services(server):
    """Three resources pointed at the local server and checked: broken, redirected, fine."""
    services = list(Service.objects.exclude(url="").order_by("pk")[:3])
    paths = [
        server.url("/gone", status=404),
        server.url("/moved", location="/new-home"),
        server.url("/fine"),
    ]
    for service, url in zip(services, paths, strict=True):
        service.url = url
        service.save()
    args = [arg for url in paths for arg in ("--url", url)]
    call_command("check_links", *args, "--delay", "0", "--retries", "0", "--no-progress", stdout=StringIO())
    return services


def test_link_health_report_shows_broken_and_redirected_links_where_used(client, editor, checked_services):
    broken, redirected, fine = checked_services
    sign_in(client, editor)
    response = client.get(reverse("quality_link_health"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Link health" in html
    assert broken.url.replace("&", "&amp;") in html
    assert redirected.url.replace("&", "&amp;") in html
    assert fine.url.replace("&", "&amp;") not in html
    assert "HTTP 404" in html
    assert redirected.url.split("/moved")[0] + "/new-home" in html  # the final address
    edit_url = reverse("wagtailsnippets_directory_service:edit", args=[broken.pk])
    assert f'href="{edit_url}"' in html
    assert broken.title in html


def test_link_health_report_filters_to_flagged_links(client, editor, checked_services, settings):
    settings.LINKCHECK_FLAG_AFTER = 1
    broken, redirected, _fine = checked_services
    LinkTarget.objects.filter(url=broken.url).update(flagged_since=timezone.now())
    sign_in(client, editor)
    html = client.get(reverse("quality_link_health"), {"flagged": "true"}).content.decode()
    assert broken.url.replace("&", "&amp;") in html
    assert redirected.url.replace("&", "&amp;") not in html


def test_link_health_report_exports_csv(client, editor, checked_services):
    sign_in(client, editor)
    response = client.get(reverse("quality_link_health"), {"export": "csv"})
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode() if response.streaming else response.content.decode()
    assert "Failures in a row" in body
    assert checked_services[0].url in body


def test_dashboard_panel_counts_link_results(client, editor, checked_services):
    sign_in(client, editor)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Content quality" in html
    counts = re.search(r"data-quality-link-counts>(.*?)</ul>", html, re.DOTALL).group(1)
    assert [int(n) for n in re.findall(r"<li>\s*(\d+)", counts)] == [1, 1, 1, 0]


def bound_panel_html(panel, model, instance, user):
    request = RequestFactory().get("/admin/")
    request.user = user
    edit_handler = ObjectList([panel]).bind_to_model(model)
    form = edit_handler.get_form_class()(instance=instance, for_user=user)
    return edit_handler.get_bound_panel(instance=instance, form=form, request=request).render_html()


def test_link_health_panel_shows_the_resource_result(editor, checked_services):
    broken = checked_services[0]
    html = bound_panel_html(LinkHealthPanel(), Service, broken, editor)
    assert "Broken" in html
    assert "HTTP 404" in html
    assert "1 check in a row" in html


def test_link_health_panel_for_an_unchecked_address(editor):
    service = Service.objects.exclude(url="").first()
    html = bound_panel_html(LinkHealthPanel(), Service, service, editor)
    assert "not been checked yet" in html


def make_topic(home_page, slug, title, paragraphs, language_home=None):
    page = TopicPage(
        title=title,
        slug=slug,
        summary="A test page.",
        body=json.dumps([{"type": "paragraph", "value": f"<p>{text}</p>"} for text in paragraphs]),
    )
    (language_home or home_page).add_child(instance=page)
    page.save_revision().publish()
    return page


def test_readability_report_lists_a_hard_page_and_names_its_hardest_sentence(client, editor, home_page):
    hard = make_topic(
        home_page,
        "hard-test-page",
        "Hard test page",
        ["Cancer can spread.", HARD_SENTENCE, "Ask your care team."],
    )
    easy = make_topic(
        home_page, "easy-test-page", "Easy test page", ["You can ask us. We can help you. Call us today."]
    )
    sign_in(client, editor)
    response = client.get(reverse("quality_readability"))
    assert response.status_code == 200
    html = response.content.decode()
    assert hard.title in html
    assert easy.title not in html
    rows = html.split("<tr>")
    hard_row = next(row for row in rows if hard.title in row)
    first_sentence = re.search(r"<ol>\s*<li>(.*?) \(", hard_row, re.DOTALL).group(1)
    assert first_sentence.strip() == HARD_SENTENCE


def test_readability_panel_shows_the_score_in_the_editor(editor, home_page):
    page = make_topic(home_page, "hard-panel", "Hard panel page", [HARD_SENTENCE])
    html = bound_panel_html(ReadabilityPanel(), TopicPage, page, editor)
    assert "Flesch-Kincaid grade" in html
    assert "Harder than the target" in html
    assert HARD_SENTENCE in html


def test_reviews_due_report_lists_overdue_and_soon_due_pages(client, editor, topic_page, home_page):
    today = timezone.localdate()
    topic_page.next_review_due = today - datetime.timedelta(days=3)
    topic_page.save()
    soon = make_topic(home_page, "due-soon", "Due soon page", ["Short text."])
    soon.next_review_due = today + datetime.timedelta(days=10)
    soon.save()
    later = make_topic(home_page, "due-later", "Due later page", ["Short text."])
    later.next_review_due = today + datetime.timedelta(days=100)
    later.save()
    sign_in(client, editor)
    html = client.get(reverse("quality_reviews_due")).content.decode()
    assert topic_page.title in html and "Overdue" in html
    assert soon.title in html
    assert later.title not in html
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    counts = re.search(r"data-quality-review-counts>(.*?)</ul>", dashboard, re.DOTALL).group(1)
    assert re.search(r"\b1 page overdue for review", counts)


def test_reports_are_in_the_reports_menu(client, editor):
    sign_in(client, editor)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    for name in ("quality_link_health", "quality_readability", "quality_reviews_due"):
        assert reverse(name) in html


def test_accessibility_checker_runs_our_rules_in_the_editor(client, editor, topic_page):
    sign_in(client, editor)
    html = client.get(reverse("wagtailadmin_pages:edit", args=[topic_page.pk])).content.decode()
    config = json.loads(
        re.search(r'id="checker-axe-configuration"[^>]*>(.*?)</script>', html, re.DOTALL).group(1)
    )
    rules = config["options"]["runOnly"]
    for rule in ("heading-order", "link-name", "image-alt", "empty-heading", "page-has-heading-one"):
        assert rule in rules


def test_accessibility_checker_runs_our_rules_in_the_userbar(client, editor, topic_page):
    sign_in(client, editor)
    html = client.get(topic_page.url).content.decode()
    config = json.loads(
        re.search(r'id="checker-axe-configuration"[^>]*>(.*?)</script>', html, re.DOTALL).group(1)
    )
    assert "image-alt" in config["options"]["runOnly"]


def test_link_health_says_when_nothing_was_checked_yet(client, editor):
    sign_in(client, editor)
    LinkTarget.objects.create(url="https://example.org/never-checked")
    html = client.get(reverse("quality_link_health")).content.decode()
    assert "Nothing has been checked yet" in html
    assert "Every checked address works" not in html
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "No address has been checked yet" in dashboard


def test_link_health_all_fine_counts_the_unchecked(client, editor, server):
    service = Service.objects.exclude(url="").order_by("pk").first()
    service.url = server.url("/fine")
    service.save()
    call_command("check_links", "--url", service.url, "--delay", "0", "--no-progress", stdout=StringIO())
    LinkTarget.objects.create(url="https://example.org/not-yet-1")
    LinkTarget.objects.create(url="https://example.org/not-yet-2")
    sign_in(client, editor)
    html = client.get(reverse("quality_link_health")).content.decode()
    assert "Every checked address works" in html
    unchecked = LinkTarget.objects.filter(in_use=True, outcome="unchecked").count()
    assert unchecked == 2 and f"{unchecked} addresses have not been checked yet" in html
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert f"{unchecked} addresses not checked yet" in dashboard
