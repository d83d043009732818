"""The admin form of a location: its map position is filled from the address on save.

Kept apart from the models (which name it as their base_form_class) so it imports none.
"""

from wagtail.admin.forms import WagtailAdminModelForm

from .positions import UNKNOWN, fill_map_position, position_from_address

ADDRESS_FIELDS = {"postal_code", "city", "state_province"}
POSITION_FIELDS = {"latitude", "longitude"}


class MapPositionFormMixin:
    """On save, an empty map position is filled from the ZIP code or the city and state.

    When the editor changes the ZIP code, city or state of a place and leaves its position
    as it was, the position follows the new address (when that address is found), so a
    moved place is not left at its old spot. `map_position_source` says where the position
    came from (positions.FROM_ZIP, FROM_CITY, KEPT or UNKNOWN), for the message to the editor.
    """

    map_position_source = None

    def _address_moved(self):
        changed = set(self.changed_data)
        return bool(self.instance.pk) and bool(changed & ADDRESS_FIELDS) and not changed & POSITION_FIELDS

    def save(self, commit=True):
        location = self.instance
        if self._address_moved():
            _point, source = position_from_address(
                location.postal_code, location.city, location.state_province
            )
            if source != UNKNOWN:
                location.latitude = location.longitude = None  # refilled below from the new address
        self.map_position_source = fill_map_position(location)
        location.map_position_source = self.map_position_source
        return super().save(commit=commit)


class LocationAdminForm(MapPositionFormMixin, WagtailAdminModelForm):
    pass
