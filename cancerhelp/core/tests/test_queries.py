"""Queries per page, uncached (no page cache), whatever the number of resources.

Issue 10 asks for at most 8 (topic), 10 (Spanish topic), 6 (home) and 10 (finder). The
site, the route to a page, its view restrictions, translations, help lines, footer links and
glossary terms are memoized per content generation (core/queries.py): the first request after
a content change costs more (see docs/deployment.md, "Queries per page").
"""

import pytest
from django.test import Client

from cancerhelp.directory.tests.helpers import make_service

CEILINGS = {
    # Issue 10's targets, met (docs/deployment.md). The counts do not grow with the data.
    "/": 3,  # was 11 (14 before the footer and glossary memos)
    "/es/": 3,  # was 12
    "/what-is-metastatic-cancer/": 2,  # was 6, and 19 before (target 8): the body is cached
    "/es/que-es-el-cancer-metastasico/": 2,  # was 7, and 21 before (target 10)
    "/resources/": 7,  # was 20
    "/es/recursos/": 7,  # was 20
    "/resources/?q=support&zip=10001": 10,  # was 25: places near the ZIP, then phone and online help
}


@pytest.mark.django_db
@pytest.mark.parametrize("url", list(CEILINGS))
def test_queries_per_page_stay_under_the_ceiling(url, django_assert_max_num_queries):
    client = Client()
    assert client.get(url).status_code == 200  # warm per-process lookups (site, locales)
    with django_assert_max_num_queries(CEILINGS[url]):
        assert client.get(url).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/resources/", "/resources/?q=support&zip=10001"])
def test_the_finder_costs_the_same_with_more_resources(url, django_assert_max_num_queries):
    for number in range(40):
        make_service(f"Support circle {number}", in_person=True, locations=[("Hall", 40.75, -73.99)])
    client = Client()
    client.get(url)
    with django_assert_max_num_queries(CEILINGS[url]):
        assert client.get(url).status_code == 200


# The memos behind these counts must never show stale content: each change below is seen by the
# very next request of a warm process (the memos filled by the request before).


def warm_client(path):
    client = Client()
    assert client.get(path).status_code == 200
    assert client.get(path).status_code == 200
    return client


@pytest.mark.django_db
def test_a_changed_help_line_shows_at_once():
    from cancerhelp.core.models import HelpLine

    client = warm_client("/")
    line = HelpLine.objects.filter(locale__language_code="en").first()
    line.name = "Renamed line for the test"
    line.save()
    assert "Renamed line for the test" in client.get("/").content.decode()


@pytest.mark.django_db
def test_a_changed_glossary_term_shows_at_once(topic_page):
    from cancerhelp.glossary.models import GlossaryTerm

    client = warm_client("/what-is-metastatic-cancer/")
    term = GlossaryTerm.objects.get(locale__language_code="en", anchor="palliative-care")
    term.definition = "A definition changed for the test."
    term.save()
    assert "A definition changed for the test." in client.get("/what-is-metastatic-cancer/").content.decode()


@pytest.mark.django_db
def test_a_new_view_restriction_applies_at_once(topic_page):
    from wagtail.models import PageViewRestriction

    client = warm_client("/what-is-metastatic-cancer/")
    restriction = PageViewRestriction.objects.create(page=topic_page, restriction_type="login")
    assert client.get("/what-is-metastatic-cancer/").status_code == 302  # to the sign-in
    assert "/what-is-metastatic-cancer/" not in client.get("/").content.decode()  # nor linked
    restriction.delete()
    assert client.get("/what-is-metastatic-cancer/").status_code == 200


@pytest.mark.django_db
def test_an_unpublished_or_moved_page_is_gone_at_once(topic_page):
    client = warm_client("/what-is-metastatic-cancer/")
    topic_page.slug = "metastatic-cancer-explained"
    topic_page.save_revision().publish()
    assert client.get("/what-is-metastatic-cancer/").status_code == 404
    assert client.get("/metastatic-cancer-explained/").status_code == 200
    topic_page.unpublish()
    assert client.get("/metastatic-cancer-explained/").status_code == 404


@pytest.mark.django_db
def test_each_request_gets_its_own_copy_of_a_memoized_page(topic_page):
    """The live page is kept per content generation, but what one request sets on it (or on
    its `specific`) never reaches the next: the kept page itself is never handed out."""
    from django.test import RequestFactory

    from cancerhelp.core.routing import memoized_route

    path = "/what-is-metastatic-cancer/"
    factory = RequestFactory()
    memoized_route(factory.get(path), path)  # the first time, Wagtail routes it
    first = memoized_route(factory.get(path), path).page
    first.specific.set_by_a_request = True
    second = memoized_route(factory.get(path), path).page
    assert second is not first and second.pk == first.pk
    assert second.specific is second
    assert not hasattr(second, "set_by_a_request")
    assert second.body.raw_data == first.body.raw_data
