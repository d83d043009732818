"""`make export`: the public site as static files, crawled offline."""

import json
import re
from urllib.parse import urldefrag

import pytest
from django.core.management import call_command

from cancerhelp.core.export import LINK, file_for

BASE = "https://cancerhelp.example.org"


pytestmark = pytest.mark.xdist_group("export")  # one export per run (make test: --dist loadgroup)
_exported = {}


@pytest.fixture
def export(db, tmp_path_factory):
    if "folder" not in _exported:
        folder = tmp_path_factory.mktemp("export")
        call_command("export_site", str(folder), base_url=BASE, verbosity=0)
        _exported["folder"] = folder
    return _exported["folder"]


def test_both_languages_every_topic_and_the_finders_are_there(export):
    for path in [
        "/",
        "/es/",
        "/what-is-metastatic-cancer/",
        "/es/que-es-el-cancer-metastasico/",
        "/resources/",
        "/es/recursos/",
        "/community-cancer-resource-centers/",
    ]:
        assert (export / file_for(path)).is_file(), path
    presets = list(export.glob("resources/q-kind-*/index.html"))
    assert presets, "the finder presets linked from the topic pages"


def test_sitemap_robots_and_hsds_name_the_public_site(export):
    sitemap = (export / "sitemap.xml").read_text()
    assert f"<loc>{BASE}/what-is-metastatic-cancer/</loc>" in sitemap
    assert f"Sitemap: {BASE}/sitemap.xml" in (export / "robots.txt").read_text()
    services = json.loads((export / "hsds" / "services.json").read_text())
    assert services and services[0]["id"]
    assert (export / "hsds" / "tables" / "datapackage.json").is_file()


POST_ONLY = {"/my-questions/", "/es/mis-preguntas/"}


def test_every_internal_link_resolves_offline(export):
    pages = list(export.rglob("*.html"))
    assert len(pages) > 10
    broken = []
    for page in pages:
        html = page.read_text(encoding="utf-8")
        for match in LINK.finditer(html):
            url = urldefrag(match.group("url"))[0]
            if not url.startswith("/") or url.startswith("//"):
                continue
            if match.group("attr") == "action":
                url = url.split("?")[0]
                if url in POST_ONLY:  # the no-JS printable list needs the app; with JS it works here
                    continue
            if "?" in url or not (export / file_for(url)).is_file():
                broken.append((str(page.relative_to(export)), url))
    assert not broken, broken[:20]


def test_nothing_points_at_the_app_server(export):
    app = re.compile(
        r"testserver|localhost|127\.0\.0\.1|:8000|href=\"/(admin|django-admin)/|/report/|/reportar/"
    )
    for path in export.rglob("*"):
        if path.is_file() and path.suffix in {".html", ".xml", ".txt", ".json", ".csv"}:
            found = app.search(path.read_text(encoding="utf-8"))
            assert found is None, (str(path.relative_to(export)), found.group(0))
