"""Reading scores: offline, per language, with the hardest sentences named."""

import socket

import pytest

from cancerhelp.quality.readability import score_page, score_text, split_sentences


def test_english_uses_flesch_kincaid_grade_and_names_the_long_sentence():
    hard = (
        "Comprehensive multidisciplinary management necessitates careful consideration of "
        "pharmacological interactions and individual comorbidities."
    )
    result = score_text(f"Cancer can spread. {hard} Ask your team.", "en")
    assert result.measure == "Flesch-Kincaid grade"
    assert result.hardest(1)[0].text == hard
    assert not result.within_target


def test_short_plain_english_is_within_target():
    result = score_text("You are not alone. Ask your care team. They can help you.", "en")
    assert result.within_target
    assert result.score <= 8


def test_spanish_uses_fernandez_huerta_ease():
    easy = score_text("Usted no está solo. Hable con su equipo. Ellos le pueden ayudar.", "es")
    hard = score_text(
        "La administración multidisciplinaria necesita consideración exhaustiva de interacciones "
        "farmacológicas, comorbilidades individuales y determinantes psicosociales.",
        "es",
    )
    assert easy.measure == "Fernández-Huerta reading ease"
    assert easy.higher_is_easier
    assert easy.score > hard.score
    assert easy.within_target and not hard.within_target


def test_scoring_never_touches_the_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("readability tried to open a network connection")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    assert score_text("Una frase nueva y corta para contar sílabas.", "es").score > 0
    assert score_text("A brand new sentence to count syllables in.", "en").score != 0


def test_headings_and_list_items_are_separate_sentences():
    assert split_sentences(["Focus on well-being", "First one. Second one!", "A bullet"]) == [
        "Focus on well-being",
        "First one.",
        "Second one!",
        "A bullet",
    ]


@pytest.mark.django_db
def test_seed_page_is_scored_from_title_summary_and_body(topic_page):
    result = score_page(topic_page)
    assert result.language == "en"
    assert result.words > 300
    texts = [sentence.text for sentence in result.sentences]
    assert "What is metastatic cancer?" in texts
    assert any(text.startswith("Metastatic means the cancer has spread") for text in texts)
