"""The OpenAPI 3.1 description of OUR read-only HSDS API, served at /api/hsds/openapi.json.

Written here (not the official template, whose schemas point at raw.githubusercontent.com):
every `$ref` is local (`#/components/...`), so a client validates our answers offline. The
schemas describe exactly what `views.py` and `mapping.py` return, with HSDS 3.0 names;
an imported record may carry further HSDS 3.0 properties (kept in `hsds_extra`), so
records allow additional properties. Parameter limits come from the views' constants.
"""

from . import mapping

DEFAULT_PER_PAGE = 20
MAX_PER_PAGE = 100
MAX_SEARCH = 200
MAX_PAGE = 1_000_000
ALLOWED_METHODS = "GET, HEAD, OPTIONS"

DESCRIPTION = (
    "Read-only Open Referral HSDS 3.0 API of the Cancer Help resource directory: services, "
    "organizations, service_at_locations, taxonomies and taxonomy terms, in English (the "
    "default language). No authentication; any origin may read it "
    "(`Access-Control-Allow-Origin: *`; a CORS preflight, OPTIONS, is a 204).\n\n"
    "A parameter that is present must be valid (`?page=` is a 400 like `?page=x`; only "
    "`search` may be empty). Errors are JSON (`Error`): a bad parameter is a 400 naming "
    "it, an unknown id or address a 404, any method other than GET, HEAD and OPTIONS a "
    "405 with `Allow: GET, HEAD, OPTIONS`, a database outage a 503 with `Retry-After`.\n\n"
    "Field names and meanings follow the Open Referral Human Services Data Specification "
    "(HSDS) 3.0, https://docs.openreferral.org/en/latest/hsds/ , by the Open Referral "
    "project, licensed CC BY-SA 4.0 (https://creativecommons.org/licenses/by-sa/4.0/); "
    "this document (paths, parameters, schemas) is adapted from its OpenAPI description and "
    "shared under the same licence."
)


def ref(name, kind="schemas"):
    return {"$ref": f"#/components/{kind}/{name}"}


def string(description, **extra):
    return {"type": "string", "description": description, **extra}


UUID = {"type": "string", "format": "uuid"}
OPEN = {"type": "object"}  # an HSDS object we pass through as imported


def record(description, required, properties):
    """An HSDS object: the listed properties, plus any other HSDS property an import carried."""
    return {
        "type": "object",
        "description": description,
        "required": required,
        "properties": properties,
        "additionalProperties": True,
    }


def array_of(schema):
    return {"type": "array", "items": schema}


# --- schemas ---------------------------------------------------------------------------------


def taxonomy_schemas():
    taxonomy = record(
        "An HSDS taxonomy: one of our four vocabularies, or one an imported term described.",
        ["id", "name", "description"],
        {
            "id": UUID,
            "name": string("Name of the taxonomy."),
            "description": string("What the taxonomy is for."),
            "version": string("Version, when an import gave one."),
        },
    )
    term = record(
        "An HSDS taxonomy_term: a kind of help, a cancer type, a delivery format, free of "
        "charge, or a term an import brought.",
        ["id", "name", "description"],
        {
            "id": UUID,
            "code": string("Short code of the term, unique in its taxonomy."),
            "name": string("Name of the term."),
            "description": string("What the term means (may be empty)."),
            "taxonomy": string("Code of the taxonomy, e.g. `cancerhelp-kind-of-help`."),
            "taxonomy_id": UUID,
            "taxonomy_detail": ref("Taxonomy"),
            "parent_id": UUID,
        },
    )
    return {"Taxonomy": taxonomy, "TaxonomyTerm": term}


def organization_schemas():
    own = {
        "id": UUID,
        "name": string("Name of the organization."),
        "description": string("What the organization does (may be empty)."),
        "website": string("Web address.", format="uri"),
        "email": string("E-mail address.", format="email"),
    }
    return {
        "OrganizationSummary": record(
            "An HSDS organization, one-to-one fields only (list shape).", ["id", "name", "description"], own
        ),
        "Organization": record(
            "An HSDS organization with any nested lists it was imported with.",
            ["id", "name", "description"],
            own,
        ),
        "OrganizationFull": record(
            "An HSDS organization with its services, each fully nested (without `organization`).",
            ["id", "name", "description"],
            {**own, "services": array_of(ref("ServiceInOrganization"))},
        ),
    }


