"""Caching, in one place (docs/deployment.md, "Caching").

- HTTP caching headers: a public page gets `Cache-Control: public, max-age, s-maxage`, a strong
  ETag (a conditional GET gets a 304) and `Vary: Accept-Encoding` only; the admin, previews,
  pages with a CSRF form, anything for a signed-in editor and anything that sets a cookie get
  `private, no-store`.
- The page cache: rendered public pages, keyed by scheme, host, language, URL and encoding,
  answered in front of Django by the WSGI and ASGI fronts (cancerhelp/wsgi.py, asgi.py), and
  by the first middleware when Django is called directly (tests, other servers).
- Purging: any change to what a page shows (publish, unpublish, move, delete, a directory
  entry, a help line, a translation, a link-check result) empties the page cache and asks
  the reverse proxy or CDN in front (Wagtail's frontend cache) to drop every public URL.
- SafeRedisCache: Django's RedisCache that treats an outage as a miss, never an error.
"""

import asyncio
import hashlib
import io
import logging
import os
import re
import threading
import time
import weakref
from functools import cached_property
from http.client import responses

from asgiref.sync import sync_to_async
from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from django.core.exceptions import DisallowedHost
from django.core.handlers.asgi import ASGIRequest
from django.core.handlers.wsgi import WSGIRequest
from django.db import transaction
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.translation import get_language_from_path

from .queries import forget_memos, request_generation

logger = logging.getLogger("cancerhelp.cache")

# Never public: the CMS and its previews, and editors' documents (may be private).
PRIVATE_PREFIXES = ("/admin/", "/django-admin/", "/documents/")
# Outside the language prefix: their language is not in the URL, so Vary keeps Accept-Language
# if a view asked for it, and the page cache leaves them to the reverse proxy.
UNPREFIXED = PRIVATE_PREFIXES + (
    "/api/",
    "/sitemap.xml",
    "/robots.txt",
    "/directory/",
    "/static/",
    "/media/",
    "/favicon.ico",
)
PUBLIC_STATUSES = {200, 301, 404, 410}
GENERATION_KEY = "page-cache:generation"
ACCEPTS_GZIP = re.compile(r"\bgzip\b")


# --- A cache that survives a Redis outage -------------------------------------------------

_last_warning = [0.0]


def _warn(operation, exc):
    now = time.monotonic()
    if now - _last_warning[0] > 60:  # once a minute, not once a request
        _last_warning[0] = now
        logger.warning("Cache unavailable (%s failed: %s); serving uncached.", operation, exc)


# One connection pool and one client per Redis server for the whole process, and one
# redis.asyncio client per server and event loop (its connections belong to that loop); the
# main thread's own connection per pool (SharedRedisCacheClient.get_many).
_shared_clients = {}
_shared_clients_lock = threading.Lock()
_async_clients = weakref.WeakKeyDictionary()
_own_connections = {}  # the main thread's, by pool


