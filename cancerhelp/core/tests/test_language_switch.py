"""Language switching: the URL carries the language; the switch lands on the twin page.

Decision: readers land where the URL says. "/" is English and "/es/" Spanish whatever the
browser's Accept-Language or any cookie says; nothing redirects by language and no
language cookie is set (Django's set_language view is not installed, and with
prefix_default_language=False LocaleMiddleware treats unprefixed paths as English).
"""

import re

import pytest
from django.test import Client
from wagtail.models import Page

from cancerhelp.topics.models import TopicPage

TWINS = [
    ("/", "/es/"),
    ("/what-is-metastatic-cancer/", "/es/que-es-el-cancer-metastasico/"),
    (
        "/community-cancer-resource-centers/",
        "/es/centros-comunitarios-de-recursos-contra-el-cancer/",
    ),
    ("/resources/", "/es/recursos/"),
]


def get(url, **headers):
    response = Client(**headers).get(url)
    assert response.status_code == 200, url
    return response


def switch_link(html):
    nav = re.search(r'<nav class="language-switch".*?</nav>', html, re.S).group(0)
    return re.findall(r'<a href="([^"]+)" lang="(\w+)" hreflang="\w+">', nav)


def alternates(html):
    pattern = r'<link rel="alternate" hreflang="([\w-]+)" href="([^"]+)">'
    return dict(re.findall(pattern, html))


@pytest.mark.parametrize(("english", "spanish"), TWINS)
def test_switch_lands_on_the_twin_page_both_ways(english, spanish, topic_page):
    english_html = get(english).content.decode()
    spanish_html = get(spanish).content.decode()
    assert '<html lang="en"' in english_html and '<html lang="es"' in spanish_html
    assert switch_link(english_html) == [(spanish, "es")]
    assert switch_link(spanish_html) == [(english, "en")]


@pytest.mark.parametrize(("english", "spanish"), TWINS)
def test_hreflang_alternates_name_both_languages_and_a_default(english, spanish, topic_page):
    expected = {
        "en": "http://testserver" + english,
        "es": "http://testserver" + spanish,
        "x-default": "http://testserver" + english,
    }
    assert alternates(get(english).content.decode()) == expected
    assert alternates(get(spanish).content.decode()) == expected


def test_page_without_twin_links_to_the_other_home_with_a_notice(home_page):
    page = TopicPage(
        title="Only in English",
        slug="only-in-english",
        summary="A page nobody has translated yet.",
        body=[],
    )
    home_page.add_child(instance=page)
    page.save_revision().publish()
    html = get("/only-in-english/").content.decode()
    assert switch_link(html) == [("/es/?notranslation=1", "es")]
    assert alternates(html) == {
        "en": "http://testserver/only-in-english/",
        "x-default": "http://testserver/only-in-english/",
    }
    notice = get("/es/?notranslation=1").content.decode()
    assert "Esa página todavía no está disponible en este idioma" in notice
    assert '<html lang="es"' in notice


def test_unpublished_twin_is_not_offered(topic_page):
    twin = Page.objects.get(locale__language_code="es", slug="que-es-el-cancer-metastasico")
    twin.unpublish()
    html = get("/what-is-metastatic-cancer/").content.decode()
    assert switch_link(html) == [("/es/?notranslation=1", "es")]
    assert "es" not in alternates(html)


def test_search_page_switch_keeps_the_query(db):
    html = get("/search/?q=dolor").content.decode()
    (url, lang), *_rest = switch_link(html)
    assert lang == "es" and url.endswith("?q=dolor") and url.startswith("/es/")
    assert switch_link(get(url).content.decode()) == [("/search/?q=dolor", "en")]


def test_browser_language_does_not_move_readers(topic_page):
    response = get("/", HTTP_ACCEPT_LANGUAGE="es-MX,es;q=0.9")
    assert '<html lang="en"' in response.content.decode()
    response = get("/what-is-metastatic-cancer/", HTTP_ACCEPT_LANGUAGE="es")
    assert '<html lang="en"' in response.content.decode()
    response = get("/es/", HTTP_ACCEPT_LANGUAGE="en-US")
    assert '<html lang="es"' in response.content.decode()


def test_a_language_cookie_is_ignored_and_none_is_set(topic_page):
    client = Client()
    client.cookies["django_language"] = "es"
    response = client.get("/")
    assert response.status_code == 200 and '<html lang="en"' in response.content.decode()
    for english, spanish in TWINS:
        for url in (english, spanish):
            assert "Set-Cookie" not in get(url), url
    assert not Client().get("/es/buscar/?q=cancer").cookies


def test_spanish_404_page_is_in_spanish(db):
    response = Client().get("/es/esta-pagina-no-existe/")
    assert response.status_code == 404
    html = response.content.decode()
    assert '<html lang="es"' in html and "No encontramos esa página" in html
