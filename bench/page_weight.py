"""Page weight and query count of the public pages (budget: topic page < 50 KB in all,
HTML with its inline CSS < 14 KB, both compressed as transferred).

Usage: start the site (`make run`), then `python bench/page_weight.py [--base-url URL]`.
Query counts are measured in-process against the same database (DJANGO_SETTINGS_MODULE,
default cancerhelp.settings.dev, i.e. var/db.sqlite3).
"""

import argparse
import gzip
import os
import re
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urljoin

PAGES = [
    "/",
    "/what-is-metastatic-cancer/",
    "/community-cancer-resource-centers/",
    "/es/",
    "/es/que-es-el-cancer-metastasico/",
]
ASSET = re.compile(r'<(?:link[^>]+href|script[^>]+src|img[^>]+src)="([^"]+)"')
HTML_BUDGET, TOTAL_BUDGET = 14 * 1024, 50 * 1024


def fetch(url):
    request = urllib.request.Request(url, headers={"Accept-Encoding": "br, gzip", "User-Agent": "bench"})
    with urllib.request.urlopen(request, timeout=10) as response:
        body = response.read()
        encoding = response.headers.get("Content-Encoding", "")
    text = gzip.decompress(body) if encoding == "gzip" else body
    return len(body), encoding or "identity", text


def query_count(path):
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="localhost")
    client.get(path)
    with CaptureQueriesContext(connection) as queries:
        status = client.get(path).status_code
    return status, len(queries)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--base-url", default="http://127.0.0.1:8000")
    args = parser.parse_args()
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cancerhelp.settings.dev")
    import django

    django.setup()
    print(f"{'page':42} {'html':>9} {'enc':>5} {'total':>9} {'queries':>8} {'ms':>6}  budget")
    for path in PAGES:
        url = args.base_url + path
        start = time.perf_counter()
        try:
            html_size, encoding, text = fetch(url)
        except OSError as error:
            print(f"{path:42} unreachable: {error}")
            continue
        elapsed = (time.perf_counter() - start) * 1000
        total = html_size
        for asset in sorted(set(ASSET.findall(text.decode("utf-8", "replace")))):
            if asset.startswith(("http://", "https://")) and not asset.startswith(args.base_url):
                continue  # alternates (hreflang) are links, not downloads
            if 'rel="alternate"' in asset:
                continue
            if asset.startswith("/static/"):
                total += fetch(urljoin(url, asset))[0]
        status, queries = query_count(path)
        ok = "ok" if html_size < HTML_BUDGET and total < TOTAL_BUDGET else "OVER"
        print(f"{path:42} {html_size:>8}B {encoding:>5} {total:>8}B {queries:>8} {elapsed:>6.1f}  {ok}")


if __name__ == "__main__":
    main()
