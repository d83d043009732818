"""A forgotten password: the reset e-mail reaches a real SMTP server (started here, on
127.0.0.1), its link sets a new password, and the password rules apply there too."""

import re
import socket
import time
from email import message_from_bytes

import pytest
from aiosmtpd.controller import Controller
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from cancerhelp.settings.mail import email_settings


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((envelope.rcpt_tos, message_from_bytes(envelope.content)))
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp_server(settings):
    inbox = Inbox()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    configured = email_settings({"EMAIL_URL": f"smtp://127.0.0.1:{port}"})
    for name, value in configured.items():
        setattr(settings, name, value)
    yield inbox
    controller.stop()


def body_of(message):
    for part in message.walk():
        if part.get_content_type() == "text/plain":
            return part.get_payload(decode=True).decode()
    return ""


def test_password_reset_mail_reaches_the_smtp_server_and_the_rules_apply(client, editor, smtp_server):
    response = client.post(reverse("wagtailadmin_password_reset"), {"email": "editor@example.org"})
    assert response.status_code == 302
    deadline = time.monotonic() + 5
    while not smtp_server.messages and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(smtp_server.messages) == 1
    recipients, message = smtp_server.messages[0]
    assert recipients == ["editor@example.org"]
    link = re.search(r"http://testserver(/admin/password_reset/confirm/\S+/)", body_of(message)).group(1)
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    set_password_url = form_page.redirect_chain[-1][0]
    weak = client.post(set_password_url, {"new_password1": "password", "new_password2": "password"})
    assert weak.status_code == 200 and "too common" in weak.content.decode()
    strong = "a-long-and-unusual-passphrase-42"
    done = client.post(set_password_url, {"new_password1": strong, "new_password2": strong})
    assert done.status_code == 302
    editor.refresh_from_db()
    assert editor.check_password(strong)


def test_no_mail_for_an_unknown_address(client, editor, smtp_server):
    client.post(reverse("wagtailadmin_password_reset"), {"email": "nobody@example.org"})
    time.sleep(0.3)
    assert smtp_server.messages == []


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        (
            {"EMAIL_URL": "smtp+tls://user%40x:p%3Ass@mail.example.org"},
            {
                "EMAIL_HOST": "mail.example.org",
                "EMAIL_PORT": 587,
                "EMAIL_USE_TLS": True,
                "EMAIL_HOST_USER": "user@x",
            },
        ),
        ({"EMAIL_URL": "smtp+ssl://mail.example.org"}, {"EMAIL_PORT": 465, "EMAIL_USE_SSL": True}),
        (
            {"EMAIL_HOST": "relay", "EMAIL_PORT": "2525", "EMAIL_USE_TLS": "on"},
            {"EMAIL_PORT": 2525, "EMAIL_USE_TLS": True},
        ),
        ({}, {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}),
    ],
)
def test_email_settings_from_the_environment(environ, expected):
    configured = email_settings(environ)
    assert {name: configured[name] for name in expected} == expected


def test_a_bad_email_url_is_refused():
    with pytest.raises(ValueError):
        email_settings({"EMAIL_URL": "http://mail.example.org"})


def test_createsuperuser_without_a_prompt_refuses_a_weak_password(db, monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "12345678")
    with pytest.raises(CommandError, match="too short|too common|numeric"):
        call_command("createsuperuser", "--no-input", "--username", "boss", "--email", "b@example.org")
