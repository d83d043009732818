from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.views.defaults import server_error


def test_unknown_page_gets_a_friendly_404(home_page):
    response = Client().get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "We could not find that page" in html
    assert 'href="/"' in html and "<h1>" in html


def test_server_error_page_renders_without_a_database_and_lists_help_lines():
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    html = response.content.decode()
    assert "Something went wrong" in html and "1-800-422-6237" in html


def test_500_template_needs_no_context():
    assert "<h1>" in render_to_string("500.html")
