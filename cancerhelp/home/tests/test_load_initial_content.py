from io import StringIO

from django.core.management import call_command
from wagtail.models import Page

from cancerhelp.core.models import HelpLine
from cancerhelp.directory.models import Organization, ResourceFinderPage, Service, TaxonomyTerm
from cancerhelp.topics.models import TopicPage

MODELS = [Page, Service, Organization, TaxonomyTerm, HelpLine]


def counts():
    return {model.__name__: model.objects.count() for model in MODELS}


def run_loader():
    out = StringIO()
    call_command("load_initial_content", stdout=out)
    return out.getvalue()


def test_loading_twice_changes_nothing(topic_page):
    before = counts()
    revision = topic_page.latest_revision_id
    assert "already loaded" in run_loader()
    assert counts() == before
    topic_page.refresh_from_db()
    assert topic_page.latest_revision_id == revision


def test_loader_restores_a_deleted_topic_page_without_duplicating_others(topic_page):
    before = counts()
    topic_page.delete()
    run_loader()
    assert counts() == before
    assert TopicPage.objects.filter(slug="what-is-metastatic-cancer").count() == 1


def test_loader_creates_every_seed_resource_unverified_and_flags_guesses(db):
    english = Service.objects.filter(locale__language_code="en")
    assert english.count() == 14
    assert set(english.values_list("verification_status", flat=True)) == {"unverified"}
    support_search = english.get(title="NIH National Cancer Institute, Support Search")
    assert support_search.url == "https://supportorgs.cancer.gov/"
    assert "GUESS" in support_search.editor_note
    assert "GUESS" not in english.get(title="Imerman Angels").editor_note


def test_loader_creates_help_lines_centers_page_and_no_user(django_user_model):
    assert HelpLine.objects.filter(phone="1-800-422-6237").exists()
    assert HelpLine.objects.filter(phone="988").exists()
    centers = ResourceFinderPage.objects.get(slug="community-cancer-resource-centers")
    assert centers.preset_kind == "local-centers" and centers.live
    assert django_user_model.objects.count() == 0  # no default admin account, ever


def test_shipped_records_have_stable_hsds_ids(db):
    from cancerhelp.home.content import stable_uuid

    assert Service.objects.get(hsds_id=stable_uuid("service", "imerman-angels")).title == "Imerman Angels"