def location_schemas():
    address = record(
        "An HSDS address of a location.",
        ["id", "address_type"],
        {
            "id": UUID,
            "address_1": string("Street address (empty when not known)."),
            "city": string("City."),
            "state_province": string("State, two letters in the US."),
            "postal_code": string("ZIP code."),
            "country": string("Country, two-letter ISO code."),
            "address_type": {"type": "string", "enum": ["physical", "postal", "virtual"]},
        },
    )
    location_fields = {
        "id": UUID,
        "name": string("Name of the place."),
        "location_type": {"type": "string", "enum": ["physical", "postal", "virtual"]},
        "latitude": {"type": "number", "description": "Degrees north (as entered or imported)."},
        "longitude": {"type": "number", "description": "Degrees east (as entered or imported)."},
    }
    return {
        "Address": address,
        "LocationSummary": record(
            "An HSDS location, one-to-one fields only.", ["id", "location_type"], location_fields
        ),
        "Location": record(
            "An HSDS location with its addresses.",
            ["id", "location_type"],
            {**location_fields, "addresses": array_of(ref("Address"))},
        ),
    }


def service_fields():
    return {
        "id": UUID,
        "name": string("Name of the service."),
        "description": string("What the service offers."),
        "url": string("Web address.", format="uri"),
        "email": string("E-mail address.", format="email"),
        "status": {"type": "string", "enum": ["active", "inactive", "defunct", "temporarily closed"]},
        "fees_description": string("What it costs."),
        "eligibility_description": string("Who may use it."),
        "assured_date": string("The day our team last checked it.", format="date"),
        "last_modified": string("When the record last changed (UTC).", format="date-time"),
        "program": OPEN,
    }


def service_lists():
    phone = record(
        "An HSDS phone of a service.",
        ["id", "number"],
        {"id": UUID, "number": string("Phone number."), "description": string("When or why to call.")},
    )
    language = record(
        "An HSDS language a service is offered in.",
        ["id"],
        {"id": UUID, "code": string("Language code, e.g. `es`."), "name": string("Name in English.")},
    )
    attribute = record(
        "An HSDS attribute linking the service to a taxonomy term.",
        ["id"],
        {
            "id": UUID,
            "link_id": UUID,
            "link_type": string("What is linked."),
            "link_entity": string("Which kind of record is linked."),
            "taxonomy_term_id": UUID,
            "taxonomy_term": ref("TaxonomyTerm"),
        },
    )
    return {"Phone": phone, "Language": language, "Attribute": attribute}


def nested_lists():
    return {
        "phones": array_of(ref("Phone")),
        "languages": array_of(ref("Language")),
        "service_at_locations": array_of(ref("ServiceAtLocationInService")),
        "attributes": array_of(ref("Attribute")),
    }


def service_schemas():
    fields = service_fields()
    required = ["id", "name", "status"]
    return {
        "ServiceSummary": record(
            "An HSDS service, one-to-one fields and its organization (list shape).",
            required,
            {**fields, "organization": ref("OrganizationSummary")},
        ),
        "Service": record(
            "An HSDS service, fully nested (service_full).",
            [*required, "organization"],
            {**fields, **nested_lists(), "organization": ref("Organization")},
        ),
        "ServiceInOrganization": record(
            "An HSDS service inside its organization: fully nested, without `organization`.",
            required,
            {**fields, **nested_lists()},
        ),
        "ServiceWithoutLocations": record(
            "An HSDS service inside a service_at_location: fully nested, without `service_at_locations`.",
            [*required, "organization"],
            {
                **fields,
                **{k: v for k, v in nested_lists().items() if k != "service_at_locations"},
                "organization": ref("Organization"),
            },
        ),
        **service_lists(),
    }


