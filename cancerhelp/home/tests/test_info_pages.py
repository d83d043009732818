"""About us, privacy, accessibility and contact: loaded in both languages, linked from the
footer of every page, with notes for editors kept out of the public page."""

import pytest
from django.test import Client

from cancerhelp.home.models import InfoPage

pytestmark = pytest.mark.django_db

ENGLISH = {
    "/about-us/": "About us and how we write",
    "/privacy/": "Privacy",
    "/accessibility/": "Accessibility statement",
    "/contact/": "Contact",
}
SPANISH = {
    "/es/sobre-nosotros/": "Quiénes somos y cómo escribimos",
    "/es/privacidad/": "Privacidad",
    "/es/accesibilidad/": "Declaración de accesibilidad",
    "/es/contacto/": "Contacto",
}


def test_four_pages_exist_in_both_languages():
    for path, title in {**ENGLISH, **SPANISH}.items():
        response = Client().get(path)
        assert response.status_code == 200, path
        assert f"<h1>{title}</h1>" in response.content.decode()
    english = InfoPage.objects.filter(locale__language_code="en")
    assert english.count() == 4
    assert all(page.get_translations().filter(locale__language_code="es").exists() for page in english)


@pytest.mark.parametrize(
    ("path", "links"),
    [
        ("/", ENGLISH),
        ("/what-is-metastatic-cancer/", ENGLISH),
        ("/resources/", ENGLISH),
        ("/search/?q=cancer", ENGLISH),
        ("/my-questions/", ENGLISH),
        ("/es/", SPANISH),
        ("/es/que-es-el-cancer-metastasico/", SPANISH),
        ("/es/mis-preguntas/", SPANISH),
    ],
)
def test_every_page_links_the_four_pages_in_its_footer(path, links):
    html = Client().get(path).content.decode()
    footer = html[html.index('<footer class="site-footer"') :]
    for href, title in links.items():
        assert f'<a href="{href}">{title}</a>' in footer, (path, href)


def test_editor_notes_stay_out_of_the_public_page():
    page = InfoPage.objects.get(slug="contact", locale__language_code="en")
    assert "PLACEHOLDER" in page.editor_note
    for path in (*ENGLISH, *SPANISH):
        assert "PLACEHOLDER" not in Client().get(path).content.decode()


def test_privacy_page_says_what_the_report_form_sends_and_that_reading_sets_no_cookie():
    html = Client().get("/privacy/").content.decode()
    assert "Reading it sets no cookies" in html or "Reading it\n          sets no cookies" in html
    assert "we do not keep them" in html
    assert "Report a problem" in html
