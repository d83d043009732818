"""The handout of a topic page: addresses written out with QR codes, the page's own address,
review date and help lines; a PDF (WeasyPrint) read back with poppler and a QR decoder."""

import os
import shutil
import subprocess
import time

import pytest
from django.core.cache import cache
from django.test import Client

from cancerhelp.directory.models import Service
from cancerhelp.topics.handout import pdf_cache_key

pytestmark = pytest.mark.django_db
PAGE = "/what-is-metastatic-cancer/"


def page_addresses(topic_page):
    urls = []
    for block in topic_page.body:
        if block.block_type == "resource_list":
            for item in block.value["items"]:
                if item.block_type == "resource":
                    urls.append(Service.objects.get(pk=item.value.pk).url)
    return urls


def test_topic_page_links_its_handout_and_pdf(topic_page):
    html = Client().get(PAGE).content.decode()
    assert f'href="{PAGE}print/"' in html and f'href="{PAGE}pdf/"' in html


def test_handout_writes_out_every_address_with_a_qr_code(topic_page):
    response = Client().get(PAGE + "print/")
    assert response.status_code == 200
    html = response.content.decode()
    urls = page_addresses(topic_page)
    assert len(urls) >= 14
    for url in urls:
        assert f'<a class="written-url" href="{url}">{url}</a>' in html
    assert "http://testserver/what-is-metastatic-cancer/</a>" in html  # its own address
    assert html.count('<svg aria-hidden="true" focusable="false" class="qr"') >= len(set(urls)) + 1
    assert 'datetime="2026-11-26"' in html and "1-800-4-CANCER" in html
    assert 'name="q"' not in html  # no question boxes on paper


def test_spanish_handout():
    html = Client().get("/es/que-es-el-cancer-metastasico/print/").content.decode()
    assert '<html lang="es"' in html and "Esta página en internet" in html


def need(tool):
    if shutil.which(tool) is None:
        if os.environ.get("CI"):
            pytest.fail(f"{tool} is required in CI (.ci/run installs it)")
        pytest.skip(f"{tool} is not installed")


def test_pdf_holds_every_address_and_a_readable_qr_code(topic_page, tmp_path):
    for tool in ("pdftotext", "pdftoppm", "zbarimg"):
        need(tool)
    cache.clear()
    started = time.monotonic()
    response = Client().get(PAGE + "pdf/")
    built_in = time.monotonic() - started
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert 'filename="what-is-metastatic-cancer.pdf"' in response["Content-Disposition"]
    pdf = tmp_path / "handout.pdf"
    pdf.write_bytes(response.content)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    # pdftotext joins a word broken at a hyphen at the end of a line: compare without hyphens.
    joined = "".join(text.split()).replace("-", "")
    assert "Whatismetastaticcancer?" in joined
    for url in page_addresses(topic_page):
        assert url.replace("-", "") in joined, url
    subprocess.run(["pdftoppm", "-r", "200", "-png", str(pdf), str(tmp_path / "page")], check=True)
    images = sorted(tmp_path.glob("page*.png"))
    assert images
    decoded = subprocess.run(
        ["zbarimg", "--quiet", "--raw", *map(str, images)], capture_output=True, text=True
    )
    codes = set(decoded.stdout.split())
    assert codes & set(page_addresses(topic_page)), codes
    assert "http://testserver/what-is-metastatic-cancer/" in codes
    print(f"PDF: {len(response.content)} bytes, built in {built_in:.2f} s, {len(images)} pages")  # noqa: T201 - a figure for the notes (pytest -s)


def test_pdf_is_cached_until_the_page_changes(topic_page, monkeypatch):
    from cancerhelp.topics import handout

    cache.clear()
    made = []
    monkeypatch.setattr(handout, "handout_html", lambda *args, **kwargs: made.append(1) or "<p>x</p>")
    client = Client()
    client.get(PAGE + "pdf/")
    client.get(PAGE + "pdf/")
    assert len(made) == 1
    key = pdf_cache_key(topic_page)
    topic_page.summary = "A changed summary."
    topic_page.save_revision().publish()
    topic_page.refresh_from_db()
    assert pdf_cache_key(topic_page) != key
    client.get(PAGE + "pdf/")
    assert len(made) == 2
