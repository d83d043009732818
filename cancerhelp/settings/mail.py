"""E-mail settings from the environment (password resets, workflow notices).

EMAIL_URL in one variable, e.g. ``smtp+tls://user:password@mail.example.org:587`` (also
``smtp://``, ``smtp+ssl://``, ``console://``), or Django's own EMAIL_HOST, EMAIL_PORT,
EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, EMAIL_USE_TLS, EMAIL_USE_SSL. Nothing set: messages are
written to the server log (console), and the production check warns.
"""

from urllib.parse import unquote, urlsplit

SCHEMES = {
    "smtp": (False, False),
    "smtp+tls": (True, False),
    "submission": (True, False),
    "smtp+ssl": (False, True),
    "smtps": (False, True),
}


def _flag(value):
    return str(value).strip().lower() in {"1", "true", "yes", "on"}


def email_settings(environ):
    settings = {
        "DEFAULT_FROM_EMAIL": environ.get("DEFAULT_FROM_EMAIL", "Cancer Help <no-reply@localhost>"),
        "EMAIL_TIMEOUT": int(environ.get("EMAIL_TIMEOUT", "10")),
    }
    settings["SERVER_EMAIL"] = environ.get("SERVER_EMAIL", settings["DEFAULT_FROM_EMAIL"])
    url = environ.get("EMAIL_URL", "").strip()
    if url:
        parts = urlsplit(url)
        if parts.scheme == "console":
            settings["EMAIL_BACKEND"] = "django.core.mail.backends.console.EmailBackend"
            return settings
        if parts.scheme not in SCHEMES:
            raise ValueError(f"EMAIL_URL: unknown scheme {parts.scheme!r} (use smtp, smtp+tls or smtp+ssl)")
        use_tls, use_ssl = SCHEMES[parts.scheme]
        settings.update(
            EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
            EMAIL_HOST=parts.hostname or "localhost",
            EMAIL_PORT=parts.port or (465 if use_ssl else 587 if use_tls else 25),
            EMAIL_HOST_USER=unquote(parts.username or ""),
            EMAIL_HOST_PASSWORD=unquote(parts.password or ""),
            EMAIL_USE_TLS=use_tls,
            EMAIL_USE_SSL=use_ssl,
        )
        return settings
    if environ.get("EMAIL_HOST"):
        settings.update(
            EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
            EMAIL_HOST=environ["EMAIL_HOST"],
            EMAIL_PORT=int(environ.get("EMAIL_PORT", "25")),
            EMAIL_HOST_USER=environ.get("EMAIL_HOST_USER", ""),
            EMAIL_HOST_PASSWORD=environ.get("EMAIL_HOST_PASSWORD", ""),
            EMAIL_USE_TLS=_flag(environ.get("EMAIL_USE_TLS", "")),
            EMAIL_USE_SSL=_flag(environ.get("EMAIL_USE_SSL", "")),
        )
        return settings
    settings["EMAIL_BACKEND"] = "django.core.mail.backends.console.EmailBackend"
    return settings
