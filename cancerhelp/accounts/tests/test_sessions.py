"""Editors' sessions end after inactivity; each request moves the deadline on."""

from datetime import timedelta

from django.conf import settings
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from cancerhelp.accounts.testing import sign_in


def test_a_session_expires_after_inactivity_and_activity_extends_it(client, editor):
    sign_in(client, editor)
    assert settings.SESSION_SAVE_EVERY_REQUEST and settings.SESSION_COOKIE_AGE <= 8 * 3600
    key = client.session.session_key
    Session.objects.filter(session_key=key).update(expire_date=timezone.now() + timedelta(minutes=1))
    assert client.get(reverse("wagtailadmin_home")).status_code == 200
    extended = Session.objects.get(session_key=key).expire_date
    assert extended > timezone.now() + timedelta(seconds=settings.SESSION_COOKIE_AGE - 60)
    Session.objects.filter(session_key=key).update(expire_date=timezone.now() - timedelta(seconds=1))
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("wagtailadmin_login"))
