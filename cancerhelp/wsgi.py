"""WSGI entry point; `make run` and the production stack serve it with gunicorn.

Page-cache hits are answered in front of Django (core.cache.PageCacheApplication).
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cancerhelp.settings.production")

django_application = get_wsgi_application()

from cancerhelp.core.cache import PageCacheApplication  # noqa: E402 - needs Django set up first

application = PageCacheApplication(django_application)