class SharedRedisCacheClient(RedisCacheClient):
    """Django's Redis client, with one connection pool and one redis.Redis per server for the
    whole process instead of per backend object.

    Django keeps a cache backend per thread and, under ASGI, per request (its handles live in
    an asgiref Local): each with its own pool, so every request of the ASGI server opened a
    new Redis connection (a page-cache hit took 4-6 ms instead of 0.5). Django's client also
    builds a new redis.Redis, with its ~170 reply callbacks, for every operation. redis-py's
    pools and clients are thread-safe, and a pool reconnects after a fork.
    """

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = _shared_clients.get(self._shared_keys[index])
        if client is None:
            with _shared_clients_lock:
                client = _shared_clients.get(self._shared_keys[index])
                if client is None:
                    pool = self._pool_class.from_url(self._servers[index], **self._pool_options)
                    client = _shared_clients[self._shared_keys[index]] = self._client(connection_pool=pool)
        return client

    @cached_property
    def _shared_keys(self):
        """What two backend objects must agree on to share a server's clients, per server."""
        options = repr(sorted(self._pool_options.items()))
        return [(server, options) for server in self._servers]

    def get_many(self, keys):
        """MGET (every page-cache read) in a process's main thread (gunicorn's sync workers)
        on a connection of its own: redis-py's pool checkout, health check and retry wrapper
        cost more than the read (78 µs of CPU against 31 here). On any error the connection
        is dropped (the next read reconnects) and the error goes to SafeRedisCache, as a
        miss. Other threads come and go (one per ASGI request), so they use the pool."""
        if threading.current_thread() is not threading.main_thread():
            return super().get_many(keys)
        connection = self._own_connection()
        try:
            connection.send_command("MGET", *keys)
            values = connection.read_response()
        except BaseException:
            connection.disconnect()
            raise
        return self._found(keys, values)

    async def aget_many(self, keys):
        """MGET with redis.asyncio on the running event loop (the ASGI front)."""
        keys = list(keys)
        return self._found(keys, await self._async_client().mget(keys))

    def _found(self, keys, values):
        loads = self._serializer.loads
        return {key: loads(value) for key, value in zip(keys, values, strict=True) if value is not None}

    def _own_connection(self):
        pool = self.get_client().connection_pool
        held = _own_connections.get(id(pool))
        if held is None or held[0] != os.getpid():  # none yet, or inherited across a fork
            held = _own_connections[id(pool)] = (os.getpid(), pool.connection_class(**pool.connection_kwargs))
        return held[1]

    def _async_client(self):
        """redis.asyncio's client for this server on the running event loop."""
        index = self._get_connection_pool_index(False)
        clients = _async_clients.setdefault(asyncio.get_running_loop(), {})
        client = clients.get(self._shared_keys[index])
        if client is None:
            options = {k: v for k, v in self._pool_options.items() if k != "parser_class"}
            client = clients[self._shared_keys[index]] = self._lib.asyncio.Redis.from_url(
                self._servers[index], **options
            )
        return client


