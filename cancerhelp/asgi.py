"""ASGI entry point; `make run` serves it with gunicorn's asyncio worker (-k asgi).

The asyncio worker reads requests without tying up a thread, so slow or idle connections
(a phone on a bad network, or someone trickling headers on purpose) do not keep other
readers waiting; Django runs each request's view in a thread of its own. See
docs/deployment.md and bench/slow_clients.py.
"""

import os
import warnings

from django.core.asgi import get_asgi_application

# WhiteNoise hands static files over as a file iterator; Django reads it in a thread, which
# is what we want for small static files, so its reminder to use an async iterator is noise.
warnings.filterwarnings("ignore", message="StreamingHttpResponse must consume synchronous iterators")

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cancerhelp.settings.production")

django_application = get_asgi_application()

from cancerhelp.core.cache import AsgiPageCacheApplication  # noqa: E402 - needs Django set up first

# Page-cache hits are answered in front of Django (core.cache).
application = AsgiPageCacheApplication(django_application)
