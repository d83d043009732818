"""Server errors. A database outage is not a bug: readers get a 503 with Retry-After and the
help lines, in the language of the address they asked for, rendered without the database.

Django calls `server_error` (handler500) inside its exception handler, so the exception is
still in sys.exc_info(). On a database error the broken connection is closed at once, so
the next request connects afresh: the site recovers as soon as the database is back.
"""

import contextlib
import sys

from django.db import DatabaseError, IntegrityError, connections
from django.http import HttpResponseServerError
from django.template import loader
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import requires_csrf_token

RETRY_AFTER_SECONDS = 30

# The national lines, kept here too so the outage page needs no database.
FALLBACK_HELP_LINES = [
    {
        "name": _("Cancer Information Service (National Cancer Institute)"),
        "phone": "1-800-422-6237",
        "tel_href": "tel:18004226237",
        "description": _("Free answers about cancer, in English and Spanish."),
    },
    {
        "name": _("988 Suicide & Crisis Lifeline"),
        "phone": "988",
        "tel_href": "tel:988",
        "description": _("Call or text if you are in crisis."),
    },
]


def is_database_outage(error):
    return isinstance(error, DatabaseError) and not isinstance(error, IntegrityError)


def close_broken_connections():
    for connection in connections.all(initialized_only=True):
        with contextlib.suppress(Exception):  # it is broken already; we only drop it
            connection.close()


@requires_csrf_token
def server_error(request, template_name="500.html"):
    error = sys.exc_info()[1]
    if not is_database_outage(error):
        return HttpResponseServerError(loader.get_template(template_name).render())
    close_broken_connections()
    language = translation.get_language_from_path(request.path_info) or "en"
    with translation.override(language):
        html = loader.get_template("503.html").render({"help_lines": FALLBACK_HELP_LINES})
    response = HttpResponseServerError(html, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response