class SafeRedisCache(RedisCache):
    """Django's RedisCache; when Redis is down, reads miss and writes are dropped (logged)."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = SharedRedisCacheClient

    def _safe(self, operation, fallback, *args, **kwargs):
        try:
            return getattr(super(), operation)(*args, **kwargs)
        except Exception as exc:  # noqa: BLE001 - RedisError, OSError...: the cache is optional, logged
            _warn(operation, exc)
            return fallback

    def validate_key(self, key):
        """Redis takes any key: Django's check is memcached's (a loop over each character)."""

    def get(self, key, default=None, version=None):
        return self._safe("get", default, key, default, version)

    def get_many(self, keys, version=None):
        return self._safe("get_many", {}, keys, version)

    async def aget_many(self, keys, version=None):
        """Read on the event loop with redis.asyncio (Django's default runs get_many in a
        thread): the ASGI front answers a page-cache hit without leaving the loop."""
        key_map = {self.make_and_validate_key(key, version=version): key for key in keys}
        try:
            found = await self._cache.aget_many(key_map)
        except Exception as exc:  # noqa: BLE001 - RedisError, OSError...: the cache is optional, logged
            _warn("get_many", exc)
            return {}
        return {key_map[key]: value for key, value in found.items()}

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._safe("set", None, key, value, timeout, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._safe("set_many", list(data), data, timeout, version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._safe("add", False, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._safe("touch", False, key, timeout, version)

    def incr(self, key, delta=1, version=None):
        try:
            return super().incr(key, delta, version)
        except ValueError:
            raise  # a missing key stays the caller's business, as with every backend
        except Exception as exc:  # noqa: BLE001 - Redis down: counted as a first hit, logged
            _warn("incr", exc)
            return delta

    def has_key(self, key, version=None):
        return self._safe("has_key", False, key, version)

    def delete(self, key, version=None):
        return self._safe("delete", False, key, version)

    def delete_many(self, keys, version=None):
        return self._safe("delete_many", None, keys, version)

    def clear(self):
        return self._safe("clear", None)


def page_cache():
    return caches[getattr(settings, "PAGE_CACHE_ALIAS", "pages")]


# --- HTTP caching headers ---------------------------------------------------------------


def is_public(request, response):
    """May any browser, proxy or CDN keep this response and give it to anyone?"""
    if request.method not in ("GET", "HEAD") or response.status_code not in PUBLIC_STATUSES:
        return False
    if response.streaming or response.cookies or request.path.startswith(PRIVATE_PREFIXES):
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES:  # a signed-in editor: userbar, drafts
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):  # the page holds a CSRF-protected form
        return False
    return not getattr(request, "is_preview", False)


def apply_http_caching(request, response):
    """Set Cache-Control, ETag and Vary; True when the response is public."""
    if response.has_header("Cache-Control"):  # the view decided (static files, the admin...)
        return "public" in response["Cache-Control"] and "private" not in response["Cache-Control"]
    if not is_public(request, response):
        response["Cache-Control"] = "private, no-store"
        return False
    response["Cache-Control"] = (
        f"public, max-age={settings.CACHE_MAX_AGE}, s-maxage={settings.CACHE_S_MAXAGE}"
    )
    if not request.path.startswith(UNPREFIXED):
        # The URL carries the language and nothing here depends on a cookie.
        if response.has_header("Vary"):
            del response["Vary"]
        if response.has_header("Content-Encoding") or len(response.content) >= 200:
            patch_vary_headers(response, ("Accept-Encoding",))
    elif response.has_header("Vary"):
        kept = [h.strip() for h in response["Vary"].split(",") if h.strip().lower() != "cookie"]
        response["Vary"] = ", ".join(kept)
        if not kept:
            del response["Vary"]
    if response.status_code == 200 and not response.has_header("ETag"):
        digest = hashlib.md5(response.content, usedforsecurity=False).hexdigest()
        response["ETag"] = f'"{digest}"'
    return True


# --- The page cache ---------------------------------------------------------------------


def page_cache_key(request):
    """Scheme, host, language, URL and encoding: everything a cached page may differ by."""
    language = get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
    gzip = "gz" if ACCEPTS_GZIP.search(request.META.get("HTTP_ACCEPT_ENCODING", "")) else "id"
    raw = "|".join([request.scheme, request.get_host(), language, request.get_full_path(), gzip])
    return "page:" + hashlib.sha256(raw.encode()).hexdigest()


def may_use_page_cache(request):
    return (
        getattr(settings, "PAGE_CACHE", True)
        and request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not request.path.startswith(UNPREFIXED)
    )


def current_generation(cache):
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        generation = time.time_ns()
        cache.add(GENERATION_KEY, generation, None)
    return generation


# A front that missed leaves its lookup here (in the WSGI environ, or the ASGI scope) so
# that the middleware does not read the cache a second time for the same request.
LOOKED_UP = "cancerhelp.page_cache_lookup"


def lookup_store(request):
    """Where a front and Django's middleware both see this request: the ASGI scope, or the
    WSGI environ (which Django's request keeps as META)."""
    scope = getattr(request, "scope", None)
    return scope if scope is not None else request.META


def cached_entry(request):
    """(key, generation, entry), the entry being the stored page if it is still current; the
    key is None when the page cache does not apply (or the host is not allowed: Django
    answers 400 further in, and only a valid host's pages are ever kept)."""
    looked_up = lookup_store(request).pop(LOOKED_UP, None)
    if looked_up is not None:
        return (*looked_up, None)
    key = lookup_key(request)
    if key is None:
        return None, None, None
    return current_entry(key, page_cache().get_many([GENERATION_KEY, key]))


async def acached_entry(request):
    """cached_entry for the ASGI front, reading with the cache's async API."""
    key = lookup_key(request)
    if key is None:
        return None, None, None
    return current_entry(key, await page_cache().aget_many([GENERATION_KEY, key]))


def lookup_key(request):
    if not may_use_page_cache(request):
        return None
    try:
        return page_cache_key(request)
    except DisallowedHost:
        return None


def current_entry(key, found):
    generation = found.get(GENERATION_KEY)
    entry = found.get(key)
    if entry is not None and entry[0] != generation:
        entry = None
    return key, generation, entry


class CacheMiddleware:
    """First in MIDDLEWARE: answers from the page cache, else lets the site render and then
    sets the caching headers, keeps a public page and answers conditional GETs with 304."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key, generation, entry = cached_entry(request)
        if entry is not None:
            return self.from_entry(request, entry)
        # The content memos (core.queries) read the generation once for the whole request,
        # and the page is stored under it: if content changes while it renders, the stored
        # copy is already stale.
        generation = generation or current_generation(page_cache())
        token = request_generation.set(generation)
        try:
            response = self.get_response(request)
        finally:
            request_generation.reset(token)
        if apply_http_caching(request, response) and key is not None and response.status_code == 200:
            entry = (generation, response.status_code, list(response.items()), response.content)
            page_cache().set(key, entry, settings.PAGE_CACHE_TIMEOUT)
            response["X-Page-Cache"] = "miss"
        return self.conditional(request, response)

    @staticmethod
    def from_entry(request, entry):
        _generation, status, headers, content = entry
        response = HttpResponse(content, status=status)
        for name, value in headers:
            response[name] = value
        response["X-Page-Cache"] = "hit"
        return CacheMiddleware.conditional(request, response)

    @staticmethod
    def conditional(request, response):
        if response.status_code != 200 or not response.has_header("ETag"):
            return response
        if request.method not in ("GET", "HEAD"):
            return response
        return get_conditional_response(request, etag=response["ETag"], response=response)


def answer_from_cache(request):
    """(status code, headers, body) of a stored page for this request, or None.

    For the fronts below: the middleware's own answer (the stored headers already hold
    everything the middleware stack added; Django's conditional GET gives the 304s), sent
    without Django's handler. If-Match and If-Unmodified-Since are left to Django. A miss
    leaves its lookup for the middleware (LOOKED_UP).
    """
    if left_to_django(request):
        return None
    return answer_with(request, *cached_entry(request))


async def aanswer_from_cache(request):
    """answer_from_cache, reading with the page cache's async API."""
    if left_to_django(request):
        return None
    return answer_with(request, *await acached_entry(request))


def left_to_django(request):
    return "HTTP_IF_MATCH" in request.META or "HTTP_IF_UNMODIFIED_SINCE" in request.META


def answer_with(request, key, generation, entry):
    if entry is None:
        if key is not None:
            lookup_store(request)[LOOKED_UP] = (key, generation)
        return None
    if "HTTP_IF_NONE_MATCH" in request.META or "HTTP_IF_MODIFIED_SINCE" in request.META:
        response = CacheMiddleware.from_entry(request, entry)  # Django compares, maybe a 304
        status, headers, content = response.status_code, list(response.items()), response.content
    else:  # nothing to compare: the stored answer as it is, without a response object
        _generation, status, headers, content = entry
        headers = [*headers, ("X-Page-Cache", "hit")]
    return status, headers, b"" if request.method == "HEAD" else content


def reads_natively_async(cache):
    """Django's cache backends run their async API in a thread, except ours for Redis."""
    return type(cache).aget_many is not BaseCache.aget_many


class PageCacheApplication:
    """The WSGI application, with page-cache hits answered before Django (cancerhelp/wsgi.py).

    A hit through CacheMiddleware still pays for Django's handler, its signals, every
    middleware wrapper and a response object; here it costs a request object and one cache
    read (the generation and the page together), and the stored bytes go straight out: a
    hit takes 0.15 ms in the process instead of 0.4 (docs/deployment.md, "Throughput").
    """

    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        try:
            answer = answer_from_cache(WSGIRequest(environ))
        except Exception:  # never worse than no cache: Django answers, and it is logged
            logger.exception("Page cache front failed; passing the request to Django.")
            answer = None
        if answer is None:
            return self.application(environ, start_response)
        status, headers, body = answer
        start_response(f"{status} {responses[status]}", headers)
        return [body]


class AsgiPageCacheApplication:
    """The same front for the ASGI application (cancerhelp/asgi.py, `make run`). Redis is read
    on the event loop with redis.asyncio; any other cache (files, memory) in a worker thread,
    never on the event loop (a slow disk would hold every connection)."""

    def __init__(self, application):
        self.application = application

    async def __call__(self, scope, receive, send):
        answer = None
        if scope["type"] == "http" and scope.get("method") in ("GET", "HEAD"):
            try:
                request = ASGIRequest(scope, io.BytesIO())
                if reads_natively_async(page_cache()):
                    answer = await aanswer_from_cache(request)
                else:
                    answer = await sync_to_async(answer_from_cache, thread_sensitive=False)(request)
            except Exception:  # never worse than no cache: Django answers, and it is logged
                logger.exception("Page cache front failed; passing the request to Django.")
                answer = None
        if answer is None:
            return await self.application(scope, receive, send)
        status, headers, body = answer
        await send(
            {
                "type": "http.response.start",
                "status": status,
                "headers": [(name.encode("latin-1"), value.encode("latin-1")) for name, value in headers],
            }
        )
        await send({"type": "http.response.body", "body": body})


# --- Purging ----------------------------------------------------------------------------

_purging = threading.local()


def purge_page_cache():
    """Drop every cached page at once: a new generation makes every entry stale."""
    page_cache().set(GENERATION_KEY, time.time_ns(), None)


def public_urls():
    """Every public URL that shows content: each live page (with its sub-routes) and the
    unprefixed views that list directory entries."""
    from wagtail.models import Page, Site

    urls = set()
    for site in Site.objects.all():
        root = site.root_url
        urls.update(root + path for path in ("/sitemap.xml", "/robots.txt", "/directory/export.csv"))
        urls.update(root + "/api/hsds/" + name for name in ("", "services", "organizations"))
        urls.update(root + "/api/hsds/" + name for name in ("service_at_locations", "taxonomy_terms"))
    for page in Page.objects.live().public().specific().iterator():
        url = page.get_full_url()
        if url:
            urls.update(url.rstrip("/") + path for path in page.get_cached_paths())
    return sorted(urls)


def purge_frontend_cache():
    """Ask the reverse proxy or CDN in front (settings.WAGTAILFRONTENDCACHE) to drop every page."""
    if not getattr(settings, "WAGTAILFRONTENDCACHE", None):
        return
    from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache

    try:
        purge_urls_from_cache(public_urls())
    except Exception as exc:  # noqa: BLE001 - the proxy is down: its copies expire after s-maxage, logged
        logger.warning("Could not purge the frontend cache: %s", exc)


def _after_commit():
    forget_memos()
    purge_page_cache()
    purge_frontend_cache()


def content_changed(**kwargs):
    """Something a page shows changed: purge now, and again once the transaction commits (so
    no reader's request caches the old version in between); the reverse proxy once per
    transaction."""
    if getattr(_purging, "suspended", False):
        return
    forget_memos()
    request_generation.set(None)  # this request's later reads see the new generation
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        _after_commit()
        return
    purge_page_cache()  # every time: a reader inside this transaction sees each change
    if not any(item[1] is _after_commit for item in connection.run_on_commit):
        transaction.on_commit(_after_commit)


class purges_suspended:
    """`with purges_suspended():` for bulk loads that purge once at the end themselves."""

    def __enter__(self):
        _purging.suspended = True

    def __exit__(self, *exc):
        _purging.suspended = False
        content_changed()


def connect_signals():
    from django.apps import apps
    from django.db.models.signals import m2m_changed, post_delete, post_save
    from wagtail.models import Page
    from wagtail.signals import page_published, page_unpublished, post_page_move

    page_published.connect(content_changed, dispatch_uid="cancerhelp-cache-published")
    page_unpublished.connect(content_changed, dispatch_uid="cancerhelp-cache-unpublished")
    post_page_move.connect(content_changed, dispatch_uid="cancerhelp-cache-moved")
    for model in apps.get_models():
        if issubclass(model, Page):
            post_delete.connect(content_changed, sender=model, dispatch_uid=f"cache-del-{model._meta.label}")
    for label in settings.PAGE_CACHE_PURGED_BY:
        model = apps.get_model(label)
        post_save.connect(content_changed, sender=model, dispatch_uid=f"cache-save-{label}")
        post_delete.connect(content_changed, sender=model, dispatch_uid=f"cache-del-{label}")
        for field in model._meta.many_to_many:
            through = field.remote_field.through
            m2m_changed.connect(content_changed, sender=through, dispatch_uid=f"cache-m2m-{field}")
