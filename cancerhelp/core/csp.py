"""The site's one stylesheet, inlined into every page, and the CSP hash that allows it.

Inlining the (small) stylesheet saves a round trip on slow phone networks; the hash lets
the Content-Security-Policy forbid every other inline style and all inline script.
"""

import base64
import hashlib
from functools import lru_cache

from django.conf import settings

STYLESHEET = settings.PROJECT_DIR / "static" / "css" / "site.css"


@lru_cache(maxsize=1)
def site_css():
    """The stylesheet's text, read once per process."""
    return STYLESHEET.read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def site_css_hash():
    digest = hashlib.sha256(site_css().encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def content_security_policy(frame_ancestors="'none'"):
    """The policy for public pages: everything from this site, nothing inline but our CSS.

    No site may frame a public page; the admin's side preview passes `"'self'"` so the
    page editor (same origin) can show the preview and run its checks in it.
    """
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self'",
            f"style-src 'self' {site_css_hash()}",
            "img-src 'self' data:",
            "font-src 'self'",
            # A video plays in a frame from its site only after the reader presses Play.
            "frame-src " + " ".join(f"https://{host}" for host in settings.VIDEO_EMBED_HOSTS),
            "connect-src 'self'",
            "form-action 'self'",
            f"frame-ancestors {frame_ancestors}",
            "base-uri 'self'",
            "object-src 'none'",
        ]
    )
