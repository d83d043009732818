"""{% glossary_marked enabled %}…{% endglossary_marked %}: marks the first use of each term."""

from django import template
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from wagtail.models import Locale

from cancerhelp.core.queries import memoized

from ..marking import mark_first_uses
from ..models import GlossaryTerm, terms_pattern

register = template.Library()


def active_terms():
    return list(GlossaryTerm.objects.filter(locale=Locale.get_active()))


def active_pattern():
    """terms_pattern() of the reader's language: one query and one regex per content change."""
    return memoized(("glossary-pattern", get_language()), lambda: terms_pattern(active_terms()))


class GlossaryMarkedNode(template.Node):
    def __init__(self, nodelist, enabled):
        self.nodelist = nodelist
        self.enabled = enabled

    def render(self, context):
        html = self.nodelist.render(context)
        if not self.enabled.resolve(context):
            return html
        pattern, lookup = active_pattern()
        # The body was rendered (escaped) by the template; the marking adds our own markup only.
        return mark_safe(  # noqa: S308 - escaped template output plus our own markup
            mark_first_uses(html, pattern, lookup, reverse("glossary"), _("what it means"))
        )


@register.tag
def glossary_marked(parser, token):
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError("{% glossary_marked <enabled> %} takes one argument")
    nodelist = parser.parse(("endglossary_marked",))
    parser.delete_first_token()
    return GlossaryMarkedNode(nodelist, parser.compile_filter(bits[1]))
