"""wagtail-localize's translation editor, adjusted for work through Clinical review.

The editor is a React app that reads its buttons and segments from one JSON attribute
(`data-props`) of the page wagtail-localize renders. We render that page with
wagtail-localize's own view and change two things before it is sent:

- **The main button submits.** The footer's main action is its last one: "Publish in
  <language>" for people who may publish, otherwise "Convert to alias page" (a one-way
  change that throws the translation away). Everyone who may edit a page under a workflow
  gets the publish button, which `translation_review.intercept_translation_publish` turns
  into a submission to review (its label says so: locale/*/djangojs.po). "Convert to alias
  page" is offered only to people who may publish the page, as a secondary action.
- **What changed.** Above the segments, a box lists each English sentence that changed
  since the page was last translated, with the English before and the old translation
  (translation_status.previous_translations), so the translator updates rather than
  starts again.
"""

import html
import json
import re

from django.template.loader import render_to_string
from django.utils.html import escape
from wagtail_localize.views.edit_translation import edit_translation

from .translation_review import page_translation
from .translation_status import previous_translations

PROPS = re.compile(r'(<div class="js-translation-editor" data-props=")([^"]*)(")')
CONVERT_TO_ALIAS = "localize-convert-to-alias"


def adjust_props(props, page, user):
    perms = page.permissions_for_user(user)
    under_review = page.get_workflow() is not None
    if not perms.can_publish():
        props["links"]["convertToAliasUrl"] = None
    if under_review and perms.can_edit():
        props["perms"]["canPublish"] = True  # a submission: see the module docstring
    return props


def edit_translated_page(request, page):
    """before_edit_page: the translation editor (GET) with our main button and changes box."""
    if request.method != "GET" or (page.alias_of_id and page.alias_of.locale_id != page.locale_id):
        return None
    translation = page_translation(page)
    if translation is None:
        return None
    response = edit_translation(request, translation, page)
    if response.status_code != 200:
        return response
    content = response.content.decode()
    match = PROPS.search(content)
    if match is None:  # wagtail-localize changed its page: leave it as it is
        return response
    props = adjust_props(json.loads(html.unescape(match.group(2))), page, request.user)
    changes = render_to_string(
        "quality/includes/translation_changes.html",
        {"changes": previous_translations(translation), "locale": translation.target_locale},
        request=request,
    )
    content = (
        content[: match.start()]
        + changes
        + match.group(1)
        + escape(json.dumps(props))
        + match.group(3)
        + content[match.end() :]
    )
    response.content = content.encode()
    return response


def keep_convert_to_alias_secondary(menu_items, request, context):
    """construct_page_action_menu: in the ordinary page editor (a translation whose sync was
    stopped), "Convert to alias page" is never the main action and only for publishers."""
    page = context.get("page")
    for item in list(menu_items):
        if item.name != CONVERT_TO_ALIAS:
            continue
        menu_items.remove(item)
        if page is not None and page.permissions_for_user(request.user).can_publish():
            menu_items.append(item)  # last: never the main action while another exists
