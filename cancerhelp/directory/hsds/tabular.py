"""The HSDS tabular form: a folder of CSV files (a data package), one file per HSDS object.

Reading nests the rows into the JSON objects the importer takes, following the *_id
columns; the id columns stay in the objects, so writing them back gives the same rows.
Writing walks exported objects and flattens them into the tables again.
"""

import csv
import functools
import json
from pathlib import Path

from jsonschema import Draft202012Validator, FormatChecker

from . import validation

# File name -> schema name, in the order the official data package lists them.
TABLES = {
    "organizations.csv": "organization",
    "programs.csv": "program",
    "services.csv": "service",
    "attributes.csv": "attribute",
    "service_at_location.csv": "service_at_location",
    "locations.csv": "location",
    "phones.csv": "phone",
    "contacts.csv": "contact",
    "addresses.csv": "address",
    "schedules.csv": "schedule",
    "funding.csv": "funding",
    "service_areas.csv": "service_area",
    "required_documents.csv": "required_document",
    "languages.csv": "language",
    "accessibility.csv": "accessibility",
    "taxonomy_terms.csv": "taxonomy_term",
    "metadata.csv": "metadata",
    "meta_table_descriptions.csv": "meta_table_description",
    "cost_options.csv": "cost_option",
    "organization_identifiers.csv": "organization_identifier",
    "taxonomies.csv": "taxonomy",
}
FILES = {schema: name for name, schema in TABLES.items()}

# How objects nest: parent schema -> [(property, child schema, column linking them, many?)].
# "<" means the parent holds the id of the child (service.program_id), otherwise the child
# holds the parent's id (phone.service_id).
COMMON = [("attributes", "attribute", "link_id", True), ("metadata", "metadata", "resource_id", True)]
NESTING = {
    "organization": [
        ("funding", "funding", "organization_id", True),
        ("contacts", "contact", "organization_id", True),
        ("phones", "phone", "organization_id", True),
        ("locations", "location", "organization_id", True),
        ("programs", "program", "organization_id", True),
        ("organization_identifiers", "organization_identifier", "organization_id", True),
        *COMMON,
        ("services", "service", "organization_id", True),
    ],
    "service": [
        ("phones", "phone", "service_id", True),
        ("schedules", "schedule", "service_id", True),
        ("service_areas", "service_area", "service_id", True),
        ("service_at_locations", "service_at_location", "service_id", True),
        ("languages", "language", "service_id", True),
        ("funding", "funding", "service_id", True),
        ("cost_options", "cost_option", "service_id", True),
        ("program", "program", "<program_id", False),
        ("required_documents", "required_document", "service_id", True),
        ("contacts", "contact", "service_id", True),
        *COMMON,
    ],
    "service_at_location": [
        ("contacts", "contact", "service_at_location_id", True),
        ("phones", "phone", "service_at_location_id", True),
        ("schedules", "schedule", "service_at_location_id", True),
        ("location", "location", "<location_id", False),
        *COMMON,
    ],
    "location": [
        ("languages", "language", "location_id", True),
        ("addresses", "address", "location_id", True),
        ("contacts", "contact", "location_id", True),
        ("accessibility", "accessibility", "location_id", True),
        ("phones", "phone", "location_id", True),
        ("schedules", "schedule", "location_id", True),
        *COMMON,
    ],
    "phone": [("languages", "language", "phone_id", True), *COMMON],
    "contact": [("phones", "phone", "contact_id", True), *COMMON],
    "attribute": [
        ("taxonomy_term", "taxonomy_term", "<taxonomy_term_id", False),
        ("metadata", "metadata", "resource_id", True),
    ],
    "taxonomy_term": [
        ("taxonomy_detail", "taxonomy", "<taxonomy_id", False),
        ("metadata", "metadata", "resource_id", True),
    ],
}
# Parent-held links, for writing: (parent schema, property) -> column of the parent.
PARENT_HELD = {
    ("service", "organization"): "organization_id",
    ("service", "program"): "program_id",
    ("service_at_location", "location"): "location_id",
    ("service_at_location", "service"): "service_id",
    ("attribute", "taxonomy_term"): "taxonomy_term_id",
    ("taxonomy_term", "taxonomy_detail"): "taxonomy_id",
}
# Child schema reached through a property not listed in NESTING (writing only).
EXTRA_CHILDREN = {("service", "organization"): "organization", ("service_at_location", "service"): "service"}


def columns(schema):
    """The CSV columns of a table: the schema's properties that are not lists or objects."""
    properties = validation.table_schema(schema)["properties"]
    return [
        name
        for name, prop in properties.items()
        if prop.get("type") is not None and prop.get("type") not in ("array", "object")
    ]


def column_types(schema):
    properties = validation.table_schema(schema)["properties"]
    return {name: prop.get("type") for name, prop in properties.items()}


def convert(value, kind):
    """A CSV cell as the JSON value the schema wants; ValueError if it cannot be."""
    if kind == "number":
        try:
            return int(value)
        except ValueError:
            return float(value)
    if kind == "integer":
        return int(value)
    if kind == "boolean":
        if value.lower() in ("true", "1", "yes"):
            return True
        if value.lower() in ("false", "0", "no"):
            return False
        raise ValueError(value)
    return value


