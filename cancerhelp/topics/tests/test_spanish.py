"""The Spanish site: loaded through wagtail-localize, fully Spanish, kept in step with English."""

import re
from html.parser import HTMLParser
from io import StringIO

import polib
import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils.translation import override
from wagtail.models import Page
from wagtail_localize.models import StringSegment, StringTranslation, Translation, TranslationSource

from cancerhelp.accounts.testing import sign_in
from cancerhelp.core.check_messages import CATALOGUE
from cancerhelp.core.models import HelpLine
from cancerhelp.directory.models import Service
from cancerhelp.glossary.marking import unmark
from cancerhelp.home import content
from cancerhelp.topics.models import TopicPage

SPANISH_TOPIC = "/es/que-es-el-cancer-metastasico/"
SPANISH_PAGES = [
    "/es/",
    SPANISH_TOPIC,
    "/es/centros-comunitarios-de-recursos-contra-el-cancer/",
    "/es/recursos/",
]


class VisibleText(HTMLParser):
    """Text a reader sees or hears (title, body), leaving out elements marked lang="en"."""

    VOID = {"meta", "link", "br", "img", "input", "hr", "source", "wbr"}

    def __init__(self):
        super().__init__()
        self.stack, self.text = [], []

    def handle_starttag(self, tag, attrs):
        if tag not in self.VOID:
            self.stack.append((tag, dict(attrs).get("lang")))
        label = dict(attrs).get("aria-label")
        if label and not self.english():
            self.text.append(label)

    def handle_endtag(self, tag):
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def english(self):
        langs = [lang for _tag, lang in self.stack if lang]
        return bool(langs) and langs[-1] == "en"

    def handle_data(self, data):
        if any(tag in {"style", "script"} for tag, _lang in self.stack) or self.english():
            return
        self.text.append(data)


def visible_text(html):
    parser = VisibleText()
    parser.feed(unmark(html))  # glossary marking adds, never changes, words
    return re.sub(r"\s+", " ", " ".join(parser.text))


def english_interface_strings():
    """English msgids whose Spanish differs (so finding them means an untranslated string)."""
    strings = []
    for entry in polib.pofile(str(CATALOGUE)):
        for msgid in filter(None, [entry.msgid, entry.msgid_plural]):
            text = re.sub(r"<[^>]+>|%\(\w+\)[sd]", " ", msgid)
            for piece in re.split(r"\s{2,}|[“”]", text):
                piece = piece.strip(" .:?")
                if len(piece) >= 4 and piece != entry.msgstr and " " in piece or piece in {"Search", "Home"}:
                    strings.append(piece)
    return strings


def status(translation):
    """wagtail-localize's status label, as an English-speaking editor reads it."""
    with override("en"):
        return str(translation.get_status_display())


def get(url):
    response = Client().get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_loader_makes_linked_spanish_twins_of_every_page(home_page):
    english = {
        page.translation_key: page for page in Page.objects.filter(locale__language_code="en", depth__gt=1)
    }
    spanish = Page.objects.filter(locale__language_code="es").specific()
    assert {page.slug for page in spanish} >= {
        "que-es-el-cancer-metastasico",
        "centros-comunitarios-de-recursos-contra-el-cancer",
        "recursos",
    }
    for page in spanish:
        assert page.live and page.translation_key in english
        source = TranslationSource.objects.get(object_id=page.translation_key, locale__language_code="en")
        translation = Translation.objects.get(source=source, target_locale=page.locale)
        assert translation.enabled
        total, done = translation.get_progress()
        assert total == done > 0, page.slug
        assert status(translation) == "Up to date"


def test_spanish_directory_entries_and_help_lines_are_translations(db):
    for item in content.load("resources")["services"]:
        english = Service.objects.get(hsds_id=content.stable_uuid("service", item["key"]))
        twin = english.get_translation(english.get_translations().get(locale__language_code="es").locale)
        assert twin.title == english.title and twin.url == english.url
        assert twin.language_codes == english.language_codes
        assert set(twin.kinds.values_list("code", flat=True)) == set(item.get("kinds", []))
        assert twin.hsds_id != english.hsds_id
        expected = content.load("es")["services"].get(item["key"], {}).get("description", english.description)
        assert twin.description == expected
        assert Translation.objects.filter(source__object_id=english.translation_key, enabled=True).exists()
    for key, line in content.load("es")["helplines"].items():
        twin = HelpLine.objects.get(
            locale__language_code="es", translation_key=content.stable_uuid("helpline", key)
        )
        assert twin.name == line["name"]
        assert (
            twin.phone
            == HelpLine.objects.get(locale__language_code="en", translation_key=twin.translation_key).phone
        )


