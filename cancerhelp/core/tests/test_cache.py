"""HTTP caching headers, 304s, the page cache and its purge on publish (core/cache.py)."""

import asyncio
import contextlib
import time

import pytest
from asgiref.sync import async_to_sync
from django.core.cache import caches
from django.core.handlers.asgi import ASGIHandler
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client, RequestFactory

from cancerhelp.accounts.testing import sign_in
from cancerhelp.core.cache import AsgiPageCacheApplication, PageCacheApplication, SafeRedisCache
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


# --- The WSGI front (cancerhelp/wsgi.py): page-cache hits answered before Django -------------


@contextlib.contextmanager
def database_kept_open():
    """As Django's test client does: a request must not close the test's database connection
    (on PostgreSQL, the end of a request closes a connection that is inside a transaction)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


class CountingDjango:
    """Django's WSGI handler, counting the requests that reach it."""

    def __init__(self):
        self.handler = WSGIHandler()
        self.calls = 0

    def __call__(self, environ, start_response):
        self.calls += 1
        return self.handler(environ, start_response)


def wsgi_get(application, path, method="GET", **headers):
    """(status, headers, body) of one request through a WSGI application, closed at the end
    as a WSGI server closes it."""
    environ = RequestFactory().generic(method, path, **headers).environ
    answer = {}

    def start_response(status, response_headers, exc_info=None):
        answer["status"], answer["headers"] = status, dict(response_headers)

    with database_kept_open():
        result = application(environ, start_response)
        try:
            body = b"".join(result)
        finally:
            if hasattr(result, "close"):
                result.close()
    return answer["status"], answer["headers"], body


@pytest.fixture
def front(page_cache):
    django = CountingDjango()
    return PageCacheApplication(django), django


@pytest.mark.django_db
def test_the_wsgi_front_serves_a_hit_without_django(front, django_assert_num_queries):
    application, django = front
    status, first, body = wsgi_get(application, TOPIC, HTTP_ACCEPT_ENCODING="gzip")
    assert status == "200 OK" and first["X-Page-Cache"] == "miss" and django.calls == 1
    with django_assert_num_queries(0):
        status, second, same = wsgi_get(application, TOPIC, HTTP_ACCEPT_ENCODING="gzip")
    assert status == "200 OK" and django.calls == 1  # Django never saw the second request
    assert second["X-Page-Cache"] == "hit"
    assert same == body
    # every header the middleware stack set is sent again (security, caching, encoding)
    for name in ["Content-Security-Policy", "Cache-Control", "ETag", "Vary", "Content-Encoding"]:
        assert second[name] == first[name], name
    assert {**second, "X-Page-Cache": "miss"} == dict(first)  # and nothing else
    # the other encoding and the other language are other pages
    assert wsgi_get(application, TOPIC)[1]["X-Page-Cache"] == "miss"
    assert wsgi_get(application, TOPIC_ES)[1]["X-Page-Cache"] == "miss"
    assert django.calls == 3


@pytest.mark.django_db
def test_the_wsgi_front_answers_conditional_gets_and_head(front):
    application, django = front
    _status, headers, body = wsgi_get(application, TOPIC)
    status, not_modified, empty = wsgi_get(application, TOPIC, HTTP_IF_NONE_MATCH=headers["ETag"])
    assert status == "304 Not Modified" and empty == b""
    assert not_modified["ETag"] == headers["ETag"]
    assert "Content-Length" not in not_modified and "Content-Security-Policy" not in not_modified
    assert wsgi_get(application, TOPIC, HTTP_IF_NONE_MATCH='"stale"')[0] == "200 OK"
    status, head, nothing = wsgi_get(application, TOPIC, method="HEAD")
    assert status == "200 OK" and nothing == b""
    assert head["Content-Length"] == str(len(body))
    assert django.calls == 1  # every one of these was a hit
    # If-Match is left to Django, which answers it the same way
    assert wsgi_get(application, TOPIC, HTTP_IF_MATCH='"other"')[0].startswith("412")
    assert django.calls == 2


@pytest.mark.django_db
def test_the_wsgi_front_leaves_editors_unsafe_methods_and_bad_hosts_to_django(front, settings):
    settings.ALLOWED_HOSTS = ["testserver"]
    application, django = front
    wsgi_get(application, TOPIC)
    calls = django.calls
    signed_in = wsgi_get(application, TOPIC, HTTP_COOKIE=f"{settings.SESSION_COOKIE_NAME}=abc")
    assert signed_in[1].get("X-Page-Cache") != "hit"
    assert wsgi_get(application, TOPIC, method="POST")[1].get("X-Page-Cache") != "hit"
    assert wsgi_get(application, TOPIC, HTTP_HOST="evil.example")[0].startswith("400")
    assert django.calls == calls + 3
    settings.PAGE_CACHE = False
    wsgi_get(application, TOPIC)
    assert django.calls == calls + 4


@pytest.mark.django_db
def test_the_wsgi_front_shows_a_publish_at_once(front, topic_page):
    application, django = front
    wsgi_get(application, TOPIC)
    assert wsgi_get(application, TOPIC)[1]["X-Page-Cache"] == "hit"
    topic_page.summary = "Summary published through the front."
    topic_page.save_revision().publish()
    _status, headers, body = wsgi_get(application, TOPIC)
    assert headers["X-Page-Cache"] == "miss"
    assert b"Summary published through the front." in body