# --- reading -------------------------------------------------------------------------------


def read_table(path, schema, errors):
    """Rows of one CSV file as {id: (row number, object)}; header and cells checked."""
    expected = columns(schema)
    types = column_types(schema)
    rows = {}
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.reader(handle)
            header = next(reader, None)
            if header is None:
                errors.append(f"{path.name}: empty file (a header row is needed)")
                return rows
            header = [name.strip() for name in header]
            unknown = [name for name in header if name not in expected]
            required = ["id"] + validation.table_schema(schema).get("tabular_required", [])
            missing = [name for name in required if name not in header]
            if unknown or missing or len(set(header)) != len(header):
                problems = []
                if unknown:
                    problems.append("unknown column(s) " + ", ".join(repr(name) for name in unknown))
                if missing:
                    problems.append("missing column(s) " + ", ".join(repr(name) for name in missing))
                if len(set(header)) != len(header):
                    problems.append("a column is named twice")
                errors.append(
                    f"{path.name}: header: {'; '.join(problems)} (expected columns: {', '.join(expected)})"
                )
                return rows
            required_text = {
                name
                for name in validation.table_schema(schema).get("required", [])
                if types.get(name) == "string"
            }
            for number, cells in enumerate(reader, start=2):
                if not any(cell.strip() for cell in cells):
                    continue
                where = f"{path.name} row {number}"
                if len(cells) != len(header):
                    errors.append(f"{where}: has {len(cells)} cells, the header has {len(header)}")
                    continue
                obj = {}
                for name, cell in zip(header, cells, strict=True):
                    if cell == "":
                        # CSV cannot tell "" from absent: a required text is "", others absent.
                        if name in required_text:
                            obj[name] = ""
                        continue
                    try:
                        obj[name] = convert(cell, types.get(name))
                    except ValueError:
                        errors.append(f"{where}: {name}: {cell!r} is not a {types.get(name)}")
                record_id = obj.get("id", "")
                label = f"{where} (id {str(record_id)[:8]}…)" if record_id else where
                for path_text, message in row_errors(obj, schema):
                    errors.append(f"{label}: {path_text or '(row)'}: {message}")
                if record_id in rows:
                    errors.append(f"{label}: id: duplicate id (also {path.name} row {rows[record_id][0]})")
                    continue
                rows[record_id] = (number, obj)
    except UnicodeDecodeError:
        errors.append(f"{path.name}: not UTF-8 text")
    except csv.Error as error:
        errors.append(f"{path.name}: not a readable CSV file ({error})")
    return rows


@functools.cache
def row_validator(schema):
    return Draft202012Validator(
        validation.table_schema(schema), registry=validation.registry(), format_checker=FormatChecker()
    )


def row_errors(obj, schema):
    """Schema errors of one flat row, validated against its table's schema."""
    validator = row_validator(schema)
    return [
        (validation.format_path(error.absolute_path), error.message)
        for error in sorted(validator.iter_errors(obj), key=lambda e: [str(p) for p in e.absolute_path])
    ]


def read_tables(folder, errors, warnings):
    """{schema: rows} of every standard file in the folder, or None when it is not a package."""
    if not folder.is_dir():
        errors.append(f"{folder}: no such folder (a CSV data package is a folder of CSV files)")
        return None
    descriptor = folder / "datapackage.json"
    if descriptor.is_file():
        try:
            json.loads(descriptor.read_text(encoding="utf-8"))
        except (ValueError, UnicodeDecodeError):
            warnings.append(
                f"{descriptor}: not a JSON data package descriptor; reading the standard HSDS file names"
            )
    present = {name for name in TABLES if (folder / name).is_file()}
    if not present & {"services.csv", "organizations.csv", "taxonomy_terms.csv"}:
        errors.append(f"{folder}: no services.csv, organizations.csv or taxonomy_terms.csv in this folder")
        return None
    return {
        schema: read_table(folder / name, schema, errors) if name in present else {}
        for name, schema in TABLES.items()
    }


def child_index(tables):
    """{(child schema, linking column): {parent id: [child ids]}} for every NESTING link."""
    index = {}
    for specs in NESTING.values():
        for _prop, child, column, _many in specs:
            key = (child, column)
            if column.startswith("<") or key in index:
                continue
            index[key] = {}
            for record_id, (_number, row) in tables[child].items():
                if row.get(column):
                    index[key].setdefault(str(row[column]), []).append(record_id)
    return index


