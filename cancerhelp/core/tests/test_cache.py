"""HTTP caching headers, 304s, the page cache and its purge on publish (core/cache.py)."""

import time

import pytest
from django.core.cache import caches
from django.test import Client

from cancerhelp.accounts.testing import sign_in
from cancerhelp.core.models import HelpLine
from cancerhelp.directory.tests.helpers import finder_page, make_service

TOPIC = "/what-is-metastatic-cancer/"
TOPIC_ES = "/es/que-es-el-cancer-metastasico/"
PUBLIC_PAGES = ["/", "/es/", TOPIC, TOPIC_ES, "/resources/", "/es/recursos/", "/search/?q=pain"]


@pytest.fixture
def page_cache(settings):
    """The page cache on, empty before and after."""
    settings.PAGE_CACHE = True
    caches["pages"].clear()
    yield caches["pages"]
    caches["pages"].clear()


@pytest.mark.django_db
@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_public_pages_may_be_kept_by_anyone(url, settings):
    settings.CACHE_MAX_AGE, settings.CACHE_S_MAXAGE = 61, 3601
    response = Client().get(url, HTTP_ACCEPT_ENCODING="gzip", HTTP_ACCEPT_LANGUAGE="es")
    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=61, s-maxage=3601"
    assert response["Vary"] == "Accept-Encoding"  # not Cookie, not Accept-Language: the URL says
    assert response["ETag"].startswith('"')
    assert not response.cookies


@pytest.mark.django_db
def test_a_conditional_get_is_answered_with_304():
    client = Client()
    etag = client.get(TOPIC)["ETag"]
    response = client.get(TOPIC, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag
    assert client.get(TOPIC, HTTP_IF_NONE_MATCH='"stale"').status_code == 200


@pytest.mark.django_db
def test_a_page_with_a_csrf_form_stays_private():
    service = make_service("Quokka helpline", by_phone=True)
    response = Client().get(finder_page().report_url(service))
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"


@pytest.mark.django_db
def test_the_admin_previews_and_editors_pages_stay_private(editor, topic_page, page_cache):
    client = Client()
    sign_in(client, editor)
    for url in ["/admin/", f"/admin/pages/{topic_page.pk}/edit/", TOPIC]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "no-store" in response["Cache-Control"], url
        assert "public" not in response["Cache-Control"], url
    preview = client.post(f"/admin/pages/{topic_page.pk}/edit/preview/", {})
    assert "public" not in preview.get("Cache-Control", "")
    # an editor's page (with the userbar) never reaches the cache readers are served from
    reader = Client().get(TOPIC)
    assert reader["X-Page-Cache"] == "miss"
    assert b"wagtail-userbar" not in reader.content


@pytest.mark.django_db
def test_the_page_cache_serves_the_second_reader(page_cache, django_assert_num_queries):
    assert Client().get(TOPIC)["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        response = Client().get(TOPIC)
    assert response["X-Page-Cache"] == "hit"
    assert response["Content-Security-Policy"]
    # each language and each encoding has its own copy
    assert Client().get(TOPIC_ES)["X-Page-Cache"] == "miss"
    gzipped = Client().get(TOPIC, HTTP_ACCEPT_ENCODING="gzip")
    assert gzipped["X-Page-Cache"] == "miss"
    assert gzipped["Content-Encoding"] == "gzip"
    assert Client().get(TOPIC, HTTP_ACCEPT_ENCODING="gzip")["Content-Encoding"] == "gzip"


@pytest.mark.django_db
def test_a_cached_page_answers_a_conditional_get(page_cache):
    etag = Client().get(TOPIC)["ETag"]
    assert Client().get(TOPIC, HTTP_IF_NONE_MATCH=etag).status_code == 304


@pytest.mark.django_db
def test_publishing_a_change_shows_at_once(page_cache, topic_page):
    client = Client()
    assert b"Freshly reviewed" not in client.get(TOPIC).content
    assert client.get(TOPIC)["X-Page-Cache"] == "hit"
    topic_page.summary = "Freshly reviewed summary."
    topic_page.save_revision().publish()
    started = time.monotonic()  # the editor's "Publish" has returned
    response = client.get(TOPIC)
    assert b"Freshly reviewed" in response.content
    assert time.monotonic() - started < 1.0
    # the home page lists the topic's summary: purged too
    assert b"Freshly reviewed" in client.get("/").content


@pytest.mark.django_db
def test_unpublishing_purges(page_cache, topic_page):
    assert Client().get(TOPIC).status_code == 200
    topic_page.unpublish()
    assert Client().get(TOPIC).status_code == 404


@pytest.mark.django_db
def test_a_changed_help_line_purges_every_page(page_cache):
    client = Client()
    client.get(TOPIC)
    line = HelpLine.objects.filter(locale__language_code="en").first()
    line.name = "Quokka line"
    line.save()
    assert b"Quokka line" in client.get(TOPIC).content


@pytest.mark.django_db
def test_a_new_directory_entry_purges_the_finder(page_cache):
    client = Client()
    assert b"Wombat" not in client.get("/resources/").content
    make_service("Wombat support line", by_phone=True)
    assert b"Wombat" in client.get("/resources/").content


@pytest.mark.django_db
def test_a_redis_outage_serves_pages_uncached(settings):
    """Nothing listens on port 1: every cache call fails, every page still renders."""
    settings.PAGE_CACHE = True
    outage = {
        "BACKEND": "cancerhelp.core.cache.SafeRedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",
        "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
    }
    settings.CACHES = {"default": outage, "pages": outage}  # Django drops its cache handles
    for url in [TOPIC, "/", "/resources/"]:
        response = Client().get(url)
        assert response.status_code == 200
        assert response["X-Page-Cache"] == "miss"
    assert caches["default"].get("anything", 5) == 5
    assert caches["default"].add("anything", 1) is False
