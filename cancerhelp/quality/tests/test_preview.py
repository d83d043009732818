"""The page editor's side preview may be framed by the admin (and only the preview)."""

from django.test import Client
from django.urls import reverse

from cancerhelp.accounts.testing import sign_in

from .test_workflow import edit_data


def frame_ancestors(response):
    policy = response["Content-Security-Policy"]
    return next(part.strip() for part in policy.split(";") if part.strip().startswith("frame-ancestors"))


def test_preview_is_allowed_in_the_admins_frame_and_public_pages_are_not(editor, topic_page):
    client = Client()
    sign_in(client, editor)
    url = reverse("wagtailadmin_pages:preview_on_edit", args=[topic_page.pk])
    # The editor sends the form as it stands, then the frame loads the preview.
    sent = client.post(url, edit_data(topic_page, "A previewed title", "action-submit"))
    assert sent.json()["is_valid"], sent.content
    preview = client.get(url)
    assert preview.status_code == 200
    assert "A previewed title" in preview.content.decode()
    assert frame_ancestors(preview) == "frame-ancestors 'self'"
    assert preview["X-Frame-Options"] == "SAMEORIGIN"
    # The preview keeps the rest of the public policy (no inline script).
    assert "script-src 'self'" in preview["Content-Security-Policy"]

    public = Client().get(topic_page.url)
    assert frame_ancestors(public) == "frame-ancestors 'none'"
    assert public["X-Frame-Options"] == "DENY"
