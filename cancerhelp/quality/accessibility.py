"""Our rules for Wagtail's built-in accessibility checker (userbar and the editor's Checks panel).

Wagtail runs axe-core in the editor's browser; nothing is fetched from a third party.
We keep Wagtail's defaults and add the rules our readers need most: headings in order,
one h1, link and image text, form labels, readable contrast and the page language.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.userbar import ContentCheckerItem

EXTRA_RULES = [
    "image-alt",
    "input-image-alt",
    "label",
    "page-has-heading-one",
    "html-has-lang",
    "valid-lang",
    "color-contrast",
    "list",
    "listitem",
    "duplicate-id-aria",
    "identical-links-same-purpose",
]


class CancerHelpChecker(ContentCheckerItem):
    axe_run_only = list(dict.fromkeys(ContentCheckerItem.axe_run_only + EXTRA_RULES))
    # The userbar itself is excluded by Wagtail; the checks run on the page's main content
    # and its header (the header holds the language switch and help-line links).
    axe_include = ["body"]
    axe_messages = {
        **ContentCheckerItem.axe_messages,
        "image-alt": {
            "error_name": _("Image without alt text"),
            "help_text": _("Describe what the image shows, or mark it decorative"),
        },
        "label": {
            "error_name": _("Form field without a label"),
            "help_text": _("Every field needs a visible label"),
        },
        "page-has-heading-one": {
            "error_name": _("The page has no main heading"),
            "help_text": _("Each page needs exactly one h1: its title"),
        },
        "html-has-lang": {
            "error_name": _("The page language is not set"),
            "help_text": _("Screen readers need it to pronounce the text"),
        },
        "valid-lang": {
            "error_name": _("Unknown language code"),
            "help_text": _("Use en or es for text in another language"),
        },
        "color-contrast": {
            "error_name": _("Text is hard to read against its background"),
            "help_text": _("Use the site's colours; do not add custom ones"),
        },
        "list": {
            "error_name": _("Broken list"),
            "help_text": _("Use the list tools, not typed bullets"),
        },
        "listitem": {
            "error_name": _("List item outside a list"),
            "help_text": _("Use the list tools, not typed bullets"),
        },
        "duplicate-id-aria": {
            "error_name": _("Duplicate id used by a label or description"),
            "help_text": _("Ask a developer: ids must be unique"),
        },
        "identical-links-same-purpose": {
            "error_name": _("Links with the same text go to different places"),
            "help_text": _("Give each link text that says where it goes"),
        },
    }


def use_our_checker(request, items, page):
    """construct_wagtail_userbar: swap Wagtail's checker for ours (same place, same mode)."""
    for index, item in enumerate(items):
        if isinstance(item, ContentCheckerItem) and not isinstance(item, CancerHelpChecker):
            items[index] = CancerHelpChecker(in_editor=item.in_editor)