@pytest.mark.django_db
def test_a_broken_cache_sends_the_request_to_django(front, monkeypatch):
    application, django = front

    def broken(request):
        raise RuntimeError("the cache answered nonsense")

    monkeypatch.setattr("cancerhelp.core.cache.answer_from_cache", broken)
    status, _headers, body = wsgi_get(application, TOPIC)
    assert status == "200 OK" and b"<h1>" in body
    assert django.calls == 1


class CountingAsgiDjango:
    def __init__(self):
        self.handler = ASGIHandler()
        self.calls = 0

    async def __call__(self, scope, receive, send):
        self.calls += 1
        return await self.handler(scope, receive, send)


def asgi_get(application, path, method="GET", headers=()):
    """(status, headers, body) of one request through an ASGI application (`make run`)."""
    with database_kept_open():
        return async_to_sync(asgi_request)(application, path, method, headers)


async def asgi_request(application, path, method="GET", headers=()):
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", b"testserver"), *headers],
        "server": ("testserver", 80),
        "client": ("127.0.0.1", 5000),
    }
    sent, received = [], []

    async def receive():
        if received:  # the body was read: wait, as a client that stays connected does
            await asyncio.Future()
        received.append(True)
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message):
        sent.append(message)

    await application(scope, receive, send)
    start = next(message for message in sent if message["type"] == "http.response.start")
    body = b"".join(message.get("body", b"") for message in sent if message["type"] == "http.response.body")
    names = {name.decode().lower(): value.decode() for name, value in start["headers"]}
    return start["status"], names, body


@pytest.mark.django_db
def test_the_asgi_front_serves_a_hit_without_django(page_cache):
    django = CountingAsgiDjango()
    application = AsgiPageCacheApplication(django)
    gzip = [(b"accept-encoding", b"gzip")]
    status, first, body = asgi_get(application, TOPIC, headers=gzip)
    assert status == 200 and first["x-page-cache"] == "miss" and django.calls == 1
    status, second, same = asgi_get(application, TOPIC, headers=gzip)
    assert status == 200 and second["x-page-cache"] == "hit" and django.calls == 1
    assert same == body and second["content-security-policy"] == first["content-security-policy"]
    etag = [(b"if-none-match", first["etag"].encode())]
    assert asgi_get(application, TOPIC, headers=gzip + etag)[0] == 304
    assert asgi_get(application, TOPIC, method="HEAD", headers=gzip)[2] == b""
    assert django.calls == 1
    editor = [(b"cookie", b"sessionid=abc")]
    assert asgi_get(application, TOPIC, headers=gzip + editor)[1].get("x-page-cache") != "hit"
    assert django.calls == 2


def test_the_redis_cache_reuses_one_client_per_server():
    """Django's own client builds a new redis.Redis per operation, and a pool per backend
    object (one per thread or ASGI request); ours keeps one of each per server."""
    cache = SafeRedisCache("redis://127.0.0.1:6379/0", {})
    assert cache._cache.get_client() is cache._cache.get_client()
    assert cache._cache.get_client(write=True) is cache._cache.get_client("key", write=True)
    same_server = SafeRedisCache("redis://127.0.0.1:6379/0", {})
    assert same_server._cache.get_client() is cache._cache.get_client()
    assert SafeRedisCache("redis://127.0.0.1:6379/1", {})._cache.get_client() is not cache._cache.get_client()


# --- The topic body's fragment cache (topics/topic_page.html) --------------------------------


@pytest.mark.django_db
def test_the_topic_body_is_rendered_once_per_content_change(page_cache, topic_page):
    from cancerhelp.core.cache import content_changed

    client = Client()
    content_changed()
    cold = client.get(TOPIC + "?from=a")
    warm = client.get(TOPIC + "?from=b")  # another URL: the page cache misses
    assert warm["X-Page-Cache"] == "miss"
    assert "directory/blocks/resource_list.html" in [t.name for t in cold.templates]
    assert "directory/blocks/resource_list.html" not in [t.name for t in warm.templates]
    assert topic_body(warm.content) == topic_body(cold.content)
    second = warm.content
    # each language has its own body
    assert "Recursos en Español" in client.get(TOPIC_ES + "?from=a").content.decode()
    assert "Recursos en Español" in client.get(TOPIC_ES + "?from=b").content.decode()
    assert topic_body(client.get(TOPIC_ES).content) != topic_body(second)


def topic_body(html):
    return html.split(b'<article class="wrap topic">')[1].split(b"</article>")[0]


@pytest.mark.django_db
def test_a_preview_never_shows_or_fills_the_cached_body(topic_page, page_cache):
    reader = Client()
    assert b"A draft sentence" not in reader.get(TOPIC).content
    draft = topic_page.get_latest_revision_as_object()
    draft.in_short = [("point", "A draft sentence for the preview.")]
    preview = draft.make_preview_request()
    assert b"A draft sentence for the preview." in preview.content
    assert b"A draft sentence" not in reader.get(TOPIC + "?after=preview").content
