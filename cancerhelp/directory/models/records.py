"""The directory's records, shaped after Open Referral HSDS 3.0, and readers' problem reports.

Organization, Service, Location, ServiceAtLocation, Phone, Language and TaxonomyTerm map
one-to-one onto HSDS objects (see docs/hsds.md). Every record keeps an HSDS id (a UUID)
from its first save so imports, exports and the API speak the same ids (`HsdsRecord`).
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models.functions import Upper
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Locale, Orderable, TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from cancerhelp.core.models import tel_href
from cancerhelp.quality.panels import LinkHealthPanel

from ..location_form import LocationAdminForm
from ..panels import AddressToConfirmPanel, SourcesPanel, VerificationPanel
from ..vocabulary import (
    CANCER_TYPE_TAXONOMY,
    CANCER_TYPES,
    KIND_OF_HELP_TAXONOMY,
    KINDS_OF_HELP,
    SERVICE_LANGUAGE_NAMES,
    SERVICE_LANGUAGES,
    SOURCE_ACTION,
)
from ..widgets import SnippetChooser

# Deterministic HSDS ids for the records we ship and for translated copies, so every
# install exports the same ids.
HSDS_NAMESPACE = uuid.UUID("5b0c3a52-9a63-4f0e-8f0e-3d5a2b7c1e11")


def stable_uuid(*parts):
    """The same HSDS id for the same parts on every install."""
    return uuid.uuid5(HSDS_NAMESPACE, ":".join(parts))


class HsdsRecord(models.Model):
    """An HSDS object: a stable id from the first save, and the HSDS data we do not model."""

    hsds_id = models.UUIDField(
        _("HSDS id"),
        default=uuid.uuid4,
        unique=True,
        editable=False,
        help_text=_("Stable Open Referral id, kept across imports and exports."),
    )
    # HSDS properties we do not model, kept verbatim so an import exports unchanged.
    hsds_extra = models.JSONField(_("other HSDS data"), default=dict, blank=True, editable=False)

    class Meta:
        abstract = True


class InSubquery(models.Lookup):
    """`column IN (subquery)`, written on PostgreSQL as `column = ANY(ARRAY(subquery))`.

    PostgreSQL runs that subquery once and can then read the column's index, so the
    condition can sit in an OR with the trigram-indexed title and description (a bitmap
    OR of three index scans); an `IN (subquery)` there makes it read every service.
    """

    lookup_name = "in_subquery"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        column, column_params = self.process_lhs(compiler, connection)
        subquery, subquery_params = self.process_rhs(compiler, connection)
        return f"{column} IN {subquery}", (*column_params, *subquery_params)

    def as_postgresql(self, compiler, connection):
        column, column_params = self.process_lhs(compiler, connection)
        subquery, subquery_params = self.process_rhs(compiler, connection)
        return f"{column} = ANY(ARRAY{subquery})", (*column_params, *subquery_params)


def keyword_condition(term):
    """Services whose title, description or organization name contains `term` (any case).

    The organization is matched in a subquery, not a join: the count and the page then read
    only the service table, and on PostgreSQL its trigram indexes (migration
    `directory/0009_keyword_trigram_indexes`) instead of every row.
    """
    organizations = Organization.objects.filter(name__icontains=term).order_by().values("pk")
    return (
        models.Q(title__icontains=term)
        | models.Q(description__icontains=term)
        | models.Q(InSubquery(models.F("organization_id"), models.Subquery(organizations)))
    )


class ServiceQuerySet(models.QuerySet):
    def in_locale(self, locale):
        """Each service once, in `locale` when translated, otherwise in the default language.

        Adds no joins and no ordering, so filters and subqueries can build on it.
        """
        default = Locale.get_default()
        shown = self.exclude(self.superseded())
        if locale.pk == default.pk:
            return shown.filter(locale=locale)
        translated = self.model._default_manager.filter(locale=locale).values("translation_key")
        return shown.filter(
            models.Q(locale=locale) | models.Q(locale=default) & ~models.Q(translation_key__in=translated)
        )

    def superseded(self):
        """A condition: an unverified entry that a verified one replaces (same web address,
        same way of use: in person or not). E.g. a starter-directory record of a service the
        page already lists, once an editor verified that one: readers see it once.
        """
        verified_status = self.model.Verification.VERIFIED
        verified = self.model._default_manager.filter(
            verification_status=verified_status,
            url=models.OuterRef("url"),
            in_person=models.OuterRef("in_person"),
        ).exclude(translation_key=models.OuterRef("translation_key"))
        return ~models.Q(verification_status=verified_status) & ~models.Q(url="") & models.Exists(verified)

    def with_display_data(self):
        """Fetch everything a result card shows, in a fixed number of queries for any number."""
        places = models.Prefetch(
            "service_at_locations", queryset=ServiceAtLocation.objects.select_related("location")
        )
        return self.select_related("organization", "locale").prefetch_related(
            "languages", "phones", "kinds", places
        )


class TaxonomyTerm(HsdsRecord):
    """A term of a controlled vocabulary: a kind of help or a cancer type (HSDS taxonomy_term)."""

    TAXONOMY_CHOICES = [
        (KIND_OF_HELP_TAXONOMY, _("Kind of help")),
        (CANCER_TYPE_TAXONOMY, _("Cancer type")),
    ]

    taxonomy = models.CharField(_("vocabulary"), max_length=100, choices=TAXONOMY_CHOICES)
    code = models.SlugField(_("code"), max_length=100)
    name = models.CharField(_("name"), max_length=120)
    description = models.CharField(_("description"), max_length=255, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    panels = [
        FieldPanel("taxonomy"),
        FieldPanel("code"),
        FieldPanel("name"),
        FieldPanel("description"),
    ]

    class Meta:
        ordering = ["taxonomy", "sort_order", "name"]
        constraints = [models.UniqueConstraint(fields=["taxonomy", "code"], name="unique_term_code")]
        verbose_name = _("taxonomy term")
        verbose_name_plural = _("taxonomy terms")

    def __str__(self):
        return str(self.label)

    @property
    def label(self):
        """The reader's label, translated when the code is one of ours."""
        if self.taxonomy == KIND_OF_HELP_TAXONOMY and self.code in KINDS_OF_HELP:
            return KINDS_OF_HELP[self.code][0]
        if self.taxonomy == CANCER_TYPE_TAXONOMY and self.code in CANCER_TYPES:
            return CANCER_TYPES[self.code]
        return self.name


