"""Words explained: the glossary in both languages, its reading level, and the first use of
each term marked on a topic page (a link without JavaScript), which editors can turn off."""

import re

import pytest
from django.test import Client

from cancerhelp.glossary.marking import mark_first_uses
from cancerhelp.glossary.models import GlossaryTerm, terms_pattern
from cancerhelp.quality.readability import score_sentences, split_sentences

pytestmark = pytest.mark.django_db


def test_glossary_has_at_least_30_terms_in_each_language_linked_as_twins():
    english = GlossaryTerm.objects.filter(locale__language_code="en")
    spanish = GlossaryTerm.objects.filter(locale__language_code="es")
    assert english.count() >= 30
    assert spanish.count() == english.count()
    assert set(spanish.values_list("translation_key", flat=True)) == set(
        english.values_list("translation_key", flat=True)
    )


def test_definitions_are_plain():
    for term in GlossaryTerm.objects.filter(locale__language_code="en"):
        grade = score_sentences(split_sentences([term.definition]), "en").score
        assert grade <= 6, (term.term, grade)
    spanish = [term.definition for term in GlossaryTerm.objects.filter(locale__language_code="es")]
    assert score_sentences(split_sentences(spanish), "es").score >= 80  # Fernández-Huerta, as a whole
    for text in spanish:
        assert score_sentences(split_sentences([text]), "es").score >= 55, text


@pytest.mark.parametrize(
    ("path", "heading", "source"),
    [
        ("/glossary/", "Words explained", "https://www.cancer.gov/publications/dictionaries/cancer-terms"),
        (
            "/es/glosario/",
            "Palabras explicadas",
            "https://www.cancer.gov/espanol/publicaciones/diccionarios/diccionario-cancer",
        ),
    ],
)
def test_glossary_page_lists_terms_and_cites_its_source(path, heading, source):
    html = Client().get(path).content.decode()
    assert f"<h1>{heading}</h1>" in html
    assert html.count("<dt id=") >= 30
    assert f'href="{source}"' in html


def test_topic_page_marks_only_the_first_use_of_a_term_as_a_link_to_the_glossary(topic_page):
    html = Client().get("/what-is-metastatic-cancer/").content.decode()
    assert html.count('href="/glossary/#palliative-care"') == 1
    assert '<span class="term-definition" id="term-palliative-care" hidden>' in html
    assert 'href="/glossary/#metastatic"' in html
    # Never inside headings, links or the page title.
    assert "<h1>What is metastatic cancer?</h1>" in html
    for heading in re.findall(r"<h[1-3][^>]*>.*?</h[1-3]>", html, re.S):
        assert 'class="term"' not in heading


def test_spanish_topic_page_marks_spanish_terms(topic_page):
    html = Client().get("/es/que-es-el-cancer-metastasico/").content.decode()
    assert 'href="/es/glosario/#palliative-care"' in html
    assert "(qué significa)" in html


def test_editors_can_turn_marking_off(topic_page):
    topic_page.mark_glossary_terms = False
    topic_page.save_revision().publish()
    html = Client().get("/what-is-metastatic-cancer/").content.decode()
    assert 'class="term"' not in html


def test_marking_skips_tags_and_matches_whole_words():
    term = GlossaryTerm(pk=1, term="Stage", anchor="stage", definition="How far.", match_words="")
    pattern, lookup = terms_pattern([term])
    html = '<h2>Stage</h2><p><a href="/x">stage</a> backstage stage-4 and Stage two stage</p>'
    out = mark_first_uses(html, pattern, lookup, "/glossary/", "meaning")
    assert out.count('class="term"') == 1
    assert 'backstage stage-4 and <a class="term"' in out
    assert out.startswith('<h2>Stage</h2><p><a href="/x">stage</a>')
