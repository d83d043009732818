"""Find every public page by following links from both home pages, as a reader would."""

from urllib.parse import urljoin, urlparse

SKIP_PREFIXES = ("/admin", "/django-admin", "/static/", "/documents/", "/api/")
SKIP_SUFFIXES = ("/pdf/",)  # downloads (a topic page's handout PDF), not pages
EXTRA_PAGES = [
    "/search/?q=cancer",
    "/es/buscar/?q=cancer",
    "/resources/?kind=financial-help&language=es",
    "/resources/?near=Xyzzyville",  # the form's error state
    "/resources/?near=10001&radius=25",
    "/resources/?near=Houston",  # a city in several states: the biggest, and links to the others
    "/resources/?near=59001&radius=10",  # nothing close: the nearest places beyond
    "/es/recursos/?kind=peer-support",
    "/es/recursos/?near=00000",
    "/es/recursos/?near=TX",
    "/this-page-does-not-exist/",
    "/es/esta-pagina-no-existe/",
]


def public_pages(page, site_url, limit=80):
    """Crawl internal links (no query strings) from / and /es/; add search and a 404."""
    seen, queue, found = set(), ["/", "/es/"], []
    while queue and len(found) < limit:
        path = queue.pop(0)
        if path in seen:
            continue
        seen.add(path)
        response = page.goto(site_url + path)
        if (
            response is None
            or response.status != 200
            or "text/html" not in response.headers.get("content-type", "")
        ):
            continue
        found.append(path)
        for href in page.eval_on_selector_all("a[href]", "links => links.map(a => a.getAttribute('href'))"):
            target = urlparse(urljoin(site_url + path, href))
            if (
                target.netloc != urlparse(site_url).netloc
                or target.query
                or target.scheme not in ("http", "https")
            ):
                continue
            if (
                target.path.startswith(SKIP_PREFIXES)
                or target.path.endswith(SKIP_SUFFIXES)
                or target.path in seen
            ):
                continue
            queue.append(target.path)
    return found + EXTRA_PAGES