class Organization(HsdsRecord, ClusterableModel, index.Indexed):
    """Who runs a service (HSDS organization)."""

    name = models.CharField(_("name"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    website = models.URLField(_("website"), blank=True, max_length=500)
    email = models.EmailField(_("email"), blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("description"),
        FieldPanel("website"),
        FieldPanel("email"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")

    def __str__(self):
        return self.name


class Location(HsdsRecord, ClusterableModel, index.Indexed):
    """A physical place where help is given (HSDS location with its physical address)."""

    name = models.CharField(_("name"), max_length=255)
    address_1 = models.CharField(_("street address"), max_length=255, blank=True)
    city = models.CharField(_("city"), max_length=120, blank=True)
    state_province = models.CharField(_("state"), max_length=60, blank=True)
    postal_code = models.CharField(_("ZIP code"), max_length=10, blank=True, db_index=True)
    country = models.CharField(_("country"), max_length=2, default="US")
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    panels = [
        FieldPanel("name"),
        MultiFieldPanel(
            [
                FieldPanel("address_1"),
                FieldPanel("city"),
                FieldPanel("state_province"),
                FieldPanel("postal_code"),
                FieldPanel("country"),
            ],
            heading=_("Address"),
        ),
        MultiFieldPanel(
            [FieldPanel("latitude"), FieldPanel("longitude")],
            heading=_("Map position"),
            help_text=_("Leave empty: it is filled from the ZIP code, or the city and state, when you save."),
        ),
        AddressToConfirmPanel(),
    ]
    base_form_class = LocationAdminForm
    search_fields = [
        index.SearchField("name"),
        index.SearchField("city"),
        index.FilterField("postal_code"),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = _("location")
        verbose_name_plural = _("locations")
        # The finder near a place reads only the locations inside a box around it, or in the
        # state (its code or name in any case: UPPER(state), nearby.in_state_rows).
        indexes = [
            models.Index(fields=["latitude", "longitude"], name="directory_location_point_idx"),
            models.Index(Upper("state_province"), name="directory_location_state_idx"),
        ]

    def __str__(self):
        return ", ".join(part for part in [self.name, self.city, self.state_province] if part)

    @property
    def address_to_confirm(self):
        """Only the city (and maybe ZIP) is known: the map position is that area's centre."""
        return not self.address_1.strip()

    @property
    def one_line_address(self):
        parts = [
            self.address_1,
            self.city,
            " ".join(p for p in [self.state_province, self.postal_code] if p),
        ]
        return ", ".join(part for part in parts if part)


class Service(TranslatableMixin, HsdsRecord, ClusterableModel, index.Indexed):
    """One resource a reader can use: a web page, a help line, a program (HSDS service)."""

    class Verification(models.TextChoices):
        UNVERIFIED = "unverified", _("Unverified: an editor must confirm it")
        VERIFIED = "verified", _("Verified by an editor")
        NEEDS_ATTENTION = "needs_attention", _("Needs attention (reported or broken)")

    class VerificationMethod(models.TextChoices):
        PHONE = "phone", _("Phone call")
        WEBSITE = "website", _("Its website")
        EMAIL = "email", _("Email")

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="services",
    )
    title = models.CharField(_("title"), max_length=255)
    url = models.URLField(_("address (URL)"), max_length=500, blank=True)
    description = models.TextField(
        _("short description"),
        max_length=400,
        help_text=_("One or two plain sentences: what the reader will find there."),
    )
    email = models.EmailField(_("email"), blank=True)
    kinds = ParentalManyToManyField(
        TaxonomyTerm,
        verbose_name=_("kind of help"),
        related_name="services",
        blank=True,
        limit_choices_to={"taxonomy": KIND_OF_HELP_TAXONOMY},
    )
    cancer_types = ParentalManyToManyField(
        TaxonomyTerm,
        verbose_name=_("cancer types"),
        related_name="services_for_cancer_type",
        blank=True,
        limit_choices_to={"taxonomy": CANCER_TYPE_TAXONOMY},
        help_text=_("Leave empty when the service is for people with any cancer."),
    )
    online = models.BooleanField(_("online"), default=False)
    by_phone = models.BooleanField(_("by phone"), default=False)
    in_person = models.BooleanField(_("in person"), default=False)
    is_free = models.BooleanField(_("free of charge"), default=False)
    fees_description = models.CharField(_("cost"), max_length=255, blank=True)
    eligibility_description = models.CharField(_("who it is for"), max_length=255, blank=True)
    verification_status = models.CharField(
        _("verification"),
        max_length=20,
        choices=Verification.choices,
        default=Verification.UNVERIFIED,
        db_index=True,
    )
    last_verified = models.DateField(_("last verified on"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verified by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    verification_method = models.CharField(
        _("verified how"), max_length=20, choices=VerificationMethod.choices, blank=True, editable=False
    )
    editor_note = models.TextField(
        _("note for editors"),
        blank=True,
        help_text=_("Not shown to readers: what to confirm, where the address came from."),
    )
    updated_at = models.DateTimeField(_("updated"), default=timezone.now, db_index=True)

    panels = [
        FieldPanel("title"),
        FieldPanel("organization", widget=SnippetChooser(Organization)),
        FieldPanel("url"),
        LinkHealthPanel(),
        FieldPanel("description"),
        MultiFieldPanel(
            [
                FieldPanel("kinds"),
                FieldPanel("cancer_types"),
                InlinePanel("languages", label=_("Language")),
            ],
            heading=_("Who and what it is for"),
        ),
        MultiFieldPanel(
            [FieldPanel("online"), FieldPanel("by_phone"), FieldPanel("in_person")],
            heading=_("How people use it"),
        ),
        InlinePanel("phones", label=_("Phone")),
        InlinePanel("service_at_locations", label=_("Location")),
        MultiFieldPanel(
            [
                FieldPanel("is_free"),
                FieldPanel("fees_description"),
                FieldPanel("eligibility_description"),
            ],
            heading=_("Cost and eligibility"),
        ),
        MultiFieldPanel(
            [
                VerificationPanel(),
                FieldPanel("verification_status"),
                FieldPanel("last_verified"),
                FieldPanel("editor_note"),
            ],
            heading=_("Verification"),
        ),
        SourcesPanel(),
    ]
    search_fields = [
        index.SearchField("title", boost=3),
        index.SearchField("description"),
        index.AutocompleteField("title"),
        index.RelatedFields("organization", [index.SearchField("name")]),
        index.FilterField("verification_status"),
        index.FilterField("locale_id"),
    ]
    exclude_fields_in_copy = ["hsds_id"]
    # wagtail-localize: a Spanish twin keeps the English kinds and cancer types (it skips
    # many-to-many fields otherwise) and the editors' note, instead of asking to translate it.
    override_translatable_fields = [
        SynchronizedField("kinds", overridable=False),
        SynchronizedField("cancer_types", overridable=False),
        SynchronizedField("editor_note"),
    ]

    objects = ServiceQuerySet.as_manager()

    # Set per request by the resource finder (distance from the reader's ZIP code, report form URL).
    distance_miles = None
    report_url = ""

    class Meta(TranslatableMixin.Meta):
        ordering = ["title"]
        # ServiceQuerySet.superseded() looks up each entry's web address: without this index
        # SQLite scans the table once per entry (a minute for 10,000 entries).
        # The finder lists entries by title: (locale, title, id) lets the database read one page
        # in order instead of sorting every entry.
        indexes = [
            models.Index(fields=["url", "in_person"], name="directory_service_url_idx"),
            models.Index(fields=["locale", "title", "id"], name="directory_service_title_idx"),
        ]
        verbose_name = _("resource")
        verbose_name_plural = _("resources")

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.updated_at = timezone.now()
        super().save(*args, **kwargs)

    @property
    def language_codes(self):
        return [language.code for language in self.languages.all()]

    @property
    def url_display(self):
        """The address without its scheme, easier to read aloud and on a small screen."""
        return self.url.split("://", 1)[-1].rstrip("/")

    @property
    def language_names(self):
        return [str(SERVICE_LANGUAGE_NAMES.get(code, code)) for code in self.language_codes]

    @property
    def formats(self):
        labels = [
            (self.online, _("Online")),
            (self.by_phone, _("By phone")),
            (self.in_person, _("In person")),
        ]
        return [label for flag, label in labels if flag]

    @property
    def is_verified(self):
        return self.verification_status == self.Verification.VERIFIED

    @property
    def sources(self):
        """Where the facts came from: HSDS metadata entries {replacement_value: URL, last_action_date}."""
        return [
            entry
            for entry in self.hsds_extra.get("metadata") or []
            if isinstance(entry, dict) and entry.get("last_action_type") == SOURCE_ACTION
        ]

    @property
    def hours(self):
        """Opening hours as the source words them (HSDS schedule descriptions), or ""."""
        return "; ".join(
            str(schedule["description"])
            for schedule in self.hsds_extra.get("schedules") or []
            if isinstance(schedule, dict) and schedule.get("description")
        )


class ServiceLanguage(HsdsRecord, Orderable):
    """A language the service is offered in (HSDS language)."""

    service = ParentalKey(Service, on_delete=models.CASCADE, related_name="languages")
    code = models.CharField(_("language"), max_length=10, choices=SERVICE_LANGUAGES, db_index=True)

    panels = [FieldPanel("code")]

    class Meta(Orderable.Meta):
        verbose_name = _("language")
        constraints = [models.UniqueConstraint(fields=["service", "code"], name="unique_service_language")]

    def __str__(self):
        return str(SERVICE_LANGUAGE_NAMES.get(self.code, self.code))


class ServicePhone(HsdsRecord, Orderable):
    """A number to call about the service (HSDS phone)."""

    service = ParentalKey(Service, on_delete=models.CASCADE, related_name="phones")
    number = models.CharField(_("number"), max_length=40)
    description = models.CharField(_("description"), max_length=255, blank=True)

    panels = [FieldPanel("number"), FieldPanel("description")]

    class Meta(Orderable.Meta):
        verbose_name = _("phone")

    def __str__(self):
        return self.number

    @property
    def tel_href(self):
        return tel_href(self.number)


class ServiceAtLocation(HsdsRecord, Orderable):
    """Where a service is given in person (HSDS service_at_location)."""

    service = ParentalKey(Service, on_delete=models.CASCADE, related_name="service_at_locations")
    location = models.ForeignKey(
        Location,
        verbose_name=_("location"),
        on_delete=models.CASCADE,
        related_name="service_at_locations",
    )

    panels = [FieldPanel("location", widget=SnippetChooser(Location))]

    class Meta(Orderable.Meta):
        verbose_name = _("service location")

    def __str__(self):
        return f"{self.service} @ {self.location}"


class ProblemReport(models.Model):
    """A reader's note that a resource is wrong. Holds only what the reader typed."""

    class Kind(models.TextChoices):
        WRONG_PHONE = "wrong_phone", _("The phone number is wrong")
        DEAD_LINK = "dead_link", _("The link does not work")
        CLOSED = "closed", _("It has closed or stopped")
        OTHER = "other", _("Something else")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        RESOLVED = "resolved", _("Resolved")
        NOT_A_PROBLEM = "no_problem", _("Not a problem")

    DETAILS_MAX_LENGTH = 1000

    service = models.ForeignKey(
        Service,
        verbose_name=_("resource"),
        on_delete=models.CASCADE,
        related_name="problem_reports",
    )
    kind = models.CharField(_("what is wrong"), max_length=20, choices=Kind.choices)
    details = models.TextField(_("details"), max_length=DETAILS_MAX_LENGTH, blank=True)
    language = models.CharField(
        _("reader's language"),
        max_length=10,
        blank=True,
        editable=False,
        help_text=_("The language of the page the report was sent from."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    editor_note = models.TextField(_("note for editors"), blank=True)
    created_at = models.DateTimeField(_("reported"), default=timezone.now, editable=False, db_index=True)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True, editable=False)

    panels = [
        FieldPanel("service", read_only=True),
        FieldPanel("kind", read_only=True),
        FieldPanel("details", read_only=True),
        FieldPanel("status"),
        FieldPanel("editor_note"),
    ]

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("problem report")
        verbose_name_plural = _("problem reports")

    def __str__(self):
        return f"{self.get_kind_display()}: {self.service}"

    def save(self, *args, **kwargs):
        if self.status == self.Status.OPEN:
            self.resolved_at = None
        elif self.resolved_at is None:  # resolved, or not a problem: closed now
            self.resolved_at = timezone.now()
        super().save(*args, **kwargs)

    @property
    def short_details(self):
        """The reader's words, shortened for the editors' queue."""
        return Truncator(self.details).chars(80)
