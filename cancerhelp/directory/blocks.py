"""The resource-list block: a heading and directory entries (or one of our own pages)."""

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.snippets.blocks import SnippetChooserBlock

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
        context["entries"] = ordered_entries(value["items"], get_language())
        return context


def ordered_entries(items, language):
    """Resolve each item to what the reader sees, in the reader's language.

    Directory entries show their translation when one exists. Readers of a language other
    than English see the resources offered in their language first (stable order
    otherwise), and the others are marked with the language they are in.
    """
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
        else:
            service = child.value
            if service is None:
                continue
            service = service.localized
            codes = service.language_codes
            entries.append(
                {
                    "kind": "resource",
                    "service": service,
                    "in_language": not codes or language in codes,
                }
            )
    if language and language != "en":
        entries.sort(key=lambda entry: not entry["in_language"])
    return entries
