"""Load the owner's content into an empty site; running it again changes nothing.

Follows the bakerydemo `load_initial_data` pattern, but reads our own YAML
(home/content/) and builds pages and directory entries through the models, so the
content stays editable in Wagtail afterwards. Records that already exist are left alone:
once loaded, Wagtail is the source of truth.
"""

import html
import json
import uuid

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Locale, Page, Site

from cancerhelp.core.models import HelpLine
from cancerhelp.directory.models import (
    Organization,
    ResourceFinderPage,
    Service,
    ServiceLanguage,
    TaxonomyTerm,
)
from cancerhelp.directory.vocabulary import (
    CANCER_TYPE_TAXONOMY,
    CANCER_TYPES,
    KIND_OF_HELP_TAXONOMY,
    KINDS_OF_HELP,
)
from cancerhelp.glossary.models import GlossaryTerm
from cancerhelp.home import content
from cancerhelp.home.models import HomePage, InfoPage
from cancerhelp.home.translation import translate_initial_content
from cancerhelp.quality.workflows import ensure_clinical_review_workflow
from cancerhelp.topics.models import TopicPage


class Command(BaseCommand):
    help = (
        "Create the home page, the topic page, the centers page, the directory and help lines (idempotent)."
    )

    def handle(self, *args, **options):
        self.created = 0
        self.verbosity = options["verbosity"]
        with transaction.atomic():
            locales = self.ensure_locales()
            terms = self.ensure_terms()
            services = self.ensure_directory(terms)
            self.ensure_help_lines()
            self.ensure_glossary()
            home = self.ensure_home(locales["en"])
            self.ensure_finder_page(home)
            centers = self.ensure_centers_page(home)
            self.ensure_topic_page(home, services, centers)
            self.ensure_info_pages(home, services, centers)
            self.extend(locales)
            # Approval before publishing (quality app), over every language's home page.
            roots = list(HomePage.objects.order_by("path"))
            self.created += ensure_clinical_review_workflow(roots)
        verb = "Created" if self.created else "Nothing to do:"
        self.stdout.write(
            f"{verb} {self.created} new records." if self.created else f"{verb} content already loaded."
        )

    def extend(self, locales):
        """Spanish twins of everything above, through wagtail-localize (home/translation.py)."""
        report = translate_initial_content(stdout=self.stderr)
        for name in report.created:
            self.note(f"Spanish translation of {name}")

    # --- helpers ---------------------------------------------------------------
    def note(self, message):
        """Count a created record; name it with -v 2."""
        self.created += 1
        if self.verbosity >= 2:
            self.stdout.write(f"created {message}")

    def ensure_locales(self):
        result = {}
        for code, _name in settings.LANGUAGES:
            locale, made = Locale.objects.get_or_create(language_code=code)
            if made:
                self.note(f"locale {code}")
            result[code] = locale
        return result

    def ensure_terms(self):
        terms = {}
        vocabularies = [
            (
                KIND_OF_HELP_TAXONOMY,
                {code: label for code, (label, _d) in KINDS_OF_HELP.items()},
            ),
            (CANCER_TYPE_TAXONOMY, CANCER_TYPES),
        ]
        for taxonomy, entries in vocabularies:
            for order, (code, label) in enumerate(entries.items()):
                term, made = TaxonomyTerm.objects.get_or_create(
                    taxonomy=taxonomy,
                    code=code,
                    defaults={
                        "name": str(label),
                        "sort_order": order,
                        "hsds_id": content.stable_uuid("taxonomy_term", taxonomy, code),
                    },
                )
                if made:
                    self.note(f"term {code}")
                terms[code] = term
        return terms

    def ensure_directory(self, terms):
        data = content.load("resources")
        english = Locale.objects.get(language_code=settings.LANGUAGE_CODE)
        organizations = {}
        for item in data["organizations"]:
            organization, made = Organization.objects.get_or_create(
                hsds_id=content.stable_uuid("organization", item["key"]),
                defaults={"name": item["name"], "website": item.get("website", "")},
            )
            if made:
                self.note(f"organization {item['key']}")
            organizations[item["key"]] = organization
        services = {}
        for item in data["services"]:
            hsds_id = content.stable_uuid("service", item["key"])
            service = Service.objects.filter(hsds_id=hsds_id).first()
            if service is None:
                formats = set(item.get("formats", []))
                service = Service(
                    hsds_id=hsds_id,
                    locale=english,
                    organization=organizations[item["organization"]],
                    title=item["title"],
                    url=item["url"],
                    description=item["description"],
                    online="online" in formats,
                    by_phone="phone" in formats,
                    in_person="in-person" in formats,
                    is_free=item.get("free", False),
                    verification_status=Service.Verification.UNVERIFIED,
                    editor_note=self.editor_note(item),
                )
                service.save()
                service.kinds.set([terms[code] for code in item.get("kinds", [])])
                service.save()  # a ParentalManyToManyField is only written on save
                for order, code in enumerate(item.get("languages", [])):
                    ServiceLanguage.objects.create(
                        service=service,
                        code=code,
                        sort_order=order,
                        hsds_id=content.stable_uuid("language", item["key"], code),
                    )
                self.note(f"service {item['key']}")
            services[item["key"]] = service
        return services

    @staticmethod
    def editor_note(item):
        status = item.get("status", "guess")
        lines = [
            "Loaded from the owner's page. Address status: "
            + (
                "found in a public source"
                if status == "found"
                else "a GUESS: confirm it before marking verified"
            )
            + "."
        ]
        if item.get("note"):
            lines.append(item["note"])
        return "\n".join(lines)

    def ensure_help_lines(self):
        english = Locale.objects.get(language_code=settings.LANGUAGE_CODE)
        for order, item in enumerate(content.load("resources")["helplines"]):
            if HelpLine.objects.filter(locale=english, name=item["name"]).exists():
                continue
            HelpLine.objects.create(
                locale=english,
                translation_key=content.stable_uuid("helpline", item["key"]),
                name=item["name"],
                phone=item["phone"],
                phone_words=item.get("phone_words", ""),
                description=item.get("description", ""),
                sort_order=order,
            )
            self.note(f"help line {item['key']}")

    def ensure_glossary(self):
        """Glossary terms in English (content/glossary.yaml); Spanish twins come in extend()."""
        english = Locale.objects.get(language_code=settings.LANGUAGE_CODE)
        for item in content.load("glossary")["terms"]:
            key = content.stable_uuid("glossary", item["en"]["term"])
            if GlossaryTerm.objects.filter(translation_key=key, locale=english).exists():
                continue
            GlossaryTerm.objects.create(
                locale=english,
                translation_key=key,
                term=item["en"]["term"],
                definition=item["en"]["definition"],
                also_called=item["en"].get("also_called", ""),
                match_words=item["en"].get("match_words", ""),
            )
            self.note(f"glossary term {item['en']['term']}")

    def ensure_home(self, english):
        home = HomePage.objects.filter(locale=english).first()
        if home is not None:
            return home
        data = content.load("en")["home"]
        root = Page.get_first_root_node()
        # Wagtail's first migration leaves a placeholder "Welcome" page; replace it.
        for placeholder in root.get_children().filter(content_type__model="page"):
            Site.objects.filter(root_page=placeholder).delete()
            placeholder.delete()
        home = HomePage(
            title=data["title"],
            slug="home",
            summary=data["summary"],
            intro=data["intro"],
            locale=english,
        )
        root.add_child(instance=home)
        home.save_revision().publish()
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            Site.objects.create(
                hostname="localhost",
                port=80,
                root_page=home,
                is_default_site=True,
                site_name="Cancer Help",
            )
        else:
            site.root_page = home
            site.save()
        self.note("home page")
        return home

    def ensure_centers_page(self, home):
        data = content.load("en")["centers"]
        page = ResourceFinderPage.objects.child_of(home).filter(slug=data["slug"]).first()
        if page is None:
            page = ResourceFinderPage(
                title=data["title"],
                slug=data["slug"],
                summary=data["summary"],
                intro=data["intro"],
                empty_message=data["empty_message"],
                preset_format="in-person",  # every in-person place: centers, lodges, support centers
            )
            home.add_child(instance=page)
            page.save_revision().publish()
            self.note("centers page")
        legacy = Redirect.normalise_path(data["legacy_path"])
        if not Redirect.objects.filter(old_path=legacy).exists():
            Redirect.objects.create(old_path=legacy, redirect_page=page, is_permanent=True)
            self.note("legacy redirect")
        return page

    def ensure_finder_page(self, home):
        """The general resource finder at /resources/ (no preset kind of help)."""
        if ResourceFinderPage.objects.child_of(home).filter(slug="resources").exists():
            return
        page = ResourceFinderPage(
            title="Find support",
            slug="resources",
            summary=(
                "Search trusted resources by kind of help, language, cost and cancer type, "
                "or find services near your ZIP code."
            ),
        )
        home.add_child(instance=page)
        page.save_revision().publish()
        self.note("finder page")

    def ensure_topic_page(self, home, services, centers):
        data = content.load("en")["topic"]
        if TopicPage.objects.child_of(home).filter(slug=data["slug"]).exists():
            return
        page = TopicPage(
            title=data["title"],
            slug=data["slug"],
            summary=data["summary"],
            last_reviewed=data["last_reviewed"],
            next_review_due=data["next_review_due"],
            in_short=json.dumps(
                [
                    {"type": "point", "value": point, "id": str(uuid.uuid4())}
                    for point in data.get("in_short", [])
                ]
            ),
            sources=json.dumps(
                [
                    {"type": "source", "value": source, "id": str(uuid.uuid4())}
                    for source in data.get("sources", [])
                ]
            ),
            body=json.dumps(stream_data(data["body"], services, centers)),
        )
        home.add_child(instance=page)
        page.save_revision().publish()
        self.note("topic page")

    def ensure_info_pages(self, home, services, centers):
        """About us, privacy, accessibility and contact: linked from every page's footer."""
        for data in content.load("en").get("info_pages", []):
            if InfoPage.objects.child_of(home).filter(slug=data["slug"]).exists():
                continue
            page = InfoPage(
                title=data["title"],
                slug=data["slug"],
                summary=data["summary"],
                last_updated=data["last_updated"],
                editor_note=data.get("editor_note", ""),
                body=json.dumps(stream_data(data["body"], services, centers)),
            )
            home.add_child(instance=page)
            page.save_revision().publish()
            self.note(f"information page {data['slug']}")


