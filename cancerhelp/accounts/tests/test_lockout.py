"""Lockout after repeated wrong passwords, per account and per client address, with a cool-down."""

from datetime import timedelta

from axes.models import AccessAttempt
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

PASSWORD = "correct-horse-battery"


def sign_in(client, username, password, address="203.0.113.7"):
    return client.post(
        reverse("wagtailadmin_login"), {"username": username, "password": password}, REMOTE_ADDR=address
    )


def test_the_account_locks_after_the_configured_failures_even_with_the_right_password(client, editor):
    limit = settings.AXES_FAILURE_LIMIT
    for _ in range(limit - 1):
        assert sign_in(client, "editor", "wrong-password").status_code == 200  # the form again
    locked = sign_in(client, "editor", "wrong-password")
    assert locked.status_code == 429
    assert int(locked["Retry-After"]) == int(settings.AXES_COOLOFF_TIME.total_seconds())
    assert "Too many attempts" in locked.content.decode()
    right = sign_in(client, "editor", PASSWORD)
    assert right.status_code == 429
    assert "_auth_user_id" not in client.session
    # From another address the account is locked too (per account).
    assert sign_in(client, "editor", PASSWORD, address="198.51.100.2").status_code == 429


def test_one_address_trying_many_accounts_is_locked_out(client, editor):
    for number in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, f"guess{number}", "wrong-password")
    assert sign_in(client, "editor", PASSWORD).status_code == 429
    # Another address can still sign in to that account.
    assert sign_in(client, "editor", PASSWORD, address="198.51.100.2").status_code == 302


def test_the_lock_lifts_after_the_cool_down(client, editor):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "editor", "wrong-password")
    assert sign_in(client, "editor", PASSWORD).status_code == 429
    past = timezone.now() - settings.AXES_COOLOFF_TIME - timedelta(seconds=1)
    AccessAttempt.objects.update(attempt_time=past)
    assert sign_in(client, "editor", PASSWORD).status_code == 302


def test_the_lockout_page_speaks_spanish(client, editor):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "editor", "wrong-password")
    response = client.post(
        reverse("wagtailadmin_login"),
        {"username": "editor", "password": PASSWORD},
        REMOTE_ADDR="203.0.113.7",
        HTTP_ACCEPT_LANGUAGE="es",
    )
    assert response.status_code == 429
    assert "Demasiados intentos" in response.content.decode()


def test_django_admin_login_is_gone(client, db):
    assert client.get("/django-admin/").status_code == 404
    assert client.get("/django-admin/login/").status_code == 404
