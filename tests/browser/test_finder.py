"""The finder with real results, in English and Spanish: no axe-core violation, every link
and control reachable by keyboard (the folded form included), and on a 390 px phone the
first result on the first screen after a search."""

import os
from pathlib import Path
from urllib.parse import quote

import pytest

from .test_accessibility import run_axe

# Searches that answer with places, the nearest beyond the distance, a state, a city.
FINDER_PAGES = [
    "/resources/?near=77030",
    "/resources/?near=59001&radius=10",
    "/resources/?near=Houston",
    "/resources/?near=TX&kind=local-centers",
    "/community-cancer-resource-centers/?near=10001",
    "/es/recursos/?near=77030",
    "/es/recursos/?near=59001&radius=10",
    "/es/recursos/?near=Texas",
]
PHONE = {"width": 390, "height": 844}
SCREENSHOTS = Path(os.environ.get("CANCERHELP_SCREENSHOTS", "var/screenshots"))

MARK_FOCUSABLE = """() => {
  const selector = 'a[href], button, input:not([type=hidden]), select, textarea, summary';
  const items = [...document.querySelectorAll(selector)]
    .filter(el => el.offsetParent !== null || el.classList.contains('skip-link'))
    .filter(el => el.tagName === 'SUMMARY' || !el.closest('details:not([open])'));  // folded away
  items.forEach((el, i) => el.setAttribute('data-kb', i));
  return items.length;
}"""


@pytest.mark.parametrize("path", FINDER_PAGES)
def test_finder_with_results_has_no_axe_violations(page, axe_source, path):
    page.goto(path)
    assert page.locator(".resource").count() > 0, "the finder answers with results"
    assert run_axe(page, axe_source) == []
    page.click("summary")  # and with the form open
    assert page.locator("#id_near").is_visible()
    assert run_axe(page, axe_source) == []
    assert page.console_errors == []


@pytest.mark.parametrize("path", ["/resources/?near=59001&radius=10", "/es/recursos/?near=77030"])
def test_keyboard_reaches_results_and_opens_the_folded_form(page, path):
    page.goto(path)
    total = page.evaluate(MARK_FOCUSABLE)
    reached = []
    for _ in range(total + 5):
        page.keyboard.press("Tab")
        mark = page.evaluate("document.activeElement && document.activeElement.getAttribute('data-kb')")
        if mark is not None and mark not in reached:
            reached.append(mark)
    assert sorted(reached, key=int) == [str(i) for i in range(total)]
    # The summary comes before the first result, and Enter on it opens the form.
    page.focus("summary")
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") not in ("none", "")
    page.keyboard.press("Enter")
    assert page.locator("#id_near").is_visible()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "id_near"


@pytest.mark.parametrize("path", ["/resources/?near=77030", "/es/recursos/?near=Houston%2C+TX"])
def test_on_a_phone_the_first_result_is_on_the_first_screen(browser, site_url, path):
    context = browser.new_context(base_url=site_url, viewport=PHONE, device_scale_factor=1)
    tab = context.new_page()
    tab.goto(path)
    first = tab.locator(".resource").first
    box = first.locator(".resource-heading").bounding_box()
    distance = first.locator(".resource-distance").bounding_box()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    name = "finder-390-" + ("es" if path.startswith("/es/") else "en") + ".png"
    tab.screenshot(path=str(SCREENSHOTS / name))
    context.close()
    assert box is not None and distance is not None
    assert box["y"] >= 0 and distance["y"] + distance["height"] <= PHONE["height"], (box, distance)


def test_the_folded_form_opens_without_javascript(browser, site_url):
    context = browser.new_context(base_url=site_url, viewport=PHONE, java_script_enabled=False)
    tab = context.new_page()
    tab.goto("/resources/?near=Houston%2C+TX")
    assert not tab.locator("#id_near").is_visible()
    tab.click("summary")
    assert tab.locator("#id_near").is_visible()
    assert tab.locator("#id_near").input_value() == "Houston, TX"
    context.close()


def test_directions_link_out_is_a_plain_link(page):
    page.goto("/resources/?near=10001")
    link = page.locator("a.directions").first
    href = link.get_attribute("href")
    assert href.startswith("https://www.google.com/maps/dir/?api=1&destination=")
    shown = link.locator("xpath=..").inner_text().splitlines()[0].strip()  # the address above it
    assert shown and quote(shown, safe="") in href, (shown, href)  # the place's own address
    # Nothing from the map site was loaded by the page itself.
    assert all("google" not in url for url in page.requests_seen)
