"""Patient tools on the topic page, in both languages: my questions (with and without
JavaScript), the printable sheet, and no outside request."""

from urllib.parse import urlparse

import pytest

from .test_accessibility import run_axe

PAGES = {
    "en": ("/what-is-metastatic-cancer/", "Add to my questions", "Show my list to print", "Clear my list"),
    "es": (
        "/es/que-es-el-cancer-metastasico/",
        "Añadir a mis preguntas",
        "Ver mi lista para imprimir",
        "Borrar mi lista",
    ),
}


@pytest.mark.parametrize("language", ["en", "es"])
def test_questions_survive_a_reload_and_reach_the_printable_sheet(page, language):
    path, add_label, show_label, clear_label = PAGES[language]
    page.goto(path)
    prompt = page.get_by_role("checkbox", name=add_label).first
    question = prompt.get_attribute("value")
    prompt.check()
    page.get_by_label("own question" if language == "en" else "propia pregunta").fill("Can I keep working?")
    page.get_by_role("button", name="Add to my list" if language == "en" else "Añadir a mi lista").click()
    page.wait_for_function("document.querySelector('[data-questions-status]').textContent !== ''")
    page.reload()
    assert page.get_by_role("checkbox", name=add_label).first.is_checked()
    saved = page.locator("[data-questions-list] li").all_inner_texts()
    assert any(question in text for text in saved) and any("Can I keep working?" in text for text in saved)
    assert page.context.cookies() == []
    page.get_by_role("button", name=show_label).click()
    page.wait_for_load_state()
    sheet = page.locator(".sheet-question").all_inner_texts()
    assert sheet[:2] == [question, "Can I keep working?"]
    assert page.locator("[data-print]").is_visible()
    page.go_back()
    page.get_by_role("button", name=clear_label).click()
    page.reload()
    assert not page.get_by_role("checkbox", name=add_label).first.is_checked()
    assert page.locator("[data-questions-saved]").is_hidden()


@pytest.mark.parametrize("language", ["en", "es"])
def test_questions_without_javascript_are_a_plain_form(browser, site_url, language):
    path, add_label, show_label, _clear = PAGES[language]
    context = browser.new_context(base_url=site_url, java_script_enabled=False)
    tab = context.new_page()
    tab.goto(path)
    box = tab.get_by_role("checkbox", name=add_label).first
    question = box.get_attribute("value")
    box.check()
    tab.locator("#own-question").fill("Who do I call at night?")
    tab.get_by_role("button", name=show_label).click()
    tab.wait_for_load_state()
    assert tab.locator(".sheet-question").all_inner_texts()[:2] == [question, "Who do I call at night?"]
    assert tab.locator(".answer-space").count() >= 2
    assert context.cookies() == []
    context.close()


@pytest.mark.parametrize("path", ["/my-questions/", "/es/mis-preguntas/"])
def test_question_sheet_has_no_axe_violations(page, axe_source, path):
    page.goto(path)
    assert run_axe(page, axe_source) == []


def test_topic_page_tools_make_no_outside_request(page, site_url):
    page.goto("/what-is-metastatic-cancer/")
    page.get_by_role("checkbox", name="Add to my questions").first.check()
    hosts = {urlparse(url).netloc for url in page.requests_seen}
    assert hosts == {urlparse(site_url).netloc}
    assert page.console_errors == []
