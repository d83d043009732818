"""My questions for my care team: boxes on the page, a form without JavaScript, a printable
sheet that stores nothing and keeps the topic page cookie-free and cacheable."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

QUESTION = "It is reasonable to ask your doctor if curing the cancer is the goal."


def test_topic_page_offers_its_prompts_as_boxes_of_one_form(topic_page):
    response = Client().get("/what-is-metastatic-cancer/")
    html = response.content.decode()
    assert '<form id="my-questions" method="post" action="/my-questions/">' in html
    assert 'name="q"' in html and 'form="my-questions"' in html
    assert "Add to my questions" in html
    assert 'name="own"' in html
    assert '<script src="/static/js/tools.js" defer></script>' in html
    # No CSRF token, so no cookie: the page stays cacheable.
    assert "csrfmiddlewaretoken" not in html
    assert not response.cookies


def test_spanish_page_offers_the_questions_in_spanish(topic_page):
    html = Client().get("/es/que-es-el-cancer-metastasico/").content.decode()
    assert 'action="/es/mis-preguntas/"' in html
    assert "Añadir a mis preguntas" in html


def test_sheet_lists_ticked_and_own_questions_with_space_to_answer():
    response = Client().post(
        "/my-questions/",
        {
            "q": [QUESTION, "Could palliative care help me?"],
            "own": "  What about  my work? ",
            "page": "/what-is-metastatic-cancer/",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    for text in (QUESTION, "Could palliative care help me?", "What about my work?"):
        assert f'<p class="sheet-question">{text}</p>' in html
    assert html.count('class="answer-space"') == 3 + 3  # three asked, three blank
    assert "Date of my visit:" in html
    assert 'id="help-lines"' in html and "1-800-4-CANCER" in html
    assert '<a href="/what-is-metastatic-cancer/">Back to the page</a>' in html
    assert "no-store" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex"
    assert not response.cookies


def test_sheet_in_spanish():
    html = Client().post("/es/mis-preguntas/", {"q": ["¿Es la curación el objetivo?"]}).content.decode()
    assert '<html lang="es"' in html
    assert "Mis preguntas para mi equipo de atención médica" in html
    assert "¿Es la curación el objetivo?" in html


def test_empty_sheet_to_fill_in_by_hand():
    response = Client().get("/my-questions/")
    assert response.status_code == 200
    assert response.content.decode().count('class="answer-space"') == 6


def test_sheet_repeats_no_question_and_refuses_too_many_or_too_long():
    html = Client().post("/my-questions/", {"q": ["Same?", "Same?"], "own": "Same?"}).content.decode()
    assert html.count('<p class="sheet-question">Same?</p>') == 1
    assert Client().post("/my-questions/", {"q": [f"Question {n}?" for n in range(41)]}).status_code == 400
    response = Client().post("/my-questions/", {"q": ["x" * 501]})
    assert response.status_code == 400
    assert "at most 500 characters" in response.content.decode()


def test_sheet_links_back_only_to_this_site():
    for bad in ("//evil.example/", "https://evil.example/", "javascript:alert(1)"):
        html = Client().post("/my-questions/", {"q": ["A?"], "page": bad}).content.decode()
        assert "Back to the page" not in html


def test_sheet_refuses_other_methods():
    assert Client().put("/my-questions/").status_code == 405
