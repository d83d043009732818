"""The admin form of a location: its map position is filled from the address on save.

Kept apart from the models (which name it as their base_form_class) so it imports none.
"""

from wagtail.admin.forms import WagtailAdminModelForm

from .positions import fill_map_position


class MapPositionFormMixin:
    """On save, an empty map position is filled from the ZIP code or the city and state.

    `map_position_source` says where it came from (positions.FROM_ZIP, FROM_CITY, KEPT or
    UNKNOWN), for the message to the editor.
    """

    map_position_source = None

    def save(self, commit=True):
        self.map_position_source = fill_map_position(self.instance)
        self.instance.map_position_source = self.map_position_source
        return super().save(commit=commit)


class LocationAdminForm(MapPositionFormMixin, WagtailAdminModelForm):
    pass
