"""Admin widgets for the directory's forms."""

from django.utils.functional import lazy
from django.utils.translation import gettext
from wagtail.snippets.widgets import AdminSnippetChooser


def _chooser_text(message, model):
    return gettext(message) % {"object": model._meta.verbose_name}


chooser_text = lazy(_chooser_text, str)


class SnippetChooser(AdminSnippetChooser):
    """Wagtail's snippet chooser, its button labels in the editor's language on every request
    (Wagtail formats them once, when the edit form is first built, in whatever language
    that request had)."""

    def __init__(self, model=None, **kwargs):
        super().__init__(model, **kwargs)
        self.choose_one_text = chooser_text("Choose %(object)s", self.model)
        self.choose_another_text = chooser_text("Choose another %(object)s", self.model)
        self.link_to_chosen_text = chooser_text("Edit this %(object)s", self.model)
