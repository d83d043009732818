"""The translation editor under Clinical review, and out-of-date Spanish pages made visible."""

import html
import json
import re

import pytest
from django.urls import reverse
from wagtail.models import WorkflowState
from wagtail_localize.models import StringTranslation, Translation

from cancerhelp.quality.roles import EDITORS, REVIEWERS
from cancerhelp.quality.translation_review import page_translation
from cancerhelp.quality.translation_status import previous_translations, untranslated_segments
from cancerhelp.topics.models import TopicPage

from .test_roles import person

NEW_SENTENCE = "Metastatic means the cancer has moved to another part of the body."


@pytest.fixture
def spanish_page(db):
    return TopicPage.objects.get(locale__language_code="es", slug="que-es-el-cancer-metastasico")


def editor_props(client, page):
    response = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert response.status_code == 200
    match = re.search(r'class="js-translation-editor" data-props="([^"]*)"', response.content.decode())
    assert match, "not the translation editor"
    return json.loads(html.unescape(match.group(1)))


def change_english_sentence(topic_page):
    """Publish (as a reviewer's approval does) a new first English paragraph; returns the old one."""
    raw = list(topic_page.body.raw_data)
    old = raw[0]["value"]
    raw[0]["value"] = f"<p>{NEW_SENTENCE}</p>"
    topic_page.body = raw
    topic_page.save_revision().publish()
    return old


def test_an_editors_main_button_submits_and_convert_to_alias_is_not_offered(django_user_model, spanish_page):
    editor = person(django_user_model, "writer", EDITORS)
    props = editor_props(editor, spanish_page)
    # The footer's main action is its last: "Publish in" (submits, see below), never
    # "Convert to alias page", which is not offered to someone who may not publish.
    assert props["perms"]["canPublish"] is True
    assert props["links"]["convertToAliasUrl"] is None


def test_a_reviewer_keeps_convert_to_alias_as_a_secondary_action(django_user_model, spanish_page):
    reviewer = person(django_user_model, "clinician", REVIEWERS)
    props = editor_props(reviewer, spanish_page)
    assert props["perms"]["canPublish"] is True  # the main action
    assert props["links"]["convertToAliasUrl"]  # in the menu, after it


def test_an_editors_publish_in_the_translation_editor_is_a_submission(django_user_model, spanish_page):
    editor = person(django_user_model, "writer", EDITORS)
    title_before = spanish_page.title
    edit = reverse("wagtailadmin_pages:edit", args=[spanish_page.pk])
    assert editor.post(edit, {"action": "publish"}).status_code == 302
    state = WorkflowState.objects.for_instance(spanish_page).get(status=WorkflowState.STATUS_IN_PROGRESS)
    assert state.requested_by.username == "writer"
    spanish_page.refresh_from_db()
    assert spanish_page.title == title_before  # not published past review


def test_stock_page_editor_never_offers_convert_to_alias_to_an_editor(django_user_model, spanish_page):
    # After "Stop Synced translation" the Spanish page opens in Wagtail's own editor.
    Translation.objects.filter(pk=page_translation(spanish_page).pk).update(enabled=False)
    edit = reverse("wagtailadmin_pages:edit", args=[spanish_page.pk])
    editor = person(django_user_model, "writer", EDITORS)
    page = editor.get(edit).content.decode()
    assert 'name="action-submit"' in page and "localize-convert-to-alias" not in page
    reviewer = person(django_user_model, "clinician", REVIEWERS)
    page = reviewer.get(edit).content.decode()
    default = re.search(r'<footer.*?<button[^>]*name="([^"]+)"', page, re.S)
    assert "localize-convert-to-alias" in page and default.group(1) != "localize-convert-to-alias"


def test_changed_english_marks_the_spanish_page_in_listing_dashboard_and_editor(
    django_user_model, topic_page, spanish_page
):
    editor = person(django_user_model, "writer", EDITORS)
    dashboard = reverse("wagtailadmin_home")
    assert "0 Spanish pages need updating" in editor.get(dashboard).content.decode()
    listing = reverse("wagtailadmin_explore", args=[spanish_page.get_parent().pk])
    assert "data-translation-out-of-date" not in editor.get(listing).content.decode()

    old_paragraph = change_english_sentence(topic_page)

    assert "1 Spanish page needs updating" in editor.get(dashboard).content.decode()
    spanish_listing = editor.get(listing).content.decode()
    assert spanish_listing.count('data-translation-out-of-date="es"') == 1
    assert reverse("wagtailadmin_pages:edit", args=[spanish_page.pk]) in spanish_listing
    english_listing = editor.get(reverse("wagtailadmin_explore", args=[topic_page.get_parent().pk]))
    assert english_listing.content.decode().count('data-translation-out-of-date="es"') == 1

    page = editor.get(reverse("wagtailadmin_pages:edit", args=[spanish_page.pk])).content.decode()
    box = re.search(r"<section[^>]*data-translation-changes.*?</section>", page, re.S).group(0)
    assert NEW_SENTENCE in box
    assert re.sub(r"<[^>]+>", "", old_paragraph).strip() in html.unescape(box)
    assert "Metastásico quiere decir" in html.unescape(box)  # the old Spanish, to update


def test_in_a_block_of_several_sentences_the_changed_ones_old_spanish_is_shown(topic_page, spanish_page):
    translation = page_translation(spanish_page)
    spanish = {"First sentence here.": "Primera frase aquí.", "Second sentence here.": "Segunda frase aquí."}
    raw = list(topic_page.body.raw_data)
    raw[0]["value"] = "".join(f"<p>{english}</p>" for english in spanish)
    topic_page.body = raw
    topic_page.save_revision().publish()
    for segment in untranslated_segments(translation).select_related("string"):
        StringTranslation.objects.create(
            translation_of=segment.string,
            locale=translation.target_locale,
            context=segment.context,
            data=spanish[segment.string.data],
            translation_type=StringTranslation.TRANSLATION_TYPE_MANUAL,
        )
    assert not previous_translations(translation)

    raw[0]["value"] = "<p>First sentence here.</p><p>Second sentence, changed here.</p>"
    topic_page.body = raw
    topic_page.save_revision().publish()
    [change] = previous_translations(translation)
    assert (change.english, change.previous_english, change.previous_translation) == (
        "Second sentence, changed here.",
        "Second sentence here.",
        "Segunda frase aquí.",
    )
