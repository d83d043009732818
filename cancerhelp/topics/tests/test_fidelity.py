"""The topic page carries the owner's page word for word (bar the typo fixes listed in
home/content/en.yaml), in the owner's order, with a real address behind every link."""

import re
from html.parser import HTMLParser

from django.test import Client

from cancerhelp.glossary.marking import unmark
from cancerhelp.home.content import SEED_PAGE

# The only changes made to the owner's words: obvious typos.
TYPO_FIXES = {
    "well being": "well-being",
    "protein-intake": "protein intake",
    "PAN, Foundation, fundfinder": "PAN Foundation, fundfinder",
}
LINK = re.compile(r"\[(?P<title>[^\]]+)\]\(#\)")
BARE_LINK = re.compile(r"<(?P<url>https?://[^>]+)>")


class TextAndLinks(HTMLParser):
    """The visible text of <main> and the href of every link in it."""

    def __init__(self):
        super().__init__()
        self.depth, self.text, self.links = 0, [], []

    def handle_starttag(self, tag, attrs):
        if tag == "main":
            self.depth += 1
        if self.depth and tag == "a":
            self.links.append(dict(attrs).get("href"))

    def handle_endtag(self, tag):
        if tag == "main":
            self.depth -= 1

    def handle_data(self, data):
        if self.depth:
            self.text.append(data)


def normalise(text):
    return re.sub(r"\s+", " ", text).strip()


def seed_pieces():
    """Headings, sentences, bullets and link titles of the owner's page, in order."""
    text = SEED_PAGE.read_text(encoding="utf-8")
    for wrong, right in TYPO_FIXES.items():
        text = text.replace(wrong, right)
    pieces = []
    for line in (normalise(line) for line in text.splitlines()):
        if not line:
            continue
        line = line.removeprefix("- ")
        if match := LINK.fullmatch(line):
            pieces.append(("link", match["title"]))
        elif match := BARE_LINK.fullmatch(line):
            pieces.append(("bare_link", match["url"]))
        elif line.endswith(":") and len(line.split()) <= 6:
            pieces.append(("heading", line.rstrip(":")))
        else:
            pieces.extend(("sentence", sentence) for sentence in re.split(r"(?<=[.?!])\s+", line))
    return pieces


def rendered_topic():
    response = Client().get("/what-is-metastatic-cancer/")
    assert response.status_code == 200
    parser = TextAndLinks()
    parser.feed(unmark(response.content.decode()))  # glossary marking adds, never changes, words
    return normalise(" ".join(parser.text)), parser.links


def test_seed_is_parsed_into_many_pieces():
    kinds = [kind for kind, _text in seed_pieces()]
    assert kinds.count("heading") >= 5 and kinds.count("link") == 15 and kinds.count("sentence") > 25


def test_every_heading_sentence_bullet_and_title_appears_in_order(topic_page):
    text, _links = rendered_topic()
    position = 0
    for kind, piece in seed_pieces():
        if kind == "bare_link":
            continue
        found = text.find(piece, position)
        assert found != -1, f"{kind} missing or out of order: {piece!r}"
        position = found + len(piece)


def test_no_resource_link_is_a_placeholder(topic_page):
    _text, links = rendered_topic()
    assert links, "the page has links"
    assert all(href and href != "#" and not href.startswith("#") or href == "#help-lines" for href in links)
    external = [href for href in links if href.startswith("http")]
    assert len(external) >= 14
    assert all(href.startswith("https://") for href in external)


def test_seed_link_to_community_centers_leads_to_our_centers_page(topic_page):
    _text, links = rendered_topic()
    assert "/community-cancer-resource-centers/" in links
    response = Client().get("/communitycancerresourcecenters")
    assert response.status_code == 301
    assert response["Location"].endswith("/community-cancer-resource-centers/")
