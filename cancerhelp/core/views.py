"""Small site-wide views."""

from django.http import HttpResponse


def robots_txt(request):
    """Everything public may be crawled; the CMS may not. Names the sitemap."""
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /django-admin/",
        "",
        "Sitemap: " + request.build_absolute_uri("/sitemap.xml"),
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