def service_at_location_schemas():
    return {
        "ServiceAtLocationInService": record(
            "An HSDS service_at_location inside its service: where the service is given.",
            ["id", "location"],
            {"id": UUID, "location": ref("Location")},
        ),
        "ServiceAtLocationSummary": record(
            "An HSDS service_at_location (list shape): the location's one-to-one fields and the service's.",
            ["id", "location", "service"],
            {"id": UUID, "location": ref("LocationSummary"), "service": ref("ServiceSummary")},
        ),
        "ServiceAtLocation": record(
            "An HSDS service_at_location, fully nested.",
            ["id", "location", "service"],
            {"id": UUID, "location": ref("Location"), "service": ref("ServiceWithoutLocations")},
        ),
    }


def page_schema(item):
    """The HSDS `Page` shape around a list of `item`."""
    return {
        "type": "object",
        "required": [
            "total_items",
            "total_pages",
            "page_number",
            "size",
            "first_page",
            "last_page",
            "empty",
            "contents",
        ],
        "additionalProperties": False,
        "properties": {
            "total_items": {"type": "integer", "minimum": 0, "description": "How many items match."},
            "total_pages": {"type": "integer", "minimum": 0, "description": "How many pages they fill."},
            "page_number": {"type": "integer", "minimum": 1, "description": "This page's number."},
            "size": {"type": "integer", "minimum": 0, "maximum": MAX_PER_PAGE},
            "first_page": {"type": "boolean"},
            "last_page": {"type": "boolean"},
            "empty": {"type": "boolean", "description": "True when this page holds no item."},
            "contents": {"type": "array", "maxItems": MAX_PER_PAGE, "items": ref(item)},
        },
    }


def other_schemas():
    return {
        "Error": {
            "type": "object",
            "description": "Every error this API answers (400, 404, 405, 503).",
            "required": ["error"],
            "additionalProperties": False,
            "properties": {
                "error": string("What went wrong, in plain English.", minLength=1),
                "parameter": string("The parameter at fault (400 only)."),
            },
        },
        "Meta": {
            "type": "object",
            "required": ["version", "profile", "openapi_url"],
            "properties": {
                "version": string("HSDS version of this API.", const=mapping.HSDS_VERSION),
                "profile": string("Where the HSDS profile of this API is described.", format="uri"),
                "openapi_url": string("Address of this document.", format="uri"),
            },
        },
    }


def schemas():
    return {
        **other_schemas(),
        **taxonomy_schemas(),
        **organization_schemas(),
        **location_schemas(),
        **service_schemas(),
        **service_at_location_schemas(),
    }


# --- parameters and responses ------------------------------------------------------------------


def query(name, description, schema):
    return {"name": name, "in": "query", "required": False, "description": description, "schema": schema}


PARAMETERS = {
    "search": query(
        "search",
        "Text to find in the name or description (and a service's organization name).",
        {"type": "string", "maxLength": MAX_SEARCH, "pattern": "^[^\\x00]*$"},
    ),
    "page": query("page", "Page number, from 1.", {"type": "integer", "minimum": 1, "maximum": MAX_PAGE}),
    "per_page": query(
        "per_page",
        f"Items per page (default {DEFAULT_PER_PAGE}).",
        {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE, "default": DEFAULT_PER_PAGE},
    ),
    "full": query(
        "full", "true: every item fully nested (false, 0, no, or absent: list shape).", {"type": "boolean"}
    ),
    "modified_after": query(
        "modified_after",
        "Only services modified on or after this ISO 8601 date or date-time (without a zone: UTC).",
        {"anyOf": [{"type": "string", "format": "date-time"}, {"type": "string", "format": "date"}]},
    ),
    "taxonomy_term_id": query("taxonomy_term_id", "Only services with this taxonomy term.", UUID),
    "taxonomy_id": query("taxonomy_id", "Only items with a term of this taxonomy.", UUID),
    "organization_id": query("organization_id", "Only this organization's services.", UUID),
    "parent_id": query("parent_id", "Only terms under this parent term.", UUID),
}


def json_content(schema):
    return {"application/json": {"schema": schema}}


