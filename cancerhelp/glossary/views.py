"""The glossary page: every term in the reader's language, with its source."""

from django.shortcuts import render
from wagtail.models import Locale

from .models import GlossaryTerm


def glossary(request):
    terms = GlossaryTerm.objects.filter(locale=Locale.get_active()).order_by("term")
    return render(request, "glossary/glossary.html", {"terms": terms})
