"""The public site as static files (`make export`, `manage.py export_site`).

Renders every public page in both languages through the app itself (so the files are the
very bytes it serves), follows every internal link from them, and writes one file per
address: `/what-is-metastatic-cancer/` becomes `what-is-metastatic-cancer/index.html`. An
address with a query string (a finder preset `?kind=...`, a results page, the
`?notranslation=1` notice) gets a folder of its own and the links to it are rewritten.
What a static host cannot do is left out: links to the report-a-problem forms and to a
page's PDF handout (made on request; the print view is exported) become plain text, and
forms that search send readers to the page without results. The sitemap, robots.txt and
every absolute address name the public site (--base-url), never the app server. The HSDS
data goes in hsds/ (JSON and CSV package).
"""

import re
from collections import deque
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

from django.conf import settings
from django.test import Client

LINK = re.compile(r'(?P<attr>\b(?:href|src|action))="(?P<url>[^"]*)"')
REPORT_LINK = re.compile(
    r'<a\b[^>]*href="[^"]*(?:/report/|/reportar/|/pdf/)[^"]*"[^>]*>(?P<text>.*?)</a>', re.S
)
SKIPPED = ("/admin/", "/django-admin/", "/api/")
TEXT_TYPES = ("text/", "application/json", "application/xml", "application/javascript")
MAX_ADDRESSES = 20_000


def is_internal(url):
    return url.startswith("/") and not url.startswith("//")


def skipped(path):
    return path.startswith(SKIPPED) or any(part in path for part in ("/report/", "/reportar/", "/pdf/"))


def static_path(url):
    """The address a static host serves for `url` (path + query)."""
    parts = urlsplit(url)
    path = parts.path or "/"
    if parts.query:
        slug = re.sub(r"[^A-Za-z0-9_.-]+", "-", parts.query).strip("-")
        path = path.rstrip("/") + "/q-" + slug + "/"
    return path


def file_for(path):
    relative = path.lstrip("/")
    if path.endswith("/"):
        relative += "index.html"
    return Path(relative)


def seeds():
    from wagtail.models import Page

    from .queries import public

    urls = ["/", "/robots.txt", "/sitemap.xml"]
    for page in public(Page.objects.live()).specific().iterator():
        url = page.get_url()
        if url:
            urls.append(url)
    return urls


def export_site(output, base_url, stdout=None):  # noqa: C901 - one step after another; to split
    """Write the public site into `output`; returns the number of files written."""
    from django.core.management import call_command

    output = Path(output)
    output.mkdir(parents=True, exist_ok=True)
    base_url = base_url.rstrip("/")
    host = (
        settings.ALLOWED_HOSTS[0]
        if settings.ALLOWED_HOSTS and settings.ALLOWED_HOSTS[0] != "*"
        else "localhost"
    )
    client = Client(HTTP_HOST=host)
    app_origins = {f"http://{host}", f"https://{host}"}
    from wagtail.models import Site

    for site in Site.objects.all():
        app_origins.add(site.root_url)

    queue = deque(seeds())
    seen = set(queue)
    responses = {}
    while queue and len(seen) < MAX_ADDRESSES:
        url = queue.popleft()
        response = client.get(url, follow=False)
        if response.status_code in (301, 302, 307, 308):
            target = response["Location"]
            for origin in app_origins:
                if target.startswith(origin):
                    target = target[len(origin) :] or "/"
            responses[url] = ("redirect", target)
            if is_internal(target) and target not in seen:
                seen.add(target)
                queue.append(target)
            continue
        if response.status_code != 200:
            raise RuntimeError(f"{url}: {response.status_code}")
        content_type = response.get("Content-Type", "")
        body = b"".join(response.streaming_content) if response.streaming else response.content
        responses[url] = (content_type, body)
        if "html" not in content_type:
            continue
        for match in LINK.finditer(body.decode("utf-8")):
            link = urldefrag(match.group("url").replace("&amp;", "&"))[0]
            if not is_internal(link) or skipped(urlsplit(link).path) or link in seen:
                continue
            if match.group("attr") == "action":
                continue  # a form: its page is exported without results
            seen.add(link)
            queue.append(link)

    def rewrite(text):
        for origin in sorted(app_origins, key=len, reverse=True):
            text = text.replace(origin, base_url)
        text = REPORT_LINK.sub(lambda m: m.group("text"), text)

        def link(match):
            url = match.group("url")
            bare, _, fragment = url.partition("#")
            bare = bare.replace("&amp;", "&")
            if not is_internal(bare) or "?" not in bare or match.group("attr") == "action":
                return match.group(0)
            new = static_path(bare) + ("#" + fragment if fragment else "")
            return f'{match.group("attr")}="{new}"'

        return LINK.sub(link, text)

    written = 0
    for url, (content_type, body) in responses.items():
        target = output / file_for(static_path(url))
        target.parent.mkdir(parents=True, exist_ok=True)
        if content_type == "redirect":
            destination = static_path(body) if is_internal(body) else body
            body = (
                '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
                f'<meta http-equiv="refresh" content="0; url={destination}">'
                f'<title>Moved</title></head><body><a href="{destination}">{destination}</a></body></html>'
            ).encode()
        elif content_type.startswith(TEXT_TYPES) or "xml" in content_type:
            body = rewrite(body.decode("utf-8")).encode("utf-8")
        target.write_bytes(body)
        written += 1

    hsds = output / "hsds"
    hsds.mkdir(exist_ok=True)
    call_command("export_hsds", str(hsds / "services.json"), stdout=stdout)
    call_command("export_hsds", str(hsds / "organizations.json"), shape="organizations", stdout=stdout)
    call_command("export_hsds", str(hsds / "tables"), format="csv", stdout=stdout)
    return written
