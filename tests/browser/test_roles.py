"""Each role signs in through the login form and the two-factor step and does its daily work
in a real browser:

- the editor edits and submits a page with the side preview and Checks panel running, opens
  every directory listing, and submits a Spanish translation from the translation editor;
- the clinical reviewer opens each task from the dashboard, compares it with the live page
  and approves it, which publishes it (an English page and a Spanish one);
- the administrator adds a person to a role and resets a lost authenticator.

(The same walks with Django's test client: cancerhelp/quality/tests/test_roles.py.)"""

import re

import pytest
from playwright.sync_api import expect

from .conftest import site_manage

PASSWORD = "browser-role-pw-42"  # only ever exists in the throwaway test database
TOTP_KEY = "3132333435363738393031323334353637383931"  # each person's authenticator, test-only

MAKE_PEOPLE = f"""
from django.contrib.auth.models import Group, User
from django_otp.plugins.otp_totp.models import TOTPDevice
for name, group in [
    ('rita', 'Editors'), ('ramon', 'Clinical reviewers'), ('ada', 'Administrators'), ('lucia', 'Editors')
]:
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
    # Readers who search near that ZIP code find it (the place's map position came from it).
    editor.goto("/resources/?near=59101&radius=10")
    headings = editor.locator(".resource-heading").all_inner_texts()
    assert any("Browser quokka group" in heading for heading in headings), headings


def test_reader_reports_a_problem_and_an_editor_closes_it(browser, site_url, login, site_env):
    # A reader, on a phone, reports a wrong phone number on a real entry. Every browser test
    # reports from 127.0.0.1, and another one spends its hourly reports: start a new hour.
    site_manage(
        site_env,
        "shell",
        "--no-imports",
        "-c",
        "from cancerhelp.core.models import RateLimitCounter; RateLimitCounter.objects.all().delete()",
    )
    reader = browser.new_context(base_url=site_url, viewport={"width": 390, "height": 844})
    tab = reader.new_page()
    tab.goto("/resources/?q=CancerCare")
    title = tab.locator(".resource .resource-heading").first.inner_text().strip()
    tab.locator(".resource .report-link a").first.click()
    tab.locator("input[name=kind]").first.check()
    tab.fill("#id_details", "Browser test: the number rings a fax machine.")
    tab.get_by_role("button", name="Send the report").click()
    expect(tab.locator("h1")).to_have_text("Thank you for your report")
    reader.close()

    # The editor sees it waiting on the dashboard, opens the queue and closes it as resolved.
    editor = login("rita")
    expect(editor.locator("main")).to_contain_text("problem report")
    editor.goto("/admin/snippets/directory/problemreport/?status=open")
    row = editor.locator("tr", has_text="fax machine")
    expect(row).to_contain_text(title)
    assert row.locator("a", has_text="Fix the entry").count() == 1
    editor.goto(row.locator("a", has_text="Resolved").first.get_attribute("href"))
    editor.fill("#id_note", "Called them; the number on their site is right.")
    editor.locator("main form button[type=submit]").first.click()
    expect(editor.locator(".messages")).to_contain_text("marked resolved")
    code = (
        "from cancerhelp.directory.models import ProblemReport; "
        "r = ProblemReport.objects.get(details__contains='fax machine'); "
        "print(r.status, '|', r.service.verification_status != 'needs_attention')"
    )
    assert site_manage(site_env, "shell", "--no-imports", "-c", code).strip() == "resolved | True"


def submit_as_rita(site_env, slug, new_title):
    """Rita's change, submitted to Clinical review (her browser walk is the test above)."""
    code = f"""
from django.contrib.auth.models import User
from wagtail.models import Page
rita = User.objects.get(username='rita')
page = Page.objects.get(slug='{slug}', locale__language_code='en').specific
page.title = {new_title!r}
page.save_revision(user=rita)
page.get_workflow().start(page, rita)
"""
    site_manage(site_env, "shell", "--no-imports", "-c", code)


def change_spanish_title(site_env, slug, new_title):
    """A translator's work in the translation editor: the Spanish title segment changes."""
    code = f"""
from wagtail.models import Page
from wagtail_localize.models import StringTranslation
from cancerhelp.quality.translation_review import page_translation
page = Page.objects.get(slug='{slug}', locale__language_code='es')
translation = page_translation(page)
segment = translation.source.stringsegment_set.get(context__path='title')
StringTranslation.objects.filter(
    translation_of=segment.string, locale=translation.target_locale, context=segment.context
).update(data={new_title!r})
"""
    site_manage(site_env, "shell", "--no-imports", "-c", code)


