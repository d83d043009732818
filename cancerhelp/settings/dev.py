"""Local development: the autoreloading debug server (`make dev`)."""

from .base import *  # noqa: F403
from .base import SECRET_KEY, VAR_DIR

DEBUG = True
if not SECRET_KEY:
    _key_file = VAR_DIR / "secret_key"
    SECRET_KEY = _key_file.read_text().strip() if _key_file.exists() else "dev-only-not-secret"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
PAGE_CACHE = False  # see template edits at once