def test_spanish_topic_page_carries_every_spanish_sentence(topic_page):
    text = visible_text(get(SPANISH_TOPIC))
    spanish = content.load("es")["topic"]
    for block in spanish["body"]:
        ((kind, value),) = block.items()
        pieces = [value] if isinstance(value, str) else [value.get("intro", ""), value.get("heading", "")]
        pieces += value.get("items", []) if isinstance(value, dict) and kind == "list" else []
        if kind == "callout":
            pieces.append(value["text"])
        for piece in filter(None, pieces):
            assert re.sub(r"\s+", " ", piece).strip() in text, piece
    for block in content.load("en")["topic"]["body"]:
        ((kind, value),) = block.items()
        if kind == "paragraph":
            assert re.sub(r"\s+", " ", value).strip() not in text


@pytest.mark.parametrize("url", SPANISH_PAGES)
def test_spanish_pages_have_no_english_interface_leftovers(url, topic_page):
    html = get(url)
    assert '<html lang="es"' in html
    text = visible_text(html)
    for title in Service.objects.values_list("title", flat=True):  # names of English pages: content
        text = text.replace(title, " ")
    leftovers = [
        string for string in english_interface_strings() if re.search(rf"\b{re.escape(string)}\b", text)
    ]
    assert leftovers == [], leftovers
    assert "Talk to someone today" not in text and "Hable con alguien hoy" in text


def test_spanish_topic_page_links_spanish_directory_entries(topic_page):
    twin = topic_page.get_translation(topic_page.get_translations().get().locale)
    ids = [
        item["value"]
        for block in twin.body.raw_data
        if block["type"] == "resource_list"
        for item in block["value"]["items"]
        if item["type"] == "resource"
    ]
    assert ids and set(
        Service.objects.filter(pk__in=ids).values_list("locale__language_code", flat=True)
    ) == {"es"}
    html = get(SPANISH_TOPIC)
    assert "Apoyo gratuito de persona a persona" in html  # Spanish description of an English resource
    assert 'href="/es/centros-comunitarios-de-recursos-contra-el-cancer/"' in html


def test_in_spanish_spanish_resources_come_first_and_english_ones_are_marked(topic_page):
    twin = TopicPage.objects.get(locale__language_code="es", slug="que-es-el-cancer-metastasico")
    spanish_resource = Service.objects.get(
        locale__language_code="es", title="Cancer.Net, Sobrellevar el cáncer metastásico"
    )
    raw = list(twin.body.raw_data)
    first_list = next(block for block in raw if block["type"] == "resource_list")
    first_list["value"]["items"].append(
        {"type": "resource", "value": spanish_resource.pk, "id": "spanish-last"}
    )
    twin.body = raw
    twin.save_revision().publish()

    html = get(SPANISH_TOPIC)
    section = html.split("<h2>Recursos para más información</h2>")[1].split("</section>")[0]
    entries = re.findall(r"<li class=\"resource\">(.*?)</li>", section, re.S)
    assert "Sobrellevar el cáncer metastásico" in entries[0]  # added last, shown first
    assert "(en inglés)" not in entries[0]
    assert len(entries) == 7 and all("(en inglés)" in entry for entry in entries[1:])
    spanish_list = html.split('<h2 lang="es">Recursos en Español</h2>')[1].split("</section>")[0]
    assert "(en inglés)" not in spanish_list


def test_english_lists_keep_the_owners_order_without_language_notes(topic_page):
    html = get("/what-is-metastatic-cancer/")
    section = html.split("<h2>Resources for Additional Information</h2>")[1].split("</section>")[0]
    assert section.index("What is Metastasis?") < section.index("Metastatic Cancer Research")
    assert "(in English)" not in html
    spanish_list = html.split('<h2 lang="es">Recursos en Español</h2>')[1].split("</section>")[0]
    assert spanish_list.count("(in Spanish)") == 4


def test_loading_twice_adds_no_spanish_record(topic_page):
    twin = TopicPage.objects.get(locale__language_code="es", slug="que-es-el-cancer-metastasico")
    revision_before = twin.latest_revision_id
    assert revision_before is not None
    before = (
        Page.objects.filter(locale__language_code="es").count(),
        Service.objects.filter(locale__language_code="es").count(),
        HelpLine.objects.filter(locale__language_code="es").count(),
        StringTranslation.objects.count(),
        Translation.objects.count(),
    )
    out = StringIO()
    call_command("load_initial_content", stdout=out)
    assert "already loaded" in out.getvalue()
    after = (
        Page.objects.filter(locale__language_code="es").count(),
        Service.objects.filter(locale__language_code="es").count(),
        HelpLine.objects.filter(locale__language_code="es").count(),
        StringTranslation.objects.count(),
        Translation.objects.count(),
    )
    assert after == before
    twin.refresh_from_db()
    assert twin.latest_revision_id == revision_before  # no new Spanish revision either