class Nester:
    """Builds nested HSDS objects from flat rows, remembering which rows it used."""

    def __init__(self, tables):
        self.tables = tables
        self.index = child_index(tables)
        self.used = {schema: set() for schema in tables}

    def nest(self, schema, record_id, stack=frozenset()):
        _number, row = self.tables[schema][record_id]
        self.used[schema].add(record_id)
        obj = dict(row)
        inner = stack | {(schema, record_id)}
        for prop, child, column, _many in NESTING.get(schema, []):
            if child == "service" and schema == "organization":
                continue  # services are placed by organization() below
            if (child, record_id) in stack:
                continue
            if column.startswith("<"):
                target = row.get(column[1:])
                if target is not None and str(target) in self.tables[child]:
                    obj[prop] = self.nest(child, str(target), inner)
                continue
            children = [
                self.nest(child, child_id, inner) for child_id in self.children(child, column, record_id)
            ]
            for item in children:
                item.pop(column, None)  # nesting says it; writing puts it back
            if children:
                obj[prop] = children
        return obj

    def children(self, child, column, record_id):
        return self.index.get((child, column), {}).get(str(record_id), [])

    def organization(self, org_id):
        """An organization with its services nested."""
        obj = self.nest("organization", org_id)
        services = [
            self.nest("service", service_id)
            for service_id in self.children("service", "organization_id", org_id)
        ]
        for service in services:
            service.pop("organization_id", None)
        if services:
            obj["services"] = services
        return obj

    def objects(self):
        """[(kind, where, object)]: organizations, services of none, taxonomy terms."""
        objects = []
        for org_id, (number, _row) in self.tables["organization"].items():
            objects.append(("organization", f"organizations.csv row {number}", self.organization(org_id)))
        for service_id, (number, _row) in self.tables["service"].items():
            if service_id not in self.used["service"]:
                objects.append(("service", f"services.csv row {number}", self.nest("service", service_id)))
        for term_id, (number, _row) in self.tables["taxonomy_term"].items():
            objects.append(
                ("taxonomy_term", f"taxonomy_terms.csv row {number}", self.nest("taxonomy_term", term_id))
            )
        return objects

    def unused_rows(self):
        """A warning for each row no imported record reaches."""
        warnings = []
        for schema, rows in self.tables.items():
            for record_id, (number, row) in rows.items():
                if record_id in self.used[schema]:
                    continue
                links = ", ".join(
                    f"{key} {str(value)[:8]}…" for key, value in row.items() if key.endswith("_id")
                )
                warnings.append(
                    f"{FILES[schema]} row {number} (id {str(record_id)[:8]}…): refers to no record in this "
                    f"package ({links or 'no links'}); not imported"
                )
        return warnings


def read_package(folder):
    """A data package folder -> ([(kind, where, object)], errors, warnings)."""
    errors, warnings = [], []
    tables = read_tables(Path(folder), errors, warnings)
    if tables is None:
        return [], errors, []
    if errors:
        return [], errors, warnings
    nester = Nester(tables)
    objects = nester.objects()
    return objects, errors, warnings + nester.unused_rows()


# --- writing -------------------------------------------------------------------------------


class Tables:
    """Rows collected from nested objects, merged by id, in first-seen order."""

    def __init__(self):
        self.rows = {schema: {} for schema in TABLES.values()}

    def add(self, schema, obj, links=None):
        if not isinstance(obj, dict) or "id" not in obj:
            return
        wanted = columns(schema)
        row = self.rows[schema].setdefault(obj["id"], {})
        for name in wanted:
            if name in obj and not isinstance(obj[name], list | dict) and name not in row:
                row[name] = obj[name]
        for name, value in (links or {}).items():
            if name in wanted and name not in row:
                row[name] = value
        for prop, child, column, many in NESTING.get(schema, []):
            value = obj.get(prop)
            if value is None:
                continue
            if column.startswith("<"):
                if column[1:] not in row and isinstance(value, dict) and "id" in value:
                    row[column[1:]] = value["id"]
                self.add(child, value)
            else:
                for item in value if many else [value]:
                    self.add(child, item, {column: obj["id"]})
        for (parent, prop), child in EXTRA_CHILDREN.items():
            if parent == schema and isinstance(obj.get(prop), dict):
                column = PARENT_HELD[(parent, prop)]
                if column not in row:
                    row[column] = obj[prop]["id"]
                self.add(child, obj[prop])

    def write(self, folder):
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        resources = []
        for name, schema in TABLES.items():
            header = columns(schema)
            with (folder / name).open("w", newline="", encoding="utf-8") as handle:
                writer = csv.writer(handle, lineterminator="\n")
                writer.writerow(header)
                for row in self.rows[schema].values():
                    writer.writerow([cell(row.get(column)) for column in header])
            types = column_types(schema)
            resources.append(
                {
                    "name": validation.table_schema(schema)["name"],
                    "path": name,
                    "profile": "tabular-data-resource",
                    "format": "csv",
                    "mediatype": "text/csv",
                    "encoding": "utf-8",
                    "schema": {
                        "fields": [
                            {"name": column, "type": types.get(column) or "string"} for column in header
                        ],
                        "primaryKey": "id",
                    },
                }
            )
        descriptor = {
            "name": "cancerhelp-hsds",
            "title": "Cancer Help resource directory (Open Referral HSDS 3.0)",
            "profile": "tabular-data-package",
            "resources": resources,
        }
        (folder / "datapackage.json").write_text(json.dumps(descriptor, indent=2) + "\n", encoding="utf-8")
        return {name: len(self.rows[schema]) for name, schema in TABLES.items()}


def cell(value):
    if value is None:
        return ""
    if value is True or value is False:
        return "true" if value else "false"
    return str(value)
