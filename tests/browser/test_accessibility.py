"""Every public page, in both languages: axe-core finds no WCAG 2.x A/AA violation, the
page makes no third-party request, and the browser reports no error (CSP included)."""

from urllib.parse import urlparse

import pytest

from .pages import public_pages

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]


@pytest.fixture(scope="module")
def every_page(browser, site_url):
    context = browser.new_context(base_url=site_url)
    crawler = context.new_page()
    pages = public_pages(crawler, site_url)
    context.close()
    return pages


def run_axe(page, axe_source):
    page.evaluate(axe_source)
    return page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})"
        ".then(r => r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,"
        " nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5)})))",
        AXE_TAGS,
    )


def test_crawl_finds_pages_in_both_languages(every_page):
    assert "/" in every_page and "/es/" in every_page
    assert "/what-is-metastatic-cancer/" in every_page
    assert any(path.startswith("/es/") and path != "/es/" for path in every_page)
    assert "/resources/" in every_page and "/es/recursos/" in every_page
    assert any("/report/" in path for path in every_page), "a report-a-problem form"


def test_every_public_page_has_no_axe_violations(page, every_page, axe_source, site_url):
    failures = {}
    for path in every_page:
        page.goto(path)
        violations = run_axe(page, axe_source)
        if violations:
            failures[path] = violations
    assert failures == {}


MISSING_ON_PURPOSE = {"/this-page-does-not-exist/", "/es/esta-pagina-no-existe/"}


@pytest.mark.parametrize("width", [320, 1280])
def test_every_public_page_makes_no_third_party_request_or_error(browser, every_page, site_url, width):
    context = browser.new_context(base_url=site_url, viewport={"width": width, "height": 900})
    tab = context.new_page()
    hosts, errors, failed = set(), [], []

    def on_console(message):
        # The two deliberate 404 pages log their own status; nothing else may fail.
        page_path = urlparse(message.location.get("url", "")).path
        if message.type == "error" and not ("404" in message.text and page_path in MISSING_ON_PURPOSE):
            errors.append(message.text)

    def on_response(response):
        path = urlparse(response.url).path
        if response.status >= 400 and not (
            response.request.resource_type == "document" and path in MISSING_ON_PURPOSE
        ):
            failed.append((response.status, response.url))

    tab.on("request", lambda request: hosts.add(urlparse(request.url).netloc))
    tab.on("console", on_console)
    tab.on("response", on_response)
    for path in every_page:
        tab.goto(path)
    context.close()
    assert hosts == {urlparse(site_url).netloc}
    assert failed == []  # a missing stylesheet, image or script fails here
    assert errors == []


def test_topic_page_reads_at_200_percent_zoom_without_sideways_scrolling(browser, site_url):
    # 200% zoom on a 640px-wide window is a 320 CSS px viewport (WCAG 1.4.10 reflow).
    context = browser.new_context(
        base_url=site_url, viewport={"width": 640, "height": 800}, device_scale_factor=2
    )
    tab = context.new_page()
    tab.goto("/what-is-metastatic-cancer/")
    tab.evaluate("document.body.style.zoom = '2'")
    overflow = tab.evaluate("document.documentElement.scrollWidth > document.documentElement.clientWidth + 1")
    context.close()
    assert overflow is False


def test_pages_read_without_javascript(browser, site_url):
    context = browser.new_context(base_url=site_url, java_script_enabled=False)
    tab = context.new_page()
    tab.goto("/what-is-metastatic-cancer/")
    text = tab.inner_text("main")
    context.close()
    assert "Metastatic means the cancer has spread" in text
    assert "Resources for Financial Support" in text


def test_axe_check_can_fail(page, axe_source):
    """Guard against a silent checker: a page with a nameless image link must fail."""
    page.goto("/")
    page.evaluate(
        "() => { const a = document.createElement('a'); a.href = '/x/';"
        " a.appendChild(document.createElement('img')); document.querySelector('main').appendChild(a); }"
    )
    ids = {violation["id"] for violation in run_axe(page, axe_source)}
    assert {"image-alt", "link-name"} <= ids
