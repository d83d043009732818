"""Translations go through Clinical review like the English pages.

wagtail-localize's translation editor publishes a translated page directly, and offers
nothing to an editor who may not publish. Here:

- **Submit to Clinical review** (the page's "More" menu in the page listing and header,
  and the translation editor's "Publish" button, which we intercept): the translation is
  saved as a draft revision of the Spanish page and the page's workflow starts on it. A
  clinical reviewer approves it as any other page (approving publishes).
- Nobody publishes a translation past review: a "publish" from the translation editor on
  a page under a workflow becomes a submission.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail.models import Page, Revision, WorkflowState
from wagtail_localize.models import Translation

UNFINISHED = (WorkflowState.STATUS_IN_PROGRESS, WorkflowState.STATUS_NEEDS_CHANGES)


def page_translation(page):
    """The enabled wagtail-localize translation whose target is `page`, or None."""
    return (
        Translation.objects.filter(
            source__object_id=page.translation_key, target_locale_id=page.locale_id, enabled=True
        )
        .select_related("source", "target_locale")
        .first()
    )


def submit_translation(page, translation, user):
    """Save the translation as a draft of `page` and start its workflow. Returns the state."""
    live_revision_id = page.live_revision_id if page.live else None
    translation.save_target(user=user, publish=False)
    if live_revision_id is not None:
        # wagtail-localize writes a draft into the page's row too, where readers would see
        # it at once: put the live content back; the draft stays the latest revision.
        Revision.objects.get(pk=live_revision_id).as_object().save(clean=False)
    page = Page.objects.get(pk=page.pk).specific
    workflow = page.get_workflow()
    if workflow is None:
        return None
    current = page.current_workflow_state
    if current is not None and current.status in UNFINISHED:
        current.cancel(user=user)
    return workflow.start(page, user)


def translation_errors():
    return _("The translation has errors: fix them in the translation editor first.")


def can_submit(page, user):
    return page.permissions_for_user(user).can_edit() and page.get_workflow() is not None


def submit_view(request, page_id):
    """GET: confirm; POST: submit the page's translation to its workflow."""
    page = get_object_or_404(Page, pk=page_id).specific
    translation = page_translation(page)
    if translation is None or not can_submit(page, request.user):
        raise PermissionDenied
    edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    if request.method == "POST":
        try:
            submit_translation(page, translation, request.user)
        except ValidationError:
            messages.error(
                request, _("The translation has errors: fix them in the translation editor first.")
            )
            return redirect(edit_url)
        messages.success(
            request,
            _("'%(title)s' was sent to %(workflow)s. A reviewer approves it before readers see it.")
            % {"title": page.get_admin_display_title(), "workflow": page.get_workflow().name},
        )
        return redirect(edit_url)
    return TemplateResponse(
        request,
        "quality/submit_translation.html",
        {"page": page, "workflow": page.get_workflow(), "edit_url": edit_url},
    )


def intercept_translation_publish(request, page):
    """before_edit_page: a translation editor "publish" on a reviewed page is a submission."""
    if request.method != "POST" or request.POST.get("action") != "publish":
        return None
    translation = page_translation(page)
    if translation is None or page.get_workflow() is None:
        return None
    if not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    try:
        submit_translation(page, translation, request.user)
    except ValidationError:
        messages.error(request, translation_errors())
        return redirect(request.path)
    messages.success(
        request,
        _("'%(title)s' was sent to %(workflow)s. A reviewer approves it before readers see it.")
        % {"title": page.get_admin_display_title(), "workflow": page.get_workflow().name},
    )
    return redirect(request.path)
