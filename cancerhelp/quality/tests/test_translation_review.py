"""Spanish pages go through Clinical review: editors submit, reviewers approve, nobody skips it."""

import pytest
from django.test import Client
from django.urls import reverse
from wagtail.models import WorkflowState
from wagtail_localize.models import StringTranslation

from cancerhelp.quality.roles import EDITORS, REVIEWERS
from cancerhelp.quality.translation_review import page_translation
from cancerhelp.topics.models import TopicPage

from .test_roles import person

NEW_TITLE = "¿Qué es el cáncer metastásico? (revisado)"


@pytest.fixture
def spanish_page(db):
    page = TopicPage.objects.get(locale__language_code="es", slug="que-es-el-cancer-metastasico")
    translation = page_translation(page)
    assert translation is not None
    segment = translation.source.stringsegment_set.get(context__path="title")
    StringTranslation.objects.filter(
        translation_of=segment.string, locale=translation.target_locale, context=segment.context
    ).update(data=NEW_TITLE)
    return page


def in_progress(page):
    return WorkflowState.objects.for_instance(page).filter(status=WorkflowState.STATUS_IN_PROGRESS).first()


def test_editor_submits_a_translation_and_a_reviewer_approves_it(django_user_model, spanish_page):
    editor = person(django_user_model, "writer", EDITORS)
    reviewer = person(django_user_model, "clinician", REVIEWERS)
    url = reverse("quality_submit_translation", args=[spanish_page.pk])
    assert editor.get(url).status_code == 200
    assert editor.post(url).status_code == 302
    state = in_progress(spanish_page)
    assert state is not None
    spanish_page.refresh_from_db()
    assert spanish_page.title != NEW_TITLE  # a draft until approved
    assert NEW_TITLE not in Client().get(spanish_page.url).content.decode()

    approve = reverse(
        "wagtailadmin_pages:workflow_action", args=[spanish_page.pk, "approve", state.current_task_state.pk]
    )
    assert reviewer.post(approve, {"comment": ""}).status_code in (200, 302)
    spanish_page.refresh_from_db()
    assert spanish_page.title == NEW_TITLE and spanish_page.live


def test_publish_in_the_translation_editor_goes_to_review(django_user_model, spanish_page):
    reviewer = person(django_user_model, "clinician", REVIEWERS)
    edit = reverse("wagtailadmin_pages:edit", args=[spanish_page.pk])
    assert reviewer.post(edit, {"action": "publish"}).status_code == 302
    assert in_progress(spanish_page) is not None
    spanish_page.refresh_from_db()
    assert spanish_page.title != NEW_TITLE  # not published past review


def test_editors_find_the_submit_action_in_the_page_menu(django_user_model, spanish_page):
    editor = person(django_user_model, "writer", EDITORS)
    listing = reverse("wagtailadmin_explore", args=[spanish_page.get_parent().pk])
    html = editor.get(listing).content.decode()
    assert reverse("quality_submit_translation", args=[spanish_page.pk]) in html
