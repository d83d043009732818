"""/api/hsds/...: the read-only HSDS 3.0 API (paths as in the official OpenAPI)."""

from django.urls import path

from . import api

app_name = "hsds"

urlpatterns = [
    path("", api.api_root, name="root"),
    path("openapi.json", api.openapi, name="openapi"),
    path("services", api.service_list, name="services"),
    path("services/<str:service_id>", api.service_detail, name="service"),
    path("organizations", api.organization_list, name="organizations"),
    path("organizations/<str:organization_id>", api.organization_detail, name="organization"),
    path("service_at_locations", api.service_at_location_list, name="service_at_locations"),
    path("service_at_locations/<str:sal_id>", api.service_at_location_detail, name="service_at_location"),
    path("taxonomies", api.taxonomy_list, name="taxonomies"),
    path("taxonomies/<str:taxonomy_id>", api.taxonomy_detail, name="taxonomy"),
    path("taxonomy_terms", api.taxonomy_term_list, name="taxonomy_terms"),
    path("taxonomy_terms/<str:term_id>", api.taxonomy_term_detail, name="taxonomy_term"),
]
