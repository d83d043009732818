"""Keyboard-only readers reach every link and control, in order, with a visible focus."""

import pytest

MAIN_PAGES = [
    "/",
    "/what-is-metastatic-cancer/",
    "/community-cancer-resource-centers/",
    "/resources/",
    "/es/",
    "/es/que-es-el-cancer-metastasico/",
    "/es/recursos/",
]

MARK_FOCUSABLE = """() => {
  const items = [...document.querySelectorAll('a[href], button, input:not([type=hidden]), select, textarea')]
    .filter(el => el.offsetParent !== null || el.classList.contains('skip-link'));
  items.forEach((el, i) => el.setAttribute('data-kb', i));
  return items.length;
}"""


@pytest.mark.parametrize("path", MAIN_PAGES)
def test_tab_reaches_every_link_and_control(page, path):
    page.goto(path)
    total = page.evaluate(MARK_FOCUSABLE)
    assert total > 0
    reached = []
    for _ in range(total + 5):
        page.keyboard.press("Tab")
        mark = page.evaluate("document.activeElement && document.activeElement.getAttribute('data-kb')")
        if mark is not None and mark not in reached:
            reached.append(mark)
    # Every element, in document order: no positive tabindex or CSS reordering scrambles it.
    assert reached == [str(i) for i in range(total)]


def test_skip_link_is_first_and_moves_focus_to_main(page):
    page.goto("/what-is-metastatic-cancer/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    assert page.evaluate("document.activeElement.getBoundingClientRect().top >= 0")
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"
    assert page.evaluate("document.activeElement.id") == "main"  # focus moved, not only the view
    page.keyboard.press("Tab")  # the next Tab starts inside the main content
    assert page.evaluate("document.querySelector('main').contains(document.activeElement)")


def test_focus_is_visible(page):
    page.goto("/what-is-metastatic-cancer/")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("none", "")
