"""A fixed-window rate limit that holds under parallel requests.

`hit(scope, request, limit, window)` counts one attempt for the client and says whether it is
allowed, and if not, how many seconds until the window ends (for Retry-After). The count is
an atomic UPDATE ... SET count = count + 1 in the database, so ten requests arriving at once
cannot all read "4" and all pass. The client's address is never stored: the key is a keyed
hash of it (and of the window), and rows are deleted once their window is over.
"""

import hashlib
import hmac
import time
from dataclasses import dataclass
from datetime import UTC, datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F

from .client import client_address
from .models import RateLimitCounter


@dataclass
class Verdict:
    allowed: bool
    count: int
    retry_after: int


def client_key(scope, request, window_number):
    digest = hmac.new(
        settings.SECRET_KEY.encode(), client_address(request).encode(), hashlib.sha256
    ).hexdigest()
    return f"{scope}:{window_number}:{digest}"[:128]


def hit(scope, request, limit, window):
    now = time.time()
    window_number = int(now // window)
    window_end = (window_number + 1) * window
    key = client_key(scope, request, window_number)
    expires = datetime.fromtimestamp(window_end, tz=UTC)
    with transaction.atomic():
        updated = RateLimitCounter.objects.filter(key=key).update(count=F("count") + 1)
        if not updated:
            try:
                with transaction.atomic():
                    RateLimitCounter.objects.create(key=key, count=1, expires_at=expires)
            except IntegrityError:  # another request created it first: count on it
                RateLimitCounter.objects.filter(key=key).update(count=F("count") + 1)
            else:
                RateLimitCounter.objects.filter(expires_at__lt=datetime.fromtimestamp(now, tz=UTC)).delete()
        count = RateLimitCounter.objects.filter(key=key).values_list("count", flat=True).get()
    return Verdict(allowed=count <= limit, count=count, retry_after=max(1, int(window_end - now + 0.999)))
