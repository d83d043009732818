"""An editor of the Editors group logs in through the login form and does the daily work
in a real browser: edits and submits a page with the side preview and Checks panel
running, and opens every directory listing. (The reviewer's approval and the
administrator's user management are walked with Django's test client in
cancerhelp/quality/tests/test_roles.py.)"""

import re

import pytest

from .conftest import site_manage

PASSWORD = "browser-role-pw-42"  # only ever exists in the throwaway test database
TOTP_KEY = "3132333435363738393031323334353637383931"  # each person's authenticator, test-only

MAKE_PEOPLE = f"""
from django.contrib.auth.models import Group, User
from django_otp.plugins.otp_totp.models import TOTPDevice
for name, group in [('rita', 'Editors'), ('ramon', 'Clinical reviewers'), ('ada', 'Administrators')]:
    user, _ = User.objects.get_or_create(username=name, defaults={{'email': name + '@example.org'}})
    user.set_password('{PASSWORD}')
    user.save()
    user.groups.add(Group.objects.get(name=group))
    TOTPDevice.objects.get_or_create(
        user=user, name='Authenticator app', defaults={{'key': '{TOTP_KEY}', 'confirmed': True}}
    )
"""


@pytest.fixture(scope="module")
def people(site_env, site_url):
    site_manage(site_env, "shell", "--no-imports", "-c", MAKE_PEOPLE)


@pytest.fixture(scope="module")
def signed_in(browser, site_url, people):
    """Each person signs in once (password, then the authenticator's code, which is accepted
    only once per time step); later tests reuse the session."""
    from django_otp.oath import totp

    states = {}

    def state_for(username):
        if username not in states:
            context = browser.new_context(base_url=site_url, viewport={"width": 1400, "height": 1000})
            tab = context.new_page()
            tab.set_default_timeout(90_000)  # the admin is slow on a busy 2-core machine
            tab.goto("/admin/login/")
            tab.fill("#id_username", username)
            tab.fill("#id_password", PASSWORD)
            tab.click("button[type=submit]")
            tab.wait_for_url(re.compile(r"/admin/two-factor/"))
            tab.fill("#id_token", str(totp(bytes.fromhex(TOTP_KEY))).zfill(6))
            tab.click("form.login-form button[type=submit]")
            tab.wait_for_url(re.compile(r"/admin/$"))
            states[username] = context.storage_state()
            context.close()
        return states[username]

    return state_for


@pytest.fixture
def login(browser, site_url, signed_in):
    contexts = []

    def as_user(username):
        context = browser.new_context(
            base_url=site_url, viewport={"width": 1400, "height": 1000}, storage_state=signed_in(username)
        )
        contexts.append(context)
        tab = context.new_page()
        tab.set_default_timeout(90_000)  # the admin is slow on a busy 2-core machine
        tab.goto("/admin/")
        return tab

    yield as_user
    for context in contexts:
        context.close()


def page_id(site_env, slug, language="en"):
    code = (
        "from wagtail.models import Page; "
        f"print(Page.objects.get(slug='{slug}', locale__language_code='{language}').id)"
    )
    return int(site_manage(site_env, "shell", "--no-imports", "-c", code).strip())


def test_editor_previews_checks_and_submits_a_page(login, site_env):
    pk = page_id(site_env, "what-is-metastatic-cancer")
    editor = login("rita")
    editor.goto(f"/admin/pages/{pk}/edit/")
    editor.fill("#id_summary", "Reviewed in the browser by a clinician.")

    # The side preview loads in the admin's frame and the Checks panel runs on it.
    editor.click("[data-side-panel-toggle='checks']")
    ran = "[data-side-panel='checks'][data-checks-ran='true']"
    editor.wait_for_selector(ran, state="attached")
    count = editor.locator("[data-side-panel='checks'] [data-content-checker-count]").inner_text()
    assert count.isdigit()

    editor.locator("footer [data-w-dropdown-target='toggle']").first.click()
    editor.locator("button[name='action-submit']").click()
    editor.wait_for_url(re.compile(r"/admin/pages/\d+/"))
    editor.goto("/what-is-metastatic-cancer/")
    assert "Reviewed in the browser by a clinician." not in editor.inner_text("main")


def test_editor_opens_the_directory_and_a_problem_report_queue(login):
    editor = login("rita")
    for model in ["service", "organization", "location", "taxonomyterm", "problemreport"]:
        response = editor.goto(f"/admin/snippets/directory/{model}/")
        assert response.status == 200, model


def test_editor_adds_a_local_resource_with_a_new_organization_and_place_in_one_form(login, site_env):
    from playwright.sync_api import expect

    editor = login("rita")
    editor.goto("/admin/snippets/directory/service/add/")
    editor.fill("#id_title", "Browser quokka group")
    editor.fill("#id_description", "A group made in the browser test.")

    # The organization: the chooser's "New organization" tab.
    editor.locator("[data-chooser-action-choose]").first.click()
    modal = editor.locator(".modal-dialog")
    modal.get_by_role("tab", name="New organization").click()
    modal.locator("#id_name").fill("Browser Quokka Trust")
    modal.get_by_role("button", name="Create this organization").click()
    expect(editor.locator("[data-chooser-title]").first).to_have_text("Browser Quokka Trust")

    # The place: add a location row, then its chooser's "New place" tab, with only a ZIP code.
    editor.locator("#id_service_at_locations-ADD").click()
    editor.locator("#id_service_at_locations-0-location-chooser [data-chooser-action-choose]").click()
    modal = editor.locator(".modal-dialog")
    modal.get_by_role("tab", name="New place").click()
    modal.locator("#id_name").fill("Browser quokka office")
    modal.locator("#id_postal_code").fill("59101")
    modal.get_by_role("button", name="Create this place").click()
    expect(
        editor.locator("#id_service_at_locations-0-location-chooser [data-chooser-title]")
    ).to_contain_text("Browser quokka office")

    editor.locator("footer button[type=submit]").first.click()
    editor.wait_for_url(re.compile(r"/admin/snippets/directory/service/(\?.*)?$"))
    code = (
        "from cancerhelp.directory.models import Service; "
        "s = Service.objects.get(title='Browser quokka group'); "
        "place = s.service_at_locations.get().location; "
        "print(s.organization.name, '|', place.name, '|', place.latitude is not None)"
    )
    assert site_manage(site_env, "shell", "--no-imports", "-c", code).strip() == (
        "Browser Quokka Trust | Browser quokka office | True"
    )