def test_changing_an_english_sentence_marks_the_spanish_page_out_of_date(topic_page, editor):
    translation = Translation.objects.get(
        source__object_id=topic_page.translation_key, target_locale__language_code="es"
    )
    assert status(translation) == "Up to date"
    new_sentence = "Metastatic means the cancer has moved to another part of the body."
    raw = list(topic_page.body.raw_data)
    raw[0]["value"] = f"<p>{new_sentence}</p>"
    topic_page.body = raw
    topic_page.save_revision(user=editor).publish(user=editor)

    translation.refresh_from_db()
    total, done = translation.get_progress()
    assert done == total - 1
    assert status(translation) == "Waiting for translations"
    untranslated = (
        StringSegment.objects.filter(source=translation.source)
        .annotate_translation(translation.target_locale)
        .filter(translation__isnull=True)
    )
    assert [segment.string.data for segment in untranslated] == [new_sentence]
    # Readers keep the last published Spanish page until a translator updates it.
    assert "Metastásico quiere decir" in get(SPANISH_TOPIC)
    # Editors see it: the Spanish page opens in the translation editor with the new
    # English sentence waiting, and the Translations report lists it as waiting.
    client = Client()
    sign_in(client, editor)
    twin = TopicPage.objects.get(locale__language_code="es", slug="que-es-el-cancer-metastasico")
    response = client.get(f"/admin/pages/{twin.pk}/edit/")
    assert response.status_code == 200
    assert new_sentence in response.content.decode()
    report = client.get(reverse("wagtail_localize:translations_report"), {"waiting_for_translation": "true"})
    assert report.status_code == 200
    listed = report.content.decode()
    assert "What is metastatic cancer?" in listed and "Waiting for translations" in listed


def test_editing_an_english_resource_marks_its_spanish_twin_waiting(db):
    service = Service.objects.get(locale__language_code="en", title="Imerman Angels")
    service.description = "Free peer support from a trained mentor who had the same cancer."
    service.save()
    translation = Translation.objects.get(source__object_id=service.translation_key)
    total, done = translation.get_progress()
    assert done == total - 1


def test_po_export_carries_english_and_spanish_and_import_updates_the_page(topic_page, editor):
    translation = Translation.objects.get(
        source__object_id=topic_page.translation_key, target_locale__language_code="es"
    )
    client = Client()
    sign_in(client, editor)
    response = client.get(f"/admin/localize/translate/{translation.id}/pofile/download/")
    assert response.status_code == 200
    po = polib.pofile(response.content.decode())
    entry = next(entry for entry in po if entry.msgid == "Focus on well-being")
    assert entry.msgstr == "Concéntrese en su bienestar"
    entry.msgstr = "Cuide su bienestar"
    translation.import_po(po, user=editor)
    translation.save_target(user=editor, publish=False)
    twin = TopicPage.objects.get(locale__language_code="es", slug="que-es-el-cancer-metastasico")
    twin.get_latest_revision().publish()
    assert "<h2>Cuide su bienestar</h2>" in get(SPANISH_TOPIC)


def test_editors_translate_a_new_resource_with_the_admin_translate_action(editor):
    from wagtail_localize.operations import translate_object

    from cancerhelp.directory.models import Organization, ServiceLanguage

    service = Service(
        organization=Organization.objects.first(),
        title="New helpline",
        url="https://example.org/",
        description="Someone to talk to.",
    )
    service.save()
    ServiceLanguage.objects.create(service=service, code="en")
    spanish = Page.objects.get(locale__language_code="es", depth=2).locale
    translate_object(service, [spanish], user=editor)  # what "Translate" in the admin runs
    twin = service.get_translation(spanish)
    assert twin.language_codes == ["en"]
    assert twin.languages.get().hsds_id != service.languages.get().hsds_id
    client = Client()
    sign_in(client, editor)
    response = client.get(reverse("wagtailsnippets_directory_service:edit", args=[twin.pk]))
    assert response.status_code == 200
    assert "Someone to talk to." in response.content.decode()  # the translation editor's source
