"""The directory's models: HSDS-shaped records (records.py) and the finder page (pages.py)."""

from .pages import ResourceFinderPage
from .records import (
    HsdsRecord,
    Location,
    Organization,
    ProblemReport,
    Service,
    ServiceAtLocation,
    ServiceLanguage,
    ServicePhone,
    ServiceQuerySet,
    TaxonomyTerm,
    stable_uuid,
)

__all__ = [
    "HsdsRecord",
    "Location",
    "Organization",
    "ProblemReport",
    "ResourceFinderPage",
    "Service",
    "ServiceAtLocation",
    "ServiceLanguage",
    "ServicePhone",
    "ServiceQuerySet",
    "TaxonomyTerm",
    "stable_uuid",
]
