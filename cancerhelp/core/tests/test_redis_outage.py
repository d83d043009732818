"""A Redis outage with a real Redis: our own redis-server on a free port (never the shared
one) holds the page cache; we kill it mid-run and every page still answers 200, served
uncached; when it comes back, pages are cached again."""

import shutil
import socket
import subprocess
import time

import pytest
from django.core.cache import caches
from django.test import Client

from .test_cache import PUBLIC_PAGES, TOPIC

pytestmark = pytest.mark.django_db
REDIS_SERVER = shutil.which("redis-server")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class PrivateRedis:
    def __init__(self, port):
        self.port = port
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            [
                REDIS_SERVER,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                assert time.monotonic() < deadline and self.process.poll() is None, (
                    "redis-server did not start"
                )
                time.sleep(0.05)

    def kill(self):
        self.process.kill()
        self.process.wait()


@pytest.fixture
def redis_cache(settings):
    if REDIS_SERVER is None:
        pytest.skip("redis-server not installed (Debian: apt-get install redis-server)")
    redis = PrivateRedis(free_port())
    redis.start()
    backend = {
        "BACKEND": "cancerhelp.core.cache.SafeRedisCache",
        "LOCATION": f"redis://127.0.0.1:{redis.port}/0",
        "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
    }
    settings.PAGE_CACHE = True
    settings.CACHES = {
        "default": {**backend, "KEY_PREFIX": "test"},
        "pages": {**backend, "KEY_PREFIX": "test:pages"},
    }
    yield redis
    if redis.process.poll() is None:
        redis.kill()


def fetch(url):
    return Client(raise_request_exception=False).get(url)


def test_killing_redis_leaves_every_page_up_served_uncached(redis_cache):
    fetch(TOPIC)
    cached = fetch(TOPIC)
    assert cached.status_code == 200 and cached["X-Page-Cache"] == "hit"  # Redis really holds it

    redis_cache.kill()
    for url in [*PUBLIC_PAGES, "/api/hsds/services", "/glossary/"]:
        response = fetch(url)
        assert response.status_code == 200, url
        if url.startswith("/api/"):
            continue
        assert response["X-Page-Cache"] == "miss", url
    assert caches["default"].get("anything", "fallback") == "fallback"

    redis_cache.start()  # back: pages are cached again, without a restart of the site
    fetch(TOPIC)
    assert fetch(TOPIC)["X-Page-Cache"] == "hit"
