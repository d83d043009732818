"""Patient tools on the topic page, in both languages: my questions (with and without
JavaScript), the printable sheet, and no outside request."""

import re
from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect

from .conftest import site_manage
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
    # (no wait_for_function: it evaluates a string, which the site's strict CSP refuses)
    expect(page.locator("[data-questions-status]")).not_to_have_text("")
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


GLOSSARY = {
    "en": (
        "/what-is-metastatic-cancer/",
        re.compile(r"^palliative care \(what it means\)$", re.I),
        "Palliative care:",
    ),
    "es": (
        "/es/que-es-el-cancer-metastasico/",
        re.compile(r"^cuidados paliativos \(qué significa\)$", re.I),
        "Cuidados paliativos:",
    ),
}


@pytest.mark.parametrize("language", ["en", "es"])
def test_glossary_word_opens_its_meaning_in_place_by_keyboard(page, axe_source, language):
    path, name, definition_start = GLOSSARY[language]
    page.goto(path)
    button = page.get_by_role("button", name=name)
    assert button.get_attribute("aria-expanded") == "false"
    definition = page.locator("#" + button.get_attribute("aria-controls"))
    assert definition.is_hidden()
    for _ in range(200):  # reach it with Tab, as a keyboard user would
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.getAttribute('aria-controls')") == "term-palliative-care":
            break
    else:
        pytest.fail("Tab never reached the glossary word")
    page.keyboard.press("Enter")
    assert button.get_attribute("aria-expanded") == "true"
    assert definition.is_visible() and definition.inner_text().startswith(definition_start)
    assert run_axe(page, axe_source) == []
    page.keyboard.press("Space")
    assert button.get_attribute("aria-expanded") == "false" and definition.is_hidden()


def test_glossary_word_is_a_link_to_its_entry_without_javascript(browser, site_url):
    context = browser.new_context(base_url=site_url, java_script_enabled=False)
    tab = context.new_page()
    tab.goto("/what-is-metastatic-cancer/")
    tab.get_by_role("link", name=GLOSSARY["en"][1]).click()
    tab.wait_for_load_state()
    assert tab.url.endswith("/glossary/#palliative-care")
    assert tab.locator("#palliative-care").inner_text() == "Palliative care"
    context.close()


@pytest.fixture(scope="module")
def video_page(site_env, site_url):
    """A topic page with a video from another site (not linked from anywhere else)."""
    code = (
        "import json\n"
        "from cancerhelp.home.models import HomePage\n"
        "from cancerhelp.topics.models import TopicPage\n"
        "home = HomePage.objects.get(locale__language_code='en')\n"
        "if not TopicPage.objects.filter(slug='video-test').exists():\n"
        "    video = {'title': 'Living with cancer', 'url': 'https://www.youtube.com/watch?v=abc123',\n"
        "             'embed_url': 'https://www.youtube-nocookie.com/embed/abc123', 'length': '5 minutes',\n"
        "             'captions': 'yes'}\n"
        "    page = TopicPage(title='Video test', slug='video-test', summary='A page with a video.',\n"
        "                     body=json.dumps([{'type': 'video', 'value': video}]))\n"
        "    home.add_child(instance=page)\n"
        "    page.save_revision().publish()\n"
    )
    site_manage(site_env, "shell", "-c", code)
    return "/video-test/"


def test_video_loads_nothing_from_the_video_site_before_play(page, site_url, video_page, axe_source):
    page.goto(video_page)
    assert page.get_by_text("Length: 5 minutes.").is_visible()
    assert page.get_by_role("link", name="Watch “Living with cancer” on the video site").get_attribute(
        "href"
    ) == ("https://www.youtube.com/watch?v=abc123")
    assert page.locator("iframe").count() == 0
    assert {urlparse(url).netloc for url in page.requests_seen} == {urlparse(site_url).netloc}
    assert run_axe(page, axe_source) == []
    page.get_by_role("button", name="Play the video here").click()
    frame = page.locator("iframe")
    assert frame.get_attribute("src") == "https://www.youtube-nocookie.com/embed/abc123"
    assert frame.get_attribute("title") == "Living with cancer"
