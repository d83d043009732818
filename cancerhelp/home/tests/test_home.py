from django.test import Client


def test_home_page_leads_to_the_topic_the_centers_and_the_help_lines(home_page):
    response = Client().get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Cancer Help</h1>" in html
    assert "<title>Cancer Help</title>" in html  # the site's name once, not "Cancer Help | Cancer Help"
    assert 'href="/what-is-metastatic-cancer/"' in html
    assert 'href="/community-cancer-resource-centers/"' in html
    assert 'href="tel:18004226237"' in html and 'href="tel:988"' in html
    assert 'class="skip-link" href="#main"' in html and '<main id="main"' in html


def test_favicon_and_sitemap_are_served(home_page):
    client = Client()
    assert client.get("/favicon.ico")["Location"].endswith("favicon.svg")
    sitemap = client.get("/sitemap.xml")
    assert sitemap.status_code == 200 and b"what-is-metastatic-cancer" in sitemap.content


def test_centers_page_says_plainly_when_no_center_is_listed(home_page):
    html = Client().get("/community-cancer-resource-centers/").content.decode()
    assert "We have not listed any local centers yet" in html
    assert "1-800-422-6237" in html


def test_other_pages_add_the_site_name_to_their_title(home_page):
    html = Client().get("/what-is-metastatic-cancer/").content.decode()
    assert "<title>What is metastatic cancer? | Cancer Help</title>" in html
