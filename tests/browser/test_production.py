"""What only the production configuration does, checked end to end on the served site:
hashed and compressed static files, production headers, the rate limit shared by every
gunicorn worker (file cache)."""

import re
import urllib.error
import urllib.request


def fetch(url, headers=None):
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def test_static_files_are_hashed_compressed_and_cached_for_good(page, site_url):
    page.goto("/")
    icon = page.get_attribute("link[rel=icon]", "href")
    assert re.fullmatch(r"/static/img/favicon\.[0-9a-f]{12}\.svg", icon), icon  # manifest storage
    status, headers, _body = fetch(site_url + icon, {"Accept-Encoding": "gzip"})
    assert status == 200
    assert headers["Content-Encoding"] == "gzip"  # compressed when collected
    assert "immutable" in headers["Cache-Control"] and "max-age=315360000" in headers["Cache-Control"]
    assert fetch(site_url + "/static/img/favicon.svg")[0] == 200  # the plain name still works
    assert fetch(site_url + "/static/img/no-such-file.svg")[0] == 404


def test_pages_carry_the_production_headers(site_url):
    for path in ("/", "/es/recursos/", "/this-page-does-not-exist/"):
        _status, headers, _body = fetch(site_url + path)
        policy = headers["Content-Security-Policy"]
        assert policy.startswith("default-src 'self'") and "script-src 'self';" in policy
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "same-origin"
        assert headers["X-Frame-Options"] == "DENY"
        assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
        assert "camera=()" in headers["Permissions-Policy"]
        assert "Server-Timing" not in headers and "X-Debug" not in " ".join(headers.keys())
    _status, _headers, body = fetch(site_url + "/this-page-does-not-exist/")
    assert b"Traceback" not in body and b"DEBUG = True" not in body  # DEBUG is off


def test_report_rate_limit_is_shared_by_every_worker(page):
    """Two gunicorn workers, one file cache: the sixth report in an hour is refused."""
    page.goto("/resources/")
    form_url = page.get_attribute(".report-link a", "href")
    statuses = []
    for _ in range(6):
        page.goto(form_url)
        page.check("input[name=kind][value=other]")
        with page.expect_navigation() as navigation:
            page.click("form button[type=submit]")
        statuses.append(navigation.value.status)
    assert statuses[:5] == [200] * 5  # 303 to the thanks page, which answers 200
    assert statuses[5] == 429
    assert page.url.endswith(form_url) and "Too many reports" in page.content()
