from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import GlossaryTerm


class GlossaryTermViewSet(SnippetViewSet):
    model = GlossaryTerm
    icon = "help"
    menu_order = 260
    add_to_admin_menu = True
    list_display = ["term", "definition"]
    search_fields = ["term"]


register_snippet(GlossaryTermViewSet)
