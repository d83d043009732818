"""Read-only panels for the directory's edit views: sources, verification, address to confirm.

They add no form fields (see quality/panels.py for the pattern).
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import Panel

COORDINATES_ACTION = "approximate coordinates"


class SourcesPanel(Panel):
    """The public pages this entry's facts were taken from, with the date each was read."""

    def __init__(self, **kwargs):
        kwargs.setdefault("heading", _("Sources"))
        super().__init__(**kwargs)

    class BoundPanel(Panel.BoundPanel):
        template_name = "directory/panels/sources.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["sources"] = self.instance.sources if self.instance.pk else []
            return context


class VerificationPanel(Panel):
    """Who verified this entry, when and how, and the "Mark verified" action."""

    def __init__(self, **kwargs):
        kwargs.setdefault("heading", _("Verification record"))
        super().__init__(**kwargs)

    class BoundPanel(Panel.BoundPanel):
        template_name = "directory/panels/verification.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            service = self.instance
            context["service"] = service
            context["verify_url"] = (
                reverse("directory_mark_verified", args=[service.pk]) if service.pk else ""
            )
            return context


class AddressToConfirmPanel(Panel):
    """Says when a place's street is unknown and where its map position comes from."""

    def __init__(self, **kwargs):
        kwargs.setdefault("heading", _("Address to confirm"))
        super().__init__(**kwargs)

    class BoundPanel(Panel.BoundPanel):
        template_name = "directory/panels/address_to_confirm.html"

        def is_shown(self):
            return bool(self.instance.pk) and self.instance.address_to_confirm

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            notes = [
                entry.get("replacement_value", "")
                for entry in self.instance.hsds_extra.get("metadata") or []
                if isinstance(entry, dict) and entry.get("last_action_type") == COORDINATES_ACTION
            ]
            context["position_note"] = notes[0] if notes else ""
            return context
