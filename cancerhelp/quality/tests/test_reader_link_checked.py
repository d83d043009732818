"""Readers see when a resource's link was last checked, in one query per page."""

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cancerhelp.quality.linkcheck import LinkResult
from cancerhelp.quality.models import LinkTarget

from .test_admin import checked_services, server  # noqa: F401  (fixtures)


def first_listed_service(page):
    for block in page.body:
        if block.block_type == "resource_list":
            for item in block.value["items"]:
                if item.block_type == "resource" and item.value.url:
                    return item.value
    raise AssertionError("the page lists no resource")


def record(url, result, when):
    target = LinkTarget.objects.filter(url=url).first() or LinkTarget(url=url)
    target.record(result, when=when)


@pytest.mark.django_db
def test_topic_page_shows_link_checked_dates_with_one_query(topic_page, checked_services):  # noqa: F811
    from cancerhelp.core.cache import content_changed

    client = Client()
    client.get(topic_page.url)  # warm caches
    content_changed()  # the results are read again, in one query
    with CaptureQueriesContext(connection) as queries:
        html = client.get(topic_page.url).content.decode()
    link_queries = [q for q in queries.captured_queries if "quality_linktarget" in q["sql"]]
    assert len(link_queries) == 1
    with CaptureQueriesContext(connection) as queries:  # then kept until the content changes
        client.get(topic_page.url)
    assert not [q for q in queries.captured_queries if "quality_linktarget" in q["sql"]]
    assert html.count("Link checked on") >= 2  # the working and the redirected resource
    today = timezone.localdate().isoformat()
    assert f'<time datetime="{today}">' in html


@pytest.mark.django_db
def test_flagged_link_is_shown_to_readers_not_hidden(topic_page, settings):
    settings.LINKCHECK_FLAG_AFTER = 2
    service = first_listed_service(topic_page)
    broken = LinkResult(url=service.url, status_code=404, error_kind="http-error", error="HTTP 404")
    when = timezone.now() - datetime.timedelta(days=1)
    record(service.url, broken, when)
    record(service.url, broken, when)
    html = Client().get(topic_page.url).content.decode()
    assert service.title in html
    assert "did not open when we checked it" in html
    assert LinkTarget.objects.get(url=service.url).flagged


@pytest.mark.django_db
def test_spanish_readers_see_the_date_in_spanish(topic_page):
    spanish = topic_page.get_translations().get(locale__language_code="es")
    service = first_listed_service(spanish)
    assert service.locale.language_code == "es"  # the Spanish page lists the Spanish twins
    when = datetime.datetime(2026, 3, 5, 12, 0, tzinfo=datetime.UTC)
    record(service.url, LinkResult(url=service.url, status_code=200), when)
    html = Client().get(spanish.url).content.decode()
    assert 'Enlace revisado el <time datetime="2026-03-05">5 de marzo de 2026</time>' in html
    assert "Link checked on" not in html and "March 5, 2026" not in html
