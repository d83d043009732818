"""What the link checker learned, kept with its history.

Results live here, keyed by address, not on the directory or page models: one address may
be used by several resources and pages, and the checker must never rewrite editors' data.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def flag_after():
    """Broken this many checks in a row: flagged to editors (LINKCHECK_FLAG_AFTER, default 3)."""
    return int(getattr(settings, "LINKCHECK_FLAG_AFTER", 3))


class Outcome(models.TextChoices):
    UNCHECKED = "unchecked", _("Not checked yet")
    OK = "ok", _("Working")
    REDIRECTED = "redirected", _("Redirected")
    BROKEN = "broken", _("Broken")


class CheckResult(models.Model):
    """What one check found: the fields a target's latest check and its history share."""

    status_code = models.PositiveSmallIntegerField(_("HTTP status"), null=True, blank=True)
    final_url = models.CharField(_("final address"), max_length=2000, blank=True)
    redirect_chain = models.JSONField(_("redirects"), default=list, blank=True)
    error_kind = models.CharField(_("error"), max_length=30, blank=True)
    error = models.CharField(_("error details"), max_length=500, blank=True)
    elapsed_ms = models.PositiveIntegerField(_("response time (ms)"), null=True, blank=True)

    class Meta:
        abstract = True


class LinkTarget(CheckResult):
    """One outgoing address and its latest check."""

    url = models.CharField(_("address"), max_length=2000, unique=True)
    outcome = models.CharField(
        _("result"), max_length=12, choices=Outcome.choices, default=Outcome.UNCHECKED, db_index=True
    )
    first_checked_at = models.DateTimeField(_("first checked"), null=True, blank=True)
    last_checked_at = models.DateTimeField(_("last checked"), null=True, blank=True, db_index=True)
    last_ok_at = models.DateTimeField(_("last worked"), null=True, blank=True)
    consecutive_failures = models.PositiveIntegerField(_("failures in a row"), default=0)
    flagged_since = models.DateTimeField(
        _("flagged since"),
        null=True,
        blank=True,
        help_text=_("Set when the address has been broken for several checks in a row."),
    )
    in_use = models.BooleanField(
        _("in use"), default=True, help_text=_("Found on a resource or page at the last full check.")
    )

    class Meta:
        ordering = ["url"]
        verbose_name = _("checked link")
        verbose_name_plural = _("checked links")

    def __str__(self):
        return self.url

    @property
    def flagged(self):
        return self.flagged_since is not None

    def record(self, result, when=None):
        """Store one checker result (a linkcheck.LinkResult) and its history row."""
        when = when or timezone.now()
        self.outcome = result.outcome
        self.status_code = result.status_code
        self.final_url = result.final_url[:2000]
        self.redirect_chain = [{"url": hop.url, "status": hop.status_code} for hop in result.redirects]
        self.error_kind = result.error_kind
        self.error = result.error[:500]
        self.elapsed_ms = round(result.elapsed * 1000)
        self.first_checked_at = self.first_checked_at or when
        self.last_checked_at = when
        if result.ok:
            self.last_ok_at = when
            self.consecutive_failures = 0
            self.flagged_since = None
        else:
            self.consecutive_failures += 1
            if self.consecutive_failures >= flag_after() and self.flagged_since is None:
                self.flagged_since = when
        self.save()
        return LinkCheck.objects.create(
            target=self,
            checked_at=when,
            outcome=self.outcome,
            status_code=self.status_code,
            final_url=self.final_url,
            redirect_chain=self.redirect_chain,
            error_kind=self.error_kind,
            error=self.error,
            elapsed_ms=self.elapsed_ms,
            method=result.method,
            attempts=result.attempts,
        )


class LinkCheck(CheckResult):
    """One check of one address (history, newest first)."""

    target = models.ForeignKey(LinkTarget, on_delete=models.CASCADE, related_name="checks")
    checked_at = models.DateTimeField(_("checked"), default=timezone.now, db_index=True)
    outcome = models.CharField(_("result"), max_length=12, choices=Outcome.choices)
    method = models.CharField(_("method"), max_length=8, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=1)

    class Meta:
        ordering = ["-checked_at", "-pk"]
        verbose_name = _("link check")
        verbose_name_plural = _("link checks")

    def __str__(self):
        return f"{self.target.url} {self.outcome} {self.checked_at:%Y-%m-%d}"
