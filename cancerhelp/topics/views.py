"""Views beside the topic pages: the printable list of a reader's questions.

Nothing a reader types is stored. The list lives in the reader's browser (static/js/
tools.js keeps it in localStorage); this view only turns the questions it is sent into
a sheet to print. It takes a POST so the questions stay out of addresses, server logs,
history and Referer headers; it is exempt from CSRF because it changes nothing (no
account, no record, no cookie), which keeps the topic pages cookie-free and cacheable.
"""

from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from .forms import QuestionsForm


@csrf_exempt
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def my_questions(request):
    """GET: an empty sheet to fill in by hand. POST: the reader's questions, ready to print."""
    form = QuestionsForm(request.POST if request.method == "POST" else None)
    questions = []
    status = 200
    if form.is_bound:
        if form.is_valid():
            questions = form.cleaned_data["questions"]
        else:
            status = 400
    back = request.POST.get("page", "") if request.method == "POST" else ""
    if not (
        back.startswith("/") and url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()})
    ):
        back = ""
    response = render(
        request,
        "topics/my_questions.html",
        {"form": form, "questions": questions, "back": back, "blank_lines": range(3 if questions else 6)},
        status=status,
    )
    response["X-Robots-Tag"] = "noindex"
    return response
