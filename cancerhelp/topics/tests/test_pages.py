import re

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from cancerhelp.accounts.testing import sign_in
from cancerhelp.directory.models import ResourceFinderPage
from cancerhelp.home.models import HomePage
from cancerhelp.topics.models import TopicPage


def test_topic_page_renders_with_its_review_dates(topic_page):
    response = Client().get("/what-is-metastatic-cancer/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>What is metastatic cancer?</h1>" in html
    assert html.count("<h1") == 1
    assert 'datetime="2026-11-26"' in html and "Next review due" in html
    assert '<meta name="description" content="What it means when cancer spreads' in html
    assert '<html lang="en"' in html


def test_spanish_resource_heading_is_marked_as_spanish(topic_page):
    html = Client().get("/what-is-metastatic-cancer/").content.decode()
    assert '<h2 lang="es">Recursos en Español</h2>' in html


def count_queries(client, path):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


def cold_and_warm_queries(client, path):
    """Queries of the first request after a content change (memos and the body's fragment
    cache empty), then of the next."""
    from cancerhelp.core.cache import content_changed

    content_changed()  # a new content generation: every memo and cached fragment is stale
    return count_queries(client, path), count_queries(client, path)


def test_topic_page_queries_do_not_grow_with_its_resources(topic_page):
    client = Client()
    client.get("/what-is-metastatic-cancer/")  # warm per-process caches
    before = cold_and_warm_queries(client, "/what-is-metastatic-cancer/")
    assert before[0] <= 35  # includes the footer's information pages and the glossary terms
    # Put every directory entry into the first resource list: 14 more resources.
    from cancerhelp.directory.models import Service

    raw = list(topic_page.body.raw_data)
    first_list = next(block for block in raw if block["type"] == "resource_list")
    for service in Service.objects.filter(locale__language_code="en"):
        first_list["value"]["items"].append({"type": "resource", "value": service.pk})
    topic_page.body = raw
    topic_page.save_revision().publish()
    assert cold_and_warm_queries(client, "/what-is-metastatic-cancer/") == before


def test_editing_a_resource_shows_on_the_topic_page(topic_page):
    from cancerhelp.directory.models import Service

    service = Service.objects.get(title="Imerman Angels", locale__language_code="en")
    service.title = "Imerman Angels (mentors)"
    service.save()
    assert "Imerman Angels (mentors)" in Client().get("/what-is-metastatic-cancer/").content.decode()


class TopicPageModelTests(WagtailPageTestCase):
    def test_topic_pages_live_under_the_home_page(self):
        self.assertCanCreateAt(HomePage, TopicPage)
        self.assertCanCreateAt(HomePage, ResourceFinderPage)
        self.assertCanNotCreateAt(TopicPage, HomePage)

    def test_topic_page_is_routable_and_previewable(self):
        page = TopicPage.objects.get(slug="what-is-metastatic-cancer")
        self.assertPageIsRoutable(page)
        self.assertPageIsRenderable(page)
        post_data = nested_form_data(
            {
                "title": page.title,
                "slug": page.slug,
                "summary": page.summary,
                "body": streamfield([("paragraph", rich_text("<p>Metastatic means spread.</p>"))]),
                "in_short": streamfield([]),
                "sources": streamfield([]),
                "last_reviewed": "2026-11-26",
            }
        )
        editor = self.create_superuser("previewer")
        sign_in(self.client, editor)  # password and second factor, as every editor
        self.assertPageIsPreviewable(page, post_data=post_data, user=editor)

    def test_review_overdue_when_the_due_date_has_passed(self):
        import datetime

        page = TopicPage(next_review_due=datetime.date(2000, 1, 1))
        self.assertTrue(page.review_overdue)
        page.next_review_due = None
        self.assertFalse(page.review_overdue)


def test_resource_lists_with_a_kind_link_to_the_finder_filtered_to_it(topic_page):
    html = Client().get("/what-is-metastatic-cancer/").content.decode()
    assert 'href="/resources/?kind=financial-help"' in html
    assert "More resources in the finder: Financial help" in html


def test_review_dates_read_as_sentences_in_both_languages(topic_page):
    """No space before the full stop (e.g. "de 2026 ."), whatever the template's layout."""
    for page in (topic_page, topic_page.get_translations().get(locale__language_code="es").specific):
        html = Client().get(page.url).content.decode()
        line = html.split('<p class="review-dates small">')[1].split("</p>")[0]
        text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", line)).strip()
        assert re.search(r"\s[.,;:]", text) is None, text
        assert text.endswith(f"{page.next_review_due.year}.")
