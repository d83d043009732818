"""Validate HSDS objects against the official Open Referral schemas (copied in schemas/).

The modular schemas are loaded once into a `referencing.Registry` keyed by file name, which
resolves their relative `$ref`s exactly as the compiled schemas inline them.
"""

import functools
import json
from pathlib import Path

from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

SCHEMA_DIR = Path(__file__).resolve().parent / "schemas"

# Object kinds the project reads and writes, and the schema file each validates against.
SCHEMA_FILES = {
    "service": "service.json",
    "organization": "organization.json",
    "service_at_location": "service_at_location.json",
    "location": "location.json",
    "taxonomy_term": "taxonomy_term.json",
    "taxonomy": "taxonomy.json",
}


@functools.cache
def registry():
    resources = []
    for path in sorted(SCHEMA_DIR.glob("*.json")):
        contents = json.loads(path.read_text(encoding="utf-8"))
        resources.append((path.name, Resource.from_contents(contents, default_specification=DRAFT202012)))
    return Registry().with_resources(resources)


@functools.cache
def validator(kind):
    return Draft202012Validator(
        {"$ref": SCHEMA_FILES[kind]}, registry=registry(), format_checker=FormatChecker()
    )


@functools.cache
def table_schema(name):
    """The schema of one HSDS object (its `properties` are the CSV columns of its table)."""
    return json.loads((SCHEMA_DIR / f"{name}.json").read_text(encoding="utf-8"))


def format_path(parts):
    """`["phones", 0, "number"]` -> `phones[0].number`, as people read it."""
    text = ""
    for part in parts:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


def errors(obj, kind):
    """Schema errors of `obj` as (field path, message), in document order."""
    found = []
    for error in sorted(validator(kind).iter_errors(obj), key=lambda e: [str(p) for p in e.absolute_path]):
        found.append((format_path(error.absolute_path), error.message))
    return found


def is_valid(obj, kind):
    return not errors(obj, kind)