def approve_from_dashboard(reviewer, title, compare_text):
    """The reviewer's task on the dashboard: compare with the live page, then approve."""
    reviewer.goto("/admin/")
    row = reviewer.locator("#awaiting-review-section tr", has_text=title)
    row.get_by_role("button", name="Actions").click()
    # "Compare with live version", or "with previous version" when the live page has no
    # revision yet (the Spanish pages the loader made).
    row.get_by_role("link", name=re.compile(r"^Compare with")).first.click()
    reviewer.wait_for_url(re.compile(r"/revisions/compare/"))
    assert compare_text in reviewer.inner_text("main")

    reviewer.goto("/admin/")
    row = reviewer.locator("#awaiting-review-section tr", has_text=title)
    row.get_by_role("button", name="Actions").click()
    row.locator("button[data-workflow-action-url*='/approve/']:not([data-launch-modal])").click()
    reviewer.wait_for_load_state()
    expect(reviewer.locator("#awaiting-review-section tr", has_text=title)).to_have_count(0)


def approve_and_see_it_live(reviewer, path, new_title):
    """The change is not live until the reviewer approves it from the dashboard; then it is."""
    reader = reviewer.context.new_page()
    reader.goto(path)
    assert new_title not in reader.inner_text("h1")  # not live before approval
    approve_from_dashboard(reviewer, new_title, new_title)
    reader.goto(path)
    expect(reader.locator("h1")).to_have_text(new_title)


def test_reviewer_approves_an_english_page_from_the_dashboard(login, site_env):
    new_title = "Community cancer resource centers near you"
    submit_as_rita(site_env, "community-cancer-resource-centers", new_title)
    approve_and_see_it_live(login("ramon"), "/community-cancer-resource-centers/", new_title)


def test_editor_submits_a_spanish_page_and_a_reviewer_approves_it(login, site_env):
    new_title = "Qué es el cáncer metastásico, en palabras sencillas"
    change_spanish_title(site_env, "que-es-el-cancer-metastasico", new_title)
    pk = page_id(site_env, "que-es-el-cancer-metastasico", "es")

    # The translation editor's main button submits to review (it never publishes).
    editor = login("rita")
    editor.goto(f"/admin/pages/{pk}/edit/")
    main_button = editor.locator("footer button[name='action'][value='publish']")
    expect(main_button).to_contain_text("Submit to review")
    expect(editor.locator("footer")).not_to_contain_text("Convert to alias page")
    main_button.click()
    expect(editor.locator(".messages")).to_contain_text("A reviewer approves it")

    approve_and_see_it_live(login("ramon"), "/es/que-es-el-cancer-metastasico/", new_title)


def test_administrator_adds_a_person_to_a_role_and_resets_a_lost_authenticator(login, site_env):
    admin = login("ada")
    admin.goto("/admin/users/new/")
    admin.fill("#id_username", "noor")
    admin.fill("#id_email", "noor@example.org")
    admin.fill("#id_first_name", "Noor")
    admin.fill("#id_last_name", "Haddad")
    admin.fill("#id_password1", "a-long-new-password-42")
    admin.fill("#id_password2", "a-long-new-password-42")
    admin.locator("#tab-label-roles").click()
    admin.get_by_label("Editors").check()
    admin.locator("form button[type=submit]").last.click()
    admin.wait_for_url(re.compile(r"/admin/users/$"))
    groups = site_manage(
        site_env,
        "shell",
        "--no-imports",
        "-c",
        "from django.contrib.auth.models import User; "
        "u = User.objects.get(username='noor'); "
        "print(sorted(u.groups.values_list('name', flat=True)), u.is_superuser)",
    )
    assert groups.strip() == "['Editors'] False"

    # Lucia lost her phone: Settings -> Two-factor sign-in -> Reset (docs/editors.md).
    admin.goto("/admin/")
    admin.get_by_role("button", name="Settings").click()
    admin.get_by_role("link", name="Two-factor sign-in").click()
    admin.wait_for_url(re.compile(r"/admin/two-factor/users/"))
    admin.get_by_role("button", name="Reset two-factor sign-in for lucia").click()
    expect(admin.locator(".messages")).to_contain_text("lucia")
    devices = site_manage(
        site_env,
        "shell",
        "--no-imports",
        "-c",
        "from django_otp.plugins.otp_totp.models import TOTPDevice; "
        "print(TOTPDevice.objects.filter(user__username='lucia').count())",
    )
    assert devices.strip() == "0"
