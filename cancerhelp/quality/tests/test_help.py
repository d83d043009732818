"""The admin's Help menu leads to our editors' guide, served by the site in both languages."""

from django.urls import reverse
from wagtail.users.models import UserProfile

from cancerhelp.accounts.testing import sign_in
from cancerhelp.quality.guide import guide_html


def test_help_menu_links_to_our_guide_not_wagtails(client, editor):
    sign_in(client, editor)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("quality_editors_guide") in html
    assert "guide.wagtail.org" not in html
    assert "Editor Guide" not in html


def test_guide_is_served_in_the_admin_language(client, editor):
    sign_in(client, editor)
    english = client.get(reverse("quality_editors_guide")).content.decode()
    assert "Approval before publishing" in english and "Leer esta guía en español" in english
    spanish = client.get(reverse("quality_editors_guide"), {"lang": "es"}).content.decode()
    assert "Aprobación antes de publicar" in spanish and 'lang="es"' in spanish
    profile = UserProfile.get_for_user(editor)
    profile.preferred_language = "es"
    profile.save()
    assert "Aprobación antes de publicar" in client.get(reverse("quality_editors_guide")).content.decode()


def test_guide_needs_an_admin_login(client):
    assert client.get(reverse("quality_editors_guide")).status_code == 302


def test_both_guides_cover_the_same_sections():
    def headings(language):
        return guide_html(language).count("<h2>")

    assert headings("en") == headings("es") > 3


def test_no_avatar_is_fetched_from_a_third_party(client, editor):
    sign_in(client, editor)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "gravatar" not in html.lower()