RESPONSES = {
    "BadParameter": {
        "description": "A parameter is malformed or out of range; `parameter` names it.",
        "content": json_content(ref("Error")),
    },
    "NotFound": {"description": "No record with this id.", "content": json_content(ref("Error"))},
    "Outage": {
        "description": "The database is unreachable; try again after `Retry-After` seconds.",
        "headers": {"Retry-After": {"schema": {"type": "integer", "minimum": 1}}},
        "content": json_content(ref("Error")),
    },
}


def cors_headers():
    return {"Access-Control-Allow-Origin": {"schema": {"type": "string", "const": "*"}}}


def get_operation(operation_id, summary, schema, parameters, not_found=False):
    responses = {
        "200": {"description": summary, "headers": cors_headers(), "content": json_content(schema)},
        "400": ref("BadParameter", "responses"),
        "503": ref("Outage", "responses"),
    }
    if not_found:
        responses["404"] = ref("NotFound", "responses")
    return {
        "get": {
            "operationId": operation_id,
            "summary": summary,
            "parameters": [ref(name, "parameters") for name in parameters],
            "responses": responses,
        },
    }


def id_parameter(what):
    return {
        "name": "id",
        "in": "path",
        "required": True,
        "description": f"The {what}'s id (a UUID; anything else is a 400).",
        "schema": UUID,
    }


LIST_PARAMETERS = ["search", "page", "per_page"]
SERVICE_FILTERS = ["taxonomy_term_id", "taxonomy_id", "organization_id", "modified_after"]

# (path, kind, list item schema, full item schema, detail schema, list parameters)
COLLECTIONS = [
    ("services", "service", "ServiceSummary", "Service", "Service", [*SERVICE_FILTERS, "full"]),
    (
        "organizations",
        "organization",
        "OrganizationSummary",
        "OrganizationFull",
        "OrganizationFull",
        ["full"],
    ),
    (
        "service_at_locations",
        "service_at_location",
        "ServiceAtLocationSummary",
        "ServiceAtLocation",
        "ServiceAtLocation",
        [*SERVICE_FILTERS, "full"],
    ),
    ("taxonomies", "taxonomy", "Taxonomy", None, "Taxonomy", []),
    ("taxonomy_terms", "taxonomy_term", "TaxonomyTerm", None, "TaxonomyTerm", ["taxonomy_id", "parent_id"]),
]


def collection_paths(path, kind, item, full_item, detail, extra_parameters):
    if full_item and full_item != item:
        list_schema = {"anyOf": [page_schema(item), page_schema(full_item)]}
    else:
        list_schema = page_schema(item)
    title = kind.replace("_", " ")
    listing = get_operation(
        f"get{kind.title().replace('_', '')}List",
        f"A page of {title}s.",
        list_schema,
        LIST_PARAMETERS + extra_parameters,
    )
    one = get_operation(f"get{kind.title().replace('_', '')}ById", f"One {title}.", ref(detail), [], True)
    one["parameters"] = [id_parameter(title)]
    return {f"/{path}": listing, f"/{path}/{{id}}": one}


def paths():
    found = {
        "/": get_operation("getApiMeta", "What this API is; where this document lives.", ref("Meta"), []),
        "/openapi.json": get_operation(
            "getOpenApiDocument", "This document.", {"type": "object", "required": ["openapi"]}, []
        ),
    }
    for collection in COLLECTIONS:
        found.update(collection_paths(*collection))
    return found


def document(api_url):
    """The whole document; `api_url` is the API's absolute address (servers[0].url)."""
    return {
        "openapi": "3.1.0",
        "jsonSchemaDialect": "https://json-schema.org/draft/2020-12/schema",
        "info": {
            "title": "Cancer Help HSDS API",
            "version": "1.1",
            "summary": "Read-only Open Referral HSDS 3.0 API of the Cancer Help resource directory.",
            "description": DESCRIPTION,
            "license": {
                "name": "CC BY-SA 4.0 (adapted from the Open Referral HSDS 3.0 OpenAPI description)",
                "url": "https://creativecommons.org/licenses/by-sa/4.0/",
            },
        },
        "servers": [{"url": api_url}],
        "paths": paths(),
        "components": {
            "schemas": schemas(),
            "parameters": PARAMETERS,
            "responses": RESPONSES,
        },
    }
