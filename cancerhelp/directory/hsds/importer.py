"""Import HSDS 3.0 data: parse (parse.py) -> validate everything -> write everything in one transaction.

Nothing is written unless the whole file is valid: the official schema, field lengths our
database enforces, ids (unique, UUIDs) and references (every organization, location and
taxonomy term a record points at exists in the file or in the database). Errors name the
record and the field: `services[3] (id 1234…): name: 'name' is a required property`.

Matching is on the HSDS id, so importing the same file twice changes nothing the second
time. Properties we do not model are kept in each record's `hsds_extra` and exported as
they came (docs/hsds.md).
"""

import sys

from django.db import transaction
from tqdm import tqdm
from wagtail.models import Locale

from ..models.records import (
    Location,
    Organization,
    Service,
    ServiceAtLocation,
    ServiceLanguage,
    ServicePhone,
    TaxonomyTerm,
)
from ..vocabulary import CANCER_TYPE_TAXONOMY, KIND_OF_HELP_TAXONOMY
from . import mapping
from .parse import HsdsParser, ImportRefused, json_equal, merge_extra

CHUNK = 500  # ids per IN (...) query: well under SQLite's variable limit


class HsdsImport(HsdsParser):
    """Collect records from files (parse.py), check them all, then write them in one transaction."""

    def __init__(self, progress=False):
        super().__init__()
        self.progress = progress
        self.counts = {
            kind: {"created": 0, "updated": 0, "unchanged": 0}
            for kind in ["taxonomy_terms", "organizations", "locations", "services"]
        }

    # --- checking ------------------------------------------------------------------------------

    def existing(self, model, ids, **related):
        found = {}
        ids = list(ids)
        for start in range(0, len(ids), CHUNK):
            queryset = model.objects.filter(hsds_id__in=ids[start : start + CHUNK])
            if related.get("select"):
                queryset = queryset.select_related(*related["select"])
            if related.get("prefetch"):
                queryset = queryset.prefetch_related(*related["prefetch"])
            found.update({obj.hsds_id: obj for obj in queryset})
        return found

    def check(self):
        """References and database constraints, before anything is written."""
        self.db_terms = self.existing(TaxonomyTerm, self.records["taxonomy_term"])
        self.db_orgs = self.existing(Organization, self.records["organization"])
        self.db_locations = self.existing(Location, self.records["location"])
        self.default_locale = Locale.get_default()

        # Taxonomy terms: (taxonomy, code) is unique.
        codes = {}
        for record in self.records["taxonomy_term"].values():
            key = (record.fields["taxonomy"], record.fields["code"])
            if key in codes:
                self.errors.append(
                    f"{record.where}: code: {key[1]!r} is used twice in taxonomy {key[0]!r} "
                    f"(also at {codes[key].where})"
                )
            codes[key] = record
        for term in TaxonomyTerm.objects.filter(code__in={code for _taxonomy, code in codes}).exclude(
            hsds_id__in=list(self.records["taxonomy_term"])
        ):
            record = codes.get((term.taxonomy, term.code))
            if record:
                self.errors.append(
                    f"{record.where}: code: {term.code!r} already names another term of "
                    f"taxonomy {term.taxonomy!r} (id {term.hsds_id})"
                )

        # Referenced ids that the file does not hold must be in the database.
        services = self.records["service"]
        wanted_orgs = {r.organization for r in services.values() if r.organization} - set(
            self.records["organization"]
        )
        self.db_orgs.update(self.existing(Organization, wanted_orgs))
        sals = [sal for r in services.values() for sal in (r.sals or []) + r.more_sals]
        wanted_locations = {sal[1]["location"] for sal in sals} - set(self.records["location"])
        self.db_locations.update(self.existing(Location, wanted_locations))
        wanted_terms = {
            term_id
            for r in services.values()
            for _at, term_id, _attribute in (r.attributes or [])
            if term_id and term_id not in mapping.FLAG_TERMS_BY_ID
        } - set(self.records["taxonomy_term"])
        self.db_terms.update(self.existing(TaxonomyTerm, wanted_terms))

        for record in services.values():
            if record.organization and not (
                record.organization in self.records["organization"] or record.organization in self.db_orgs
            ):
                self.errors.append(
                    f"{record.where}: organization_id: unknown organization {record.organization}"
                )
            for _sal_id, sal_fields, _extra in (record.sals or []) + record.more_sals:
                location_id = sal_fields["location"]
                if location_id not in self.records["location"] and location_id not in self.db_locations:
                    self.errors.append(f"{sal_fields['where']}: location_id: unknown location {location_id}")
            self.resolve_attributes(record)

        self.db_services = self.existing(
            Service,
            services,
            select=["organization", "locale"],
            prefetch=mapping.service_prefetches(),
        )
        for service in self.db_services.values():
            if service.locale_id != self.default_locale.pk:
                self.errors.append(
                    f"{services[service.hsds_id].where}: id: {service.hsds_id} is a translation "
                    f"({service.locale.language_code}); only default-language services are HSDS records"
                )

    def resolve_attributes(self, record):
        """Attributes naming our vocabularies become fields; others are kept verbatim."""
        if record.attributes is None:
            return
        record.extra["attributes"] = []
        for flag in mapping.FLAG_TERMS:
            record.fields[flag.field] = False
        for at, term_id, attribute in record.attributes:
            if term_id is None:
                record.extra["attributes"].append(attribute)
                continue
            if term_id in mapping.FLAG_TERMS_BY_ID:
                record.fields[mapping.FLAG_TERMS_BY_ID[term_id].field] = True
                continue
            term = self.records["taxonomy_term"].get(term_id)
            taxonomy = (
                term.fields["taxonomy"] if term else getattr(self.db_terms.get(term_id), "taxonomy", None)
            )
            if taxonomy is None:
                self.errors.append(f"{at}: taxonomy_term_id: unknown taxonomy term {term_id}")
            elif taxonomy == KIND_OF_HELP_TAXONOMY:
                record.kinds.append(term_id)
            elif taxonomy == CANCER_TYPE_TAXONOMY:
                record.cancer_types.append(term_id)
            else:
                record.extra["attributes"].append(attribute)
        if not record.extra["attributes"]:
            del record.extra["attributes"]

    # --- writing ----------------------------------------------------------------------------------

    def count(self, kind, outcome):
        self.counts[kind][outcome] += 1

    def upsert(self, kind, model, record, existing, fields):
        """Create or update one plain record; returns the saved object."""
        extra = merge_extra(existing.hsds_extra if existing else None, record.extra)
        if existing is None:
            obj = model(hsds_id=record.id, hsds_extra=extra, **fields)
            obj.save()
            self.count(kind, "created")
            return obj
        current = {name: getattr(existing, name) for name in fields}
        if current == fields and json_equal(existing.hsds_extra, extra):
            self.count(kind, "unchanged")
            return existing
        for name, value in fields.items():
            setattr(existing, name, value)
        existing.hsds_extra = extra
        existing.save()
        self.count(kind, "updated")
        return existing

    def run(self, dry_run=False):
        """Check, then write all or nothing. Raises ImportRefused with every error found."""
        if not self.errors:
            self.check()
        if self.errors:
            raise ImportRefused(self.errors)
        with transaction.atomic():
            terms = {}
            for record in self.records["taxonomy_term"].values():
                terms[record.id] = self.upsert(
                    "taxonomy_terms", TaxonomyTerm, record, self.db_terms.get(record.id), record.fields
                )
            terms.update({k: v for k, v in self.db_terms.items() if k not in terms})
            orgs = dict(self.db_orgs)
            for record in self.records["organization"].values():
                orgs[record.id] = self.upsert(
                    "organizations", Organization, record, self.db_orgs.get(record.id), record.fields
                )
            locations = dict(self.db_locations)
            for record in self.records["location"].values():
                locations[record.id] = self.upsert(
                    "locations", Location, record, self.db_locations.get(record.id), record.fields
                )
            services = self.records["service"].values()
            bar = tqdm(
                services,
                desc="services",
                unit="service",
                disable=not self.progress,
                file=sys.stderr,
            )
            for record in bar:
                self.write_service(record, orgs, locations, terms)
            if dry_run:
                transaction.set_rollback(True)
        return self.counts

    def write_service(self, record, orgs, locations, terms):
        existing = self.db_services.get(record.id)
        fields = {key: value for key, value in record.fields.items() if key != "updated_at"}
        organization = orgs[record.organization]
        extra = merge_extra(existing.hsds_extra if existing else None, record.extra)

        wanted_phones = [(pid, f, e) for pid, f, e in record.phones] if record.phones is not None else None
        wanted_languages = record.languages
        sals = None
        if record.sals is not None or record.more_sals:
            base = record.sals if record.sals is not None else None
            sals = (base, record.more_sals)

        if existing is not None:
            changed = (
                any(getattr(existing, name) != value for name, value in fields.items())
                or existing.organization_id != organization.pk
                or not json_equal(existing.hsds_extra, extra)
                or (
                    record.fields["updated_at"]
                    and mapping.iso_datetime(existing.updated_at)
                    != mapping.iso_datetime(record.fields["updated_at"])
                )
            )
            if wanted_phones is not None:
                current = [
                    (p.hsds_id, {"number": p.number, "description": p.description}, p.hsds_extra)
                    for p in existing.phones.all()
                ]
                changed = changed or not json_equal(current, wanted_phones)
            if wanted_languages is not None:
                current = [
                    (lang.hsds_id, {"code": lang.code}, lang.hsds_extra) for lang in existing.languages.all()
                ]
                changed = changed or not json_equal(current, wanted_languages)
            if sals is not None:
                current = {
                    str(sal.hsds_id): [str(sal.location.hsds_id), sal.hsds_extra]
                    for sal in existing.service_at_locations.all()
                }
                wanted = {str(sal_id): [str(f["location"]), e] for sal_id, f, e in (sals[0] or []) + sals[1]}
                if sals[0] is None:
                    changed = changed or any(
                        sal_id not in current or not json_equal(current[sal_id], value)
                        for sal_id, value in wanted.items()
                    )
                else:
                    changed = changed or not json_equal(current, wanted)
            if record.attributes is not None:
                changed = (
                    changed
                    or sorted(t.hsds_id for t in existing.kinds.all()) != sorted(record.kinds)
                    or sorted(t.hsds_id for t in existing.cancer_types.all()) != sorted(record.cancer_types)
                )
            if not changed:
                self.count("services", "unchanged")
                return
            service = existing
            for name, value in fields.items():
                setattr(service, name, value)
            service.organization = organization
            service.hsds_extra = extra
            self.count("services", "updated")
        else:
            service = Service(
                hsds_id=record.id,
                locale=self.default_locale,
                organization=organization,
                hsds_extra=extra,
                **fields,
            )
            self.count("services", "created")
        if record.attributes is not None:
            service.kinds.set([terms[term_id] for term_id in record.kinds])
            service.cancer_types.set([terms[term_id] for term_id in record.cancer_types])
        service.save()

        if wanted_phones is not None:
            self.replace_children(service, ServicePhone, wanted_phones)
        if wanted_languages is not None:
            self.replace_children(service, ServiceLanguage, wanted_languages)
        if sals is not None:
            resolved = [
                (sal_id, {"location": locations[f["location"]]}, e) for sal_id, f, e in (sals[0] or [])
            ]
            extra_sals = [(sal_id, {"location": locations[f["location"]]}, e) for sal_id, f, e in sals[1]]
            if sals[0] is not None:
                self.replace_children(service, ServiceAtLocation, resolved + extra_sals)
            else:
                self.replace_children(service, ServiceAtLocation, extra_sals, keep_others=True)
        if record.fields["updated_at"]:
            Service.objects.filter(pk=service.pk).update(updated_at=record.fields["updated_at"])

    @staticmethod
    def replace_children(service, model, wanted, keep_others=False):
        """Make the service's children exactly `wanted` (ids, fields, extras), in order."""
        ids = [child_id for child_id, _fields, _extra in wanted]
        if not keep_others:
            model.objects.filter(service=service).exclude(hsds_id__in=ids).delete()
        current = {child.hsds_id: child for child in model.objects.filter(hsds_id__in=ids)}
        offset = model.objects.filter(service=service).count() if keep_others else 0
        for order, (child_id, fields, extra) in enumerate(wanted):
            child = current.get(child_id) or model(hsds_id=child_id)
            child.service = service
            child.sort_order = offset + order if child.pk is None or not keep_others else child.sort_order
            child.hsds_extra = extra
            for name, value in fields.items():
                setattr(child, name, value)
            child.save()


def import_files(json_files=(), csv_folders=(), kind=None, progress=False, dry_run=False):
    """Import JSON files and CSV packages together, all or nothing. Returns (counts, warnings)."""
    job = HsdsImport(progress=progress)
    for path in json_files:
        job.add_json_file(path, kind)
    for folder in csv_folders:
        job.add_csv_package(folder)
    counts = job.run(dry_run=dry_run)
    return counts, job.warnings
