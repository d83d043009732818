"""Create an organization or a place from the resource form's chooser, without leaving it.

The chooser modal gets a "Create" tab (Wagtail shows it when the chooser viewset has a
creation form). A new place gets its map position from its ZIP code or city and state, as
in the places' own form; the modal has no room for a warning afterwards, so a place whose
position cannot be found is refused here with a message saying what to enter.
"""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.snippets.views.chooser import SnippetChooserViewSet

from .location_form import MapPositionFormMixin
from .models import Location, Organization
from .positions import UNKNOWN, position_from_address


class OrganizationCreationForm(forms.ModelForm):
    website = forms.URLField(label=_("website"), required=False, max_length=500, assume_scheme="https")

    class Meta:
        model = Organization
        fields = ["name", "website", "email", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class LocationCreationForm(MapPositionFormMixin, forms.ModelForm):
    class Meta:
        model = Location
        fields = ["name", "address_1", "city", "state_province", "postal_code", "latitude", "longitude"]

    def clean(self):
        cleaned = super().clean()
        typed = cleaned.get("latitude") is not None and cleaned.get("longitude") is not None
        if not typed and not self.errors:
            _point, source = position_from_address(
                cleaned.get("postal_code"), cleaned.get("city"), cleaned.get("state_province")
            )
            if source == UNKNOWN:
                raise forms.ValidationError(
                    _(
                        "We could not find this ZIP code, or this city and state. Without a map position "
                        "the place would not appear in ZIP searches: check them, or enter its latitude "
                        "and longitude."
                    )
                )
        return cleaned


class OrganizationChooserViewSet(SnippetChooserViewSet):
    creation_form_class = OrganizationCreationForm
    create_action_label = _("Create this organization")
    creation_tab_label = _("New organization")


class LocationChooserViewSet(SnippetChooserViewSet):
    creation_form_class = LocationCreationForm
    create_action_label = _("Create this place")
    creation_tab_label = _("New place")
