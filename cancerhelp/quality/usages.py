"""Where each outgoing address is used: directory entries and links in page bodies.

Wagtail's reference index only knows about links to objects inside the site, so external
addresses are found by scanning: the link fields declared in settings.QUALITY_LINK_FIELDS
(a resource's address, an organization's website), and every StreamField /
RichTextField of every page type (links in rich text, URL values in blocks).
The raw StreamField JSON is scanned, so no block is rendered and no chooser is resolved.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import unescape

from django.apps import apps
from django.conf import settings
from django.urls import reverse
from wagtail.fields import RichTextField, StreamField
from wagtail.models import get_page_models

HREF = re.compile(r"""<a\b[^>]*?\bhref\s*=\s*(["'])(.*?)\1""", re.IGNORECASE | re.DOTALL)


@dataclass
class Usage:
    kind: str  # "resource", "organization" or "page"
    label: str
    language: str = ""
    obj: object = None  # the record holding the address (a resource, an organization)
    page_id: int | None = None

    def edit_url(self, finder=None):
        if self.page_id is not None:
            return reverse("wagtailadmin_pages:edit", args=[self.page_id])
        if finder is not None and self.obj is not None:
            return finder.get_edit_url(self.obj)
        return None


@dataclass
class UsageMap:
    by_url: dict[str, list[Usage]] = field(default_factory=dict)

    def add(self, url, usage):
        url = (url or "").strip()
        if url.startswith(("http://", "https://")):
            self.by_url.setdefault(url, []).append(usage)

    def urls(self):
        return sorted(self.by_url)

    def get(self, url):
        return self.by_url.get(url, [])


def urls_in_text(text):
    """External addresses in a string: rich-text hrefs, or the string itself if it is one."""
    found = []
    stripped = text.strip()
    if stripped.startswith(("http://", "https://")) and not any(ch.isspace() for ch in stripped):
        found.append(stripped)
    if "<a" in text:
        for _quote, href in HREF.findall(text):
            href = unescape(href).strip()
            if href.startswith(("http://", "https://")):
                found.append(href)
    return found


def urls_in_data(data):
    """Walk raw StreamField JSON (dicts, lists, strings) for external addresses."""
    if isinstance(data, str):
        return urls_in_text(data)
    if isinstance(data, dict):
        items = data.values()
    elif isinstance(data, list | tuple):
        items = data
    else:
        return []
    found = []
    for item in items:
        found.extend(urls_in_data(item))
    return found


@dataclass(frozen=True)
class LinkField:
    """A model field holding an outgoing address, declared in settings.QUALITY_LINK_FIELDS."""

    model_label: str
    field: str
    label_field: str
    kind: str

    @property
    def model(self):
        return apps.get_model(self.model_label)

    def records(self, wanted=None):
        """The records with an address in this field (only those in `wanted`, if given)."""
        queryset = self.model._default_manager.exclude(**{self.field: ""})
        if wanted is not None:
            queryset = queryset.filter(**{f"{self.field}__in": wanted})
        if any(f.name == "locale" for f in self.model._meta.concrete_fields):
            queryset = queryset.select_related("locale")
        return queryset

    def addresses(self):
        """A subquery of every address in this field."""
        return self.model._default_manager.exclude(**{self.field: ""}).values(self.field)


def link_fields():
    return [LinkField(*entry) for entry in getattr(settings, "QUALITY_LINK_FIELDS", [])]


def scan_records(usages, wanted=None):
    for link_field in link_fields():
        for record in link_field.records(wanted):
            locale = getattr(record, "locale", None)
            language = locale.language_code if locale is not None else ""
            usages.add(
                getattr(record, link_field.field),
                Usage(link_field.kind, getattr(record, link_field.label_field), language, obj=record),
            )


def scan_pages(usages, wanted=None):
    seen = set()
    for model in get_page_models():
        names = sorted(
            {f.name for f in model._meta.concrete_fields if isinstance(f, StreamField | RichTextField)}
        )
        if not names:
            continue
        rows = model._default_manager.values_list("pk", "title", "locale__language_code", *names)
        for pk, title, language, *values in rows.iterator():
            if pk in seen:
                continue
            seen.add(pk)
            for value in values:
                raw = list(value.raw_data) if hasattr(value, "raw_data") else value
                for url in dict.fromkeys(urls_in_data(raw)):
                    if wanted is None or url in wanted:
                        usages.add(url, Usage("page", title, language, page_id=pk))


def find_usages(urls=None) -> UsageMap:
    """Every outgoing address and where it is used; `urls` limits the answer to those."""
    wanted = set(urls) if urls is not None else None
    usages = UsageMap()
    scan_records(usages, wanted)
    scan_pages(usages, wanted)
    return usages
