"""A topic page names its reviewer's role and the date once an editor records them."""

import pytest
from django.test import Client


@pytest.mark.django_db
def test_the_page_names_the_reviewer_role_only_when_set(topic_page):
    html = Client().get(topic_page.url).content.decode()
    assert "Last reviewed on <time" in html and "Reviewed by our" not in html

    topic_page.reviewer_role = "clinical reviewer"
    topic_page.save_revision().publish()
    html = Client().get(topic_page.url).content.decode()
    assert "Reviewed by our clinical reviewer on <time" in html
    assert "Last reviewed on" not in html
