"""Database outage: readers get a 503 with Retry-After and the help lines in the page's
language, rendered without the database; the site recovers by itself when it returns."""

import pytest
from django.db import OperationalError
from django.test import Client
from wagtail.models import Page, Site


@pytest.fixture
def database_down(monkeypatch):
    def broken(*args, **kwargs):
        raise OperationalError("could not connect to server")

    monkeypatch.setattr(Page, "route_for_request", broken)
    monkeypatch.setattr(Site, "_find_for_request", staticmethod(broken))  # the first query, once memoized


@pytest.mark.parametrize(
    ("path", "language", "text"),
    [("/", "en", "We are back in a moment"), ("/es/", "es", "Volvemos en un momento")],
)
def test_a_database_outage_is_a_503_with_help_lines_in_the_page_language(
    home_page, database_down, django_assert_max_num_queries, path, language, text
):
    client = Client(raise_request_exception=False)
    with django_assert_max_num_queries(0):
        response = client.get(path)
    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0
    html = response.content.decode()
    assert f'<html lang="{language}"' in html and text in html
    assert "1-800-422-6237" in html and 'href="tel:988"' in html


def test_other_errors_stay_500(home_page, monkeypatch):
    def bug(*args, **kwargs):
        raise ValueError("a bug")

    monkeypatch.setattr(Page, "route_for_request", bug)
    response = Client(raise_request_exception=False).get("/")
    assert response.status_code == 500 and "Retry-After" not in response
