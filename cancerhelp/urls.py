"""URLs: admin, sitemap and assets outside the language prefix; pages inside it.

There is one sign-in form, Wagtail's at /admin/ (two-factor, lockout): Django's own admin
site is not routed, so /django-admin/ is a plain 404."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.generic.base import RedirectView
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from cancerhelp.core import routing
from cancerhelp.core.views import robots_txt
from cancerhelp.directory.views import directory_csv
from cancerhelp.glossary import views as glossary_views
from cancerhelp.search import views as search_views
from cancerhelp.topics import views as topic_views

handler500 = "cancerhelp.core.errors.server_error"  # a database outage is a 503 (core/errors.py)

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("robots.txt", robots_txt, name="robots_txt"),
    path("api/hsds/", include("cancerhelp.directory.hsds.urls")),
    path("directory/export.csv", directory_csv, name="directory_csv"),
    path(
        "favicon.ico",
        RedirectView.as_view(url=settings.STATIC_URL + "img/favicon.svg", permanent=True),
    ),
]

if settings.DEBUG or settings.SERVE_MEDIA:
    # Uploaded images and their renditions (a proxy in front may serve /media/ instead).
    from django.urls import re_path
    from django.views.static import serve

    urlpatterns += [re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT})]

urlpatterns += i18n_patterns(
    path(_("search/"), search_views.search, name="search"),  # /search/, /es/buscar/
    path("search/", search_views.search_redirect),  # old Spanish address
    path(_("my-questions/"), topic_views.my_questions, name="my_questions"),  # /es/mis-preguntas/
    path(_("glossary/"), glossary_views.glossary, name="glossary"),  # /es/glosario/
    path("", include(routing)),  # wagtail.urls, routing memoized
    prefix_default_language=False,
)