def stream_data(blocks, services, centers):
    """Turn the YAML body into StreamField JSON."""
    stream = []
    for block in blocks:
        ((block_type, value),) = block.items()
        if block_type == "heading":
            value = {"text": value, "level": "h2"}
        elif block_type == "paragraph":
            value = "<p>" + html.escape(value, quote=False) + "</p>"
        elif block_type == "ask_care_team":
            value = {"text": value, "question": ""} if isinstance(value, str) else value
        elif block_type == "questions":
            questions = [{"type": "item", "value": q, "id": str(uuid.uuid4())} for q in value["questions"]]
            value = {
                "heading": value.get("heading", ""),
                "intro": value.get("intro", ""),
                "questions": questions,
            }
        elif block_type == "spread_diagram":
            value = dict(value)
        elif block_type == "callout":
            value = {"heading": value.get("heading", ""), "text": value["text"]}
        elif block_type == "list":
            # Items in ListBlock's block format (with ids), so wagtail-localize can translate them.
            items = [{"type": "item", "value": item, "id": str(uuid.uuid4())} for item in value["items"]]
            value = {"intro": value.get("intro", ""), "items": items}
        elif block_type == "resource_list":
            items = []
            for item in value["items"]:
                if isinstance(item, dict) and item.get("page") == "centers":
                    items.append(
                        {
                            "type": "page",
                            "value": {"page": centers.pk, "title": ""},
                            "id": str(uuid.uuid4()),
                        }
                    )
                else:
                    items.append(
                        {
                            "type": "resource",
                            "value": services[item].pk,
                            "id": str(uuid.uuid4()),
                        }
                    )
            value = {
                "heading": value["heading"],
                "heading_language": value.get("heading_language", ""),
                "kind": value.get("kind", ""),
                "items": items,
            }
        else:
            raise ValueError(f"Unknown block type in content: {block_type}")
        stream.append({"type": block_type, "value": value, "id": str(uuid.uuid4())})
    return stream
