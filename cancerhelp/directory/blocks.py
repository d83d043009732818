"""The resource-list block: a heading and directory entries (or one of our own pages)."""

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.snippets.blocks import SnippetChooserBlock

from cancerhelp.core.queries import memoized, public

from .vocabulary import KINDS_OF_HELP


class PageLinkBlock(blocks.StructBlock):
    page = blocks.PageChooserBlock(label=_("Page"))
    title = blocks.CharBlock(label=_("Link text"), required=False, help_text=_("Defaults to the page title."))

    class Meta:
        icon = "doc-empty"
        label = _("Page on this site")


class ResourceListBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Heading"), max_length=120)
    heading_language = blocks.ChoiceBlock(
        label=_("Language of the heading"),
        choices=[("", _("Same as the page")), ("en", "English"), ("es", "Español")],
        required=False,
        help_text=_("Set it when the heading is in another language, so screen readers say it right."),
    )
    kind = blocks.ChoiceBlock(
        label=_("Kind of help"),
        choices=[("", _("None"))] + [(code, label) for code, (label, _description) in KINDS_OF_HELP.items()],
        required=False,
        help_text=_("Links the list to the resource finder filtered to this kind of help."),
    )
    items = blocks.StreamBlock(
        [
            ("resource", SnippetChooserBlock("directory.Service", label=_("Resource"))),
            ("page", PageLinkBlock()),
        ],
        label=_("Resources"),
    )

    class Meta:
        icon = "list-ul"
        label = _("Resource list")
        template = "directory/blocks/resource_list.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        language = get_language()
        context["entries"] = ordered_entries(
            value["items"], language, page_services(parent_context or {}, language)
        )
        if value["kind"]:
            finder = resource_finder(context.get("request"))
            if finder is not None:
                context["more_url"] = f"{finder.url}?kind={value['kind']}"
                context["more_label"] = KINDS_OF_HELP.get(value["kind"], ("", ""))[0]
        return context


def resource_finder(request):
    """The general resource finder page in the reader's language (once per request)."""
    from wagtail.models import Locale

    from .models import ResourceFinderPage

    cached = getattr(request, "_resource_finder", False) if request is not None else False
    if cached is not False:
        return cached

    def compute():
        finders = ResourceFinderPage.objects.live().filter(
            locale=Locale.get_active(), preset_kind="", preset_format=""
        )
        return public(finders).first()

    finder = memoized(("resource-finder", get_language()), compute)
    if request is not None:
        request._resource_finder = finder
    return finder


def localized_services(services, language):
    """Each service in `language` when a translation exists, else as given: two queries."""
    from django.db.models import Q

    from .models import Service

    if not services:
        return {}
    keys = {service.translation_key for service in services}
    candidates = (
        Service.objects.filter(
            Q(pk__in=[s.pk for s in services]) | Q(translation_key__in=keys, locale__language_code=language)
        )
        .select_related("organization", "locale")
        .prefetch_related("languages")
    )
    best = {}
    for candidate in candidates:
        current = best.get(candidate.translation_key)
        if current is None or candidate.locale.language_code == language:
            best[candidate.translation_key] = candidate
    return {service.pk: best.get(service.translation_key, service) for service in services}


def page_services(context, language):
    """Every resource in the page's resource lists, localized, in two queries for the page
    (not two per list); kept on the request. (A topic page's body, lists included, is kept
    per content change by its template's fragment cache.)"""
    request, page = context.get("request"), context.get("page")
    found = getattr(request, "_page_services", None)
    if found is not None and found[0] == language:
        return found[1]
    services = [
        child.value
        for block in getattr(page, "body", None) or []
        if block.block_type == "resource_list"
        for child in block.value["items"]
        if child.block_type == "resource" and child.value
    ]
    localized = localized_services(services, language)
    if request is not None:
        request._page_services = (language, localized)
    return localized


def ordered_entries(items, language, localized=None):
    """Resolve each item to what the reader sees, in the reader's language.

    Directory entries show their translation when one exists. Readers of a language other
    than English see the resources offered in their language first (stable order
    otherwise), and the others are marked with the language they are in. A fixed number of
    queries per list, however many resources it holds.
    """
    resources = [child.value for child in items if child.block_type == "resource" and child.value]
    if localized is None or any(service.pk not in localized for service in resources):
        localized = localized_services(resources, language)
    services = localized
    entries = []
    for child in items:
        if child.block_type == "page":
            page = child.value["page"]
            if page is None:
                continue
            page = page.localized.specific
            entries.append(
                {
                    "kind": "page",
                    "page": page,
                    "title": child.value["title"] or page.title,
                    "in_language": True,
                }
            )
        elif child.value is not None:
            service = services[child.value.pk]
            codes = service.language_codes
            entries.append(
                {"kind": "resource", "service": service, "in_language": not codes or language in codes}
            )
    if language and language != "en":
        entries.sort(key=lambda entry: not entry["in_language"])
    return entries
