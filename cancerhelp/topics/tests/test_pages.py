from django.test import Client


def test_topic_page_renders_with_its_review_dates(topic_page):
    response = Client().get("/what-is-metastatic-cancer/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>What is metastatic cancer?</h1>" in html
    assert 'datetime="2026-11-26"' in html
