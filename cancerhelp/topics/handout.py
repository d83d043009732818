"""The handout: a topic page to print or save as PDF, with every address written out and a
QR code beside it (made on our server with segno, inline SVG), the review date, the help
lines and the page's own address. The PDF (WeasyPrint) is cached until the page changes.
"""

import logging

import segno
from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from cancerhelp.directory.blocks import ordered_entries

logger = logging.getLogger(__name__)
PDF_CACHE_SECONDS = 30 * 24 * 3600


def qr_svg(url):
    """A QR code of `url` as inline SVG, hidden from screen readers (the address is written out)."""
    svg = segno.make(url, error="m").svg_inline(scale=2, border=2, dark="#000", light="#fff")
    return mark_safe(  # noqa: S308 - SVG made here by segno
        svg.replace("<svg ", '<svg aria-hidden="true" focusable="false" class="qr" ', 1)
    )


def handout_blocks(page, request):
    """Each body block with what the handout shows for it: resource lists get addresses + QR."""
    language = get_language()
    blocks = []
    for block in page.body:
        if block.block_type == "resource_list":
            entries = []
            for entry in ordered_entries(block.value["items"], language):
                if entry["kind"] == "page":
                    title, url = entry["title"], full_url(entry["page"], request)
                    description = getattr(entry["page"], "summary", "")
                else:
                    service = entry["service"]
                    title, url, description = service.title, service.url, service.description
                entries.append(
                    {"title": title, "url": url, "description": description, "qr": qr_svg(url) if url else ""}
                )
            blocks.append({"kind": "resources", "block": block, "entries": entries})
        elif block.block_type == "video":
            blocks.append({"kind": "video", "block": block, "qr": qr_svg(block.value["url"])})
        elif block.block_type == "questions":
            continue  # the reader's own list is printed from "My questions"
        else:
            blocks.append({"kind": "block", "block": block})
    return blocks


def full_url(page, request):
    """The page's address as the reader reached this site (not the Site record's hostname)."""
    return request.build_absolute_uri(page.get_url(request))


def handout_context(page, request):
    url = full_url(page, request)
    return {
        "page": page,
        "self": page,
        "request": request,
        "handout_blocks": handout_blocks(page, request),
        "page_full_url": url,
        "page_qr": qr_svg(url),
        "sources": [
            {"title": source.value["title"], "url": source.value["url"], "qr": qr_svg(source.value["url"])}
            for source in page.sources
        ],
    }


def handout_html(page, request, for_pdf=False):
    context = handout_context(page, request)
    context["for_pdf"] = for_pdf
    return render_to_string("topics/handout.html", context, request=request)


def refuse_fetch(url, *args, **kwargs):
    """The PDF is made from our own HTML only: WeasyPrint may fetch nothing."""
    raise ValueError(f"The handout PDF fetches nothing ({url})")


def pdf_cache_key(page):
    revision = page.live_revision_id or page.latest_revision_id or 0
    stamp = page.last_published_at.timestamp() if page.last_published_at else 0
    return f"handout-pdf:{page.pk}:{revision}:{stamp}:{get_language()}"


def handout_pdf(page, request):
    """The PDF bytes, from the cache while the page is unchanged."""
    key = pdf_cache_key(page)
    pdf = cache.get(key)
    if pdf is None:
        from weasyprint import HTML

        html = handout_html(page, request, for_pdf=True)
        pdf = HTML(
            string=html, base_url=request.build_absolute_uri("/"), url_fetcher=refuse_fetch
        ).write_pdf()
        cache.set(key, pdf, PDF_CACHE_SECONDS)
    return pdf
