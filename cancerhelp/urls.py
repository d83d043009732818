"""URLs: admin, sitemap and assets outside the language prefix; pages inside it."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.generic.base import RedirectView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from cancerhelp.directory.views import directory_csv
from cancerhelp.glossary import views as glossary_views
from cancerhelp.search import views as search_views
from cancerhelp.topics import views as topic_views

urlpatterns = [
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("api/hsds/", include("cancerhelp.directory.hsds.urls")),
    path("directory/export.csv", directory_csv, name="directory_csv"),
    path(
        "favicon.ico",
        RedirectView.as_view(url=settings.STATIC_URL + "img/favicon.svg", permanent=True),
    ),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += i18n_patterns(
    path(_("search/"), search_views.search, name="search"),  # /search/, /es/buscar/
    path("search/", search_views.search_redirect),  # old Spanish address
    path(_("my-questions/"), topic_views.my_questions, name="my_questions"),  # /es/mis-preguntas/
    path(_("glossary/"), glossary_views.glossary, name="glossary"),  # /es/glosario/
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)
