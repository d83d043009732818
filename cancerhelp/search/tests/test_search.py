"""Site search in both languages: right language only, stemming, accents optional, never a 500."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils.translation import override
from wagtail.models import Page

from cancerhelp.search.views import MAX_QUERY_LENGTH, RESULTS_PER_PAGE, clean_query
from cancerhelp.topics.models import TopicPage

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="stemming and text-search configurations are PostgreSQL's"
)


def search_url(language):
    with override(language):
        return reverse("search")


def spanish_search_url():
    return search_url("es")


def search(query, language="en", **params):
    url = search_url(language)
    response = Client().get(url, {"q": query, **params})
    assert response.status_code == 200
    html = response.content.decode()
    return html, re.findall(r'class="resource-title" href="([^"]+)"', html)


def test_spanish_search_has_a_spanish_address(db):
    assert spanish_search_url() == "/es/buscar/"
    response = Client().get("/es/search/?q=dolor")
    assert response.status_code == 301 and response["Location"] == "/es/buscar/?q=dolor"


def test_english_search_lists_english_pages_only(topic_page):
    html, urls = search("cancer")
    assert "/what-is-metastatic-cancer/" in urls
    assert urls and not [url for url in urls if url.startswith("/es/")]
    assert '<html lang="en"' in html


def test_spanish_search_lists_spanish_pages_only(topic_page):
    html, urls = search("cáncer", "es")
    assert "/es/que-es-el-cancer-metastasico/" in urls
    assert urls and all(url.startswith("/es/") for url in urls)
    assert '<html lang="es"' in html and "resultados para «cáncer»" in html


def test_spanish_search_ignores_accents(topic_page):
    for query in ["metastásico", "metastasico", "METASTÁSICO"]:
        _html, urls = search(query, "es")
        assert "/es/que-es-el-cancer-metastasico/" in urls, query


def test_search_page_is_labelled_and_counts_results(topic_page):
    html, urls = search("metastatic")
    assert html.count("<h1") == 1
    assert '<label for="search-query">' in html and 'id="search-query"' in html
    count = len(urls)
    assert re.search(rf'<h2 id="results-heading">{count} results? for “metastatic”</h2>', html)
    html, _urls = search("", "es")
    assert 'id="results-heading"' not in html  # nothing searched yet: no results heading
    assert "¿Qué está buscando?" in html


def test_results_are_paginated(home_page):
    for number in range(RESULTS_PER_PAGE + 2):
        page = TopicPage(
            title=f"Zyxwv topic {number}", slug=f"zyxwv-{number}", summary="Zyxwv summary.", body=[]
        )
        home_page.add_child(instance=page)
        page.save_revision().publish()
    html, first = search("zyxwv")
    assert len(first) == RESULTS_PER_PAGE and "Page 1 of 2" in html
    assert f"{RESULTS_PER_PAGE + 2} results for" in html
    html, second = search("zyxwv", page=2)
    assert len(second) == 2 and not set(first) & set(second)
    _html, clamped = search("zyxwv", page="999999999999999999999")
    assert clamped == second


@pytest.mark.parametrize(
    "query",
    [
        "'",
        '"',
        "\\",
        "a & b | !c",
        "(((",
        "cancer:*",
        "<script>alert(1)</script>",
        "\x00\x01\x1f",
        "%",
        "_",
        "la el de y",  # only stop words
        "🙂",
        "a" * 100_000,
        " ".join(["cancer"] * 500),
        "DROP TABLE wagtailcore_page;--",
    ],
)
def test_hostile_queries_never_fail(query, topic_page):
    for language in ("en", "es"):
        html, _urls = search(query, language)
        assert "<script>alert(1)</script>" not in html


def test_query_is_cut_to_words_and_a_bounded_length():
    assert clean_query("¿Qué es el cáncer metastásico?") == "Qué es el cáncer metastásico"
    assert clean_query("a & b | !c") == "a b c"
    assert len(clean_query("word " * 10_000)) <= MAX_QUERY_LENGTH
    assert clean_query("\x00") == ""


@postgres_only
def test_spanish_stemming_finds_the_metastasis_family(topic_page):
    centers = Page.objects.get(
        locale__language_code="es", slug="centros-comunitarios-de-recursos-contra-el-cancer"
    )
    centers = centers.specific
    centers.intro = "Apoyo para personas con metástasis en los huesos."
    centers.save_revision().publish()
    _html, urls = search("metastásico", "es")
    assert "/es/centros-comunitarios-de-recursos-contra-el-cancer/" in urls  # metástasis
    assert "/es/que-es-el-cancer-metastasico/" in urls  # metastásico
    _html, urls = search("metastasis", "es")  # no accent
    assert "/es/centros-comunitarios-de-recursos-contra-el-cancer/" in urls
    _html, urls = search("tratamientos", "es")  # plural finds "tratamiento"
    assert "/es/que-es-el-cancer-metastasico/" in urls


@postgres_only
def test_english_stemming_on_postgresql(topic_page):
    _html, urls = search("spreading")  # the page says "spread" and "spreads"
    assert urls == ["/what-is-metastatic-cancer/"]


@postgres_only
def test_each_language_is_indexed_with_its_own_configuration(topic_page):
    with connection.cursor() as cursor:
        cursor.execute("SELECT cfgname FROM pg_ts_config WHERE cfgname LIKE 'cancerhelp_%%' ORDER BY 1")
        assert [row[0] for row in cursor.fetchall()] == ["cancerhelp_english", "cancerhelp_spanish"]
        cursor.execute("SELECT to_tsvector('cancerhelp_spanish', 'Metástasis')::text")
        assert cursor.fetchone()[0] == "'metastasis':1"
