"""An editor logs in, edits the topic page, adds a resource, publishes, and readers see it."""

import re

import pytest

from .conftest import EDITOR_PASSWORD, editor_code, site_manage


@pytest.fixture(scope="session")
def editor_session(browser, site_url):
    """Sign in once (password, then the authenticator code): a code is accepted only once."""
    context = browser.new_context(base_url=site_url, viewport={"width": 1280, "height": 1000})
    tab = context.new_page()
    tab.goto("/admin/login/")
    tab.fill("#id_username", "editor")
    tab.fill("#id_password", EDITOR_PASSWORD)
    tab.click("button[type=submit]")
    tab.wait_for_url(re.compile(r"/admin/two-factor/"))
    tab.fill("#id_token", editor_code())
    tab.click("form.login-form button[type=submit]")
    tab.wait_for_url(re.compile(r"/admin/$"))
    state = context.storage_state()
    context.close()
    return state


@pytest.fixture
def editor_page(browser, site_url, editor_session):
    context = browser.new_context(
        base_url=site_url, viewport={"width": 1280, "height": 1000}, storage_state=editor_session
    )
    tab = context.new_page()
    yield tab
    context.close()


def page_id(site_env, slug):
    code = (
        "from wagtail.models import Page; "
        f"print(Page.objects.get(slug='{slug}', locale__language_code='en').id)"
    )
    return int(site_manage(site_env, "shell", "--no-imports", "-c", code).strip())


def publish(tab):
    """Open the footer's action menu and choose Publish, as an editor would."""
    toggle = tab.locator("footer [data-w-dropdown-target='toggle']").first
    toggle.click()
    tab.locator("button[name='action-publish']").click()


def test_editor_edits_the_topic_page_and_readers_see_it(editor_page, site_env):
    tab = editor_page
    tab.goto(f"/admin/pages/{page_id(site_env, 'what-is-metastatic-cancer')}/edit/")
    tab.fill("#id_summary", "A kinder summary written by our editor.")
    publish(tab)
    tab.wait_for_url(re.compile(r"/admin/pages/\d+/"))
    tab.goto("/what-is-metastatic-cancer/")
    assert "A kinder summary written by our editor." in tab.inner_text("main")


def test_editor_adds_a_local_center_and_readers_find_it(editor_page):
    tab = editor_page
    tab.goto("/admin/snippets/directory/service/add/?locale=en")
    tab.fill("#id_title", "Hope Community Cancer Center")
    organization = tab.locator("#id_organization")
    if organization.evaluate("el => el.tagName") == "SELECT":
        organization.select_option(label="CancerCare")
    else:  # Wagtail's snippet chooser: a button that opens a searchable modal
        tab.get_by_role("button", name=re.compile("Choose")).first.click()
        modal = tab.locator(".modal")
        modal.locator("input[name=q]").fill("CancerCare")  # the real directory lists hundreds
        modal.get_by_role("link", name="CancerCare", exact=True).click()
        tab.wait_for_function("document.querySelector('#id_organization').value !== ''")
    tab.fill("#id_url", "https://example.org/hope-center")
    tab.fill("#id_description", "Support groups and classes for people with cancer and their families.")
    kinds = tab.locator("#id_kinds")
    if kinds.evaluate("el => el.tagName") == "SELECT":
        kinds.select_option(label="Local centers")
    else:
        tab.get_by_label("Local centers", exact=True).check()
    tab.check("#id_in_person")  # the centers page lists in-person places
    tab.locator("form button[type=submit]").filter(has_text=re.compile("Save|Publish")).first.click()
    tab.wait_for_url(re.compile(r"/admin/snippets/directory/service/(\?|$)"))
    # The real directory fills several pages of centers: readers find it by name.
    tab.goto("/community-cancer-resource-centers/?q=Hope+Community")
    assert "Hope Community Cancer Center" in tab.inner_text("main")
