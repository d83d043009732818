"""The resource directory, shaped after Open Referral HSDS 3.0.

Organization, Service, Location, ServiceAtLocation, Phone, Language and TaxonomyTerm map
one-to-one onto HSDS objects (see docs/hsds.md). Every record keeps an HSDS id (a UUID)
from its first save so imports, exports and the API speak the same ids.
"""

import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Locale, Orderable, Page, TranslatableMixin
from wagtail.search import index

from .vocabulary import (
    CANCER_TYPE_TAXONOMY,
    KIND_OF_HELP_TAXONOMY,
    KINDS_OF_HELP,
    SERVICE_LANGUAGE_NAMES,
    SERVICE_LANGUAGES,
)


def hsds_extra_field():
    """HSDS properties we do not model, kept verbatim so an import exports unchanged."""
    return models.JSONField(_("other HSDS data"), default=dict, blank=True, editable=False)


def hsds_id_field():
    return models.UUIDField(
        _("HSDS id"),
        default=uuid.uuid4,
        unique=True,
        editable=False,
        help_text=_("Stable Open Referral id, kept across imports and exports."),
    )


class TaxonomyTerm(models.Model):
    """A term of a controlled vocabulary: a kind of help or a cancer type (HSDS taxonomy_term)."""

    TAXONOMY_CHOICES = [
        (KIND_OF_HELP_TAXONOMY, _("Kind of help")),
        (CANCER_TYPE_TAXONOMY, _("Cancer type")),
    ]

    hsds_id = hsds_id_field()
    hsds_extra = hsds_extra_field()
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
        return self.name


class Organization(ClusterableModel, index.Indexed):
    """Who runs a service (HSDS organization)."""

    hsds_id = hsds_id_field()
    hsds_extra = hsds_extra_field()
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


class Location(ClusterableModel, index.Indexed):
    """A physical place where help is given (HSDS location with its physical address)."""

    hsds_id = hsds_id_field()
    hsds_extra = hsds_extra_field()
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
        MultiFieldPanel([FieldPanel("latitude"), FieldPanel("longitude")], heading=_("Map position")),
    ]
    search_fields = [
        index.SearchField("name"),
        index.SearchField("city"),
        index.FilterField("postal_code"),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = _("location")
        verbose_name_plural = _("locations")

    def __str__(self):
        return ", ".join(part for part in [self.name, self.city, self.state_province] if part)

    @property
    def one_line_address(self):
        parts = [
            self.address_1,
            self.city,
            " ".join(p for p in [self.state_province, self.postal_code] if p),
        ]
        return ", ".join(part for part in parts if part)


class Service(TranslatableMixin, ClusterableModel, index.Indexed):
    """One resource a reader can use: a web page, a help line, a program (HSDS service)."""

    class Verification(models.TextChoices):
        UNVERIFIED = "unverified", _("Unverified: an editor must confirm it")
        VERIFIED = "verified", _("Verified by an editor")
        NEEDS_ATTENTION = "needs_attention", _("Needs attention (reported or broken)")

    hsds_id = hsds_id_field()
    hsds_extra = hsds_extra_field()
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
    editor_note = models.TextField(
        _("note for editors"),
        blank=True,
        help_text=_("Not shown to readers: what to confirm, where the address came from."),
    )
    updated_at = models.DateTimeField(_("updated"), default=timezone.now, db_index=True)

    panels = [
        FieldPanel("title"),
        FieldPanel("organization"),
        FieldPanel("url"),
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
                FieldPanel("verification_status"),
                FieldPanel("last_verified"),
                FieldPanel("editor_note"),
            ],
            heading=_("Verification"),
        ),
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

    class Meta(TranslatableMixin.Meta):
        ordering = ["title"]
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


class ServiceLanguage(Orderable):
    """A language the service is offered in (HSDS language)."""

    hsds_id = hsds_id_field()
    hsds_extra = hsds_extra_field()
    service = ParentalKey(Service, on_delete=models.CASCADE, related_name="languages")
    code = models.CharField(_("language"), max_length=10, choices=SERVICE_LANGUAGES, db_index=True)

    panels = [FieldPanel("code")]

    class Meta(Orderable.Meta):
        verbose_name = _("language")
        constraints = [models.UniqueConstraint(fields=["service", "code"], name="unique_service_language")]

    def __str__(self):
        return str(SERVICE_LANGUAGE_NAMES.get(self.code, self.code))


class ServicePhone(Orderable):
    """A number to call about the service (HSDS phone)."""

    hsds_id = hsds_id_field()
    hsds_extra = hsds_extra_field()
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
        return "tel:" + "".join(ch for ch in self.number if ch.isdigit() or ch == "+")


class ServiceAtLocation(Orderable):
    """Where a service is given in person (HSDS service_at_location)."""

    hsds_id = hsds_id_field()
    hsds_extra = hsds_extra_field()
    service = ParentalKey(Service, on_delete=models.CASCADE, related_name="service_at_locations")
    location = models.ForeignKey(
        Location,
        verbose_name=_("location"),
        on_delete=models.CASCADE,
        related_name="service_at_locations",
    )

    panels = [FieldPanel("location")]

    class Meta(Orderable.Meta):
        verbose_name = _("service location")

    def __str__(self):
        return f"{self.service} @ {self.location}"


class NavigatorPage(Page):
    """Lists directory entries; a preset kind of help makes it, e.g., the local-centers page."""

    summary = models.CharField(_("summary"), max_length=255)
    intro = models.TextField(_("introduction"), blank=True)
    preset_kind = models.SlugField(
        _("preset kind of help"),
        blank=True,
        help_text=_(
            "Code of a kind of help (e.g. local-centers) this page always shows. Empty: all resources."
        ),
    )
    empty_message = models.TextField(
        _("message when nothing is listed"),
        blank=True,
        help_text=_("Shown, with the national help lines, when no resource matches."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("intro"),
        FieldPanel("preset_kind"),
        FieldPanel("empty_message"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("intro"),
    ]
    parent_page_types = ["home.HomePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("resource finder page")
        verbose_name_plural = _("resource finder pages")

    def get_meta_description(self):
        return self.search_description or self.summary

    def services(self):
        """The services this page lists, in the active language, with all they show."""
        services = services_for_locale(Locale.get_active())
        if self.preset_kind:
            services = services.filter(kinds__code=self.preset_kind)
        return services

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["services"] = list(self.services())
        context["meta_description"] = self.get_meta_description()
        return context


def services_for_locale(locale):
    """Each service once, in `locale` when translated, otherwise in the default language.

    Prefetches everything a result shows so a listing takes a fixed number of queries.
    """
    default = Locale.get_default()
    queryset = Service.objects.filter(locale=locale)
    if locale.pk != default.pk:
        translated = Service.objects.filter(locale=locale).values("translation_key")
        queryset = Service.objects.filter(
            models.Q(locale=locale) | models.Q(locale=default) & ~models.Q(translation_key__in=translated)
        )
    return (
        queryset.select_related("organization", "locale")
        .prefetch_related("languages", "phones", "kinds", "service_at_locations__location")
        .distinct()
        .order_by("title")
    )
