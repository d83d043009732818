"""Two-factor sign-in: a password alone opens no admin view; enrolment, codes, resets."""

import re

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from cancerhelp.accounts.middleware import OPEN_BEFORE_SECOND_FACTOR
from cancerhelp.accounts.testing import authenticator_for, current_code, sign_in

PASSWORD = "correct-horse-battery"


def password_only(client, username="editor"):
    response = client.post(reverse("wagtailadmin_login"), {"username": username, "password": PASSWORD})
    assert response.status_code == 302, "the password step failed"
    return client


def unthrottle(device):
    """django-otp makes each wrong code double the wait before the next try; skip the wait."""
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_count=0, throttling_failure_timestamp=None
    )


def admin_urls():
    """Every address under /admin/, with placeholder values for its parameters."""
    prefix = reverse("wagtailadmin_home")
    found = []

    def walk(patterns, route):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, route + str(pattern.pattern))
            elif isinstance(pattern, URLPattern):
                full = route + str(pattern.pattern)
                full = re.sub(r"<int:\w+>", "1", full)
                full = re.sub(r"<(?:str|slug|path|uuid)?:?\w+>", "x", full)
                full = re.sub(r"[\^$]", "", full)
                if "(" in full or "\\" in full:  # a regex pattern: skip the unrenderable ones
                    continue
                found.append(("/" + full, pattern.name))

    walk(get_resolver().url_patterns, "")
    return [(url, name) for url, name in found if url.startswith(prefix)]


def test_a_password_alone_reaches_no_admin_view(client, editor):
    password_only(client)
    checked = 0
    two_factor = reverse("accounts_two_factor")
    for url, name in admin_urls():
        if name in OPEN_BEFORE_SECOND_FACTOR:
            continue
        response = client.get(url)
        checked += 1
        assert response.status_code in (302, 404), (url, response.status_code)
        if response.status_code == 302:
            assert response["Location"].startswith(two_factor), (url, response["Location"])
        client.post(url, {})  # a POST never acts either
    assert checked > 200  # the whole admin was walked
    assert client.get(reverse("wagtailadmin_home")).status_code == 302


def test_an_unverified_session_is_anonymous_on_the_public_site(client, editor, home_page):
    password_only(client)
    response = client.get("/")
    assert response.status_code == 200
    assert response.wsgi_request.user.is_anonymous


def test_first_sign_in_enrols_an_authenticator_with_a_qr_code_drawn_here(client, editor):
    password_only(client)
    page = client.get(reverse("accounts_two_factor"))
    html = page.content.decode()
    assert page.status_code == 200
    assert "<svg" in html and "Set up two-factor sign-in" in html
    assert "http" not in re.search(r"<svg.*?</svg>", html, re.S).group(0).replace("http://www.w3.org", "")
    device = TOTPDevice.objects.get(user=editor, confirmed=False)
    assert client.post(reverse("accounts_two_factor"), {"token": "000000"}).status_code == 400
    unthrottle(device)
    response = client.post(reverse("accounts_two_factor"), {"token": current_code(device)})
    assert response.status_code == 200
    codes = re.findall(r"<li><code>(\w+)</code></li>", response.content.decode())
    assert len(codes) == 10 and len(set(codes)) == 10
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(reverse("wagtailadmin_home")).status_code == 200


def test_a_recovery_code_works_once(client, editor):
    authenticator_for(editor)
    from cancerhelp.accounts.devices import new_recovery_codes

    code = new_recovery_codes(editor)[0]
    password_only(client)
    assert client.post(reverse("accounts_two_factor"), {"token": code}).status_code == 302
    assert client.get(reverse("wagtailadmin_home")).status_code == 200
    assert StaticToken.objects.filter(token=code).count() == 0
    client.logout()
    password_only(client)
    assert client.post(reverse("accounts_two_factor"), {"token": code}).status_code == 400
    assert client.get(reverse("wagtailadmin_home")).status_code == 302


def test_a_wrong_code_is_refused_and_the_next_url_stays_on_this_site(client, editor):
    device = authenticator_for(editor)
    password_only(client)
    assert client.post(reverse("accounts_two_factor"), {"token": "12345"}).status_code == 400
    unthrottle(device)
    response = client.post(
        reverse("accounts_two_factor"), {"token": current_code(device), "next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("wagtailadmin_home")


def test_the_two_factor_page_speaks_the_editors_language(client, editor):
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(editor)
    profile.preferred_language = "es"
    profile.save()
    password_only(client)
    html = client.get(reverse("accounts_two_factor")).content.decode()
    assert "Configurar el inicio de sesión en dos pasos" in html


def test_an_administrator_resets_a_lost_device(client, editor, django_user_model):
    colleague = django_user_model.objects.create_user("colleague", "c@example.org", PASSWORD, is_staff=True)
    colleague.user_permissions.add(*_admin_access())
    other = type(client)()
    sign_in(other, colleague)
    assert other.get(reverse("wagtailadmin_home")).status_code == 200
    sign_in(client, editor)
    listing = client.get(reverse("accounts_users"))
    assert listing.status_code == 200 and "colleague" in listing.content.decode()
    response = client.post(reverse("accounts_reset", args=[colleague.pk]))
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=colleague).exists()
    # Their open session lost its second factor; next time they enrol again.
    assert other.get(reverse("wagtailadmin_home")).status_code == 302
    assert "<svg" in other.get(reverse("accounts_two_factor")).content.decode()


def test_only_administrators_reset_devices(client, editor, django_user_model):
    colleague = django_user_model.objects.create_user("colleague", "c@example.org", PASSWORD, is_staff=True)
    colleague.user_permissions.add(*_admin_access())
    sign_in(client, colleague)
    authenticator_for(editor)
    # Wagtail answers a refused admin view with a redirect home and a message.
    for response in (
        client.get(reverse("accounts_users")),
        client.post(reverse("accounts_reset", args=[editor.pk])),
    ):
        assert response.status_code in (302, 403) and response.get("Location") != reverse("accounts_users")
    assert TOTPDevice.objects.filter(user=editor).exists()
    assert client.get(reverse("accounts_manage")).status_code == 200


def test_an_editor_makes_new_recovery_codes(client, editor):
    sign_in(client, editor)
    first = client.post(reverse("accounts_manage"))
    second = client.post(reverse("accounts_manage"))
    old = set(re.findall(r"<li><code>(\w+)</code></li>", first.content.decode()))
    new = set(re.findall(r"<li><code>(\w+)</code></li>", second.content.decode()))
    assert len(new) == 10 and not old & new
    assert StaticToken.objects.filter(device__user=editor).count() == 10


def test_reset_command(editor):
    authenticator_for(editor)
    call_command("reset_two_factor", "editor", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert not TOTPDevice.objects.filter(user=editor).exists()
    with pytest.raises(CommandError):
        call_command("reset_two_factor", "nobody")


def _admin_access():
    from django.contrib.auth.models import Permission

    return Permission.objects.filter(content_type__app_label="wagtailadmin", codename="access_admin")
