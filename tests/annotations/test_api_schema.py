"""The OpenAPI schema at /api/schema/: valid OpenAPI 3, and every operation, parameter and response described."""

import inspect

import pytest
from openapi_schema_validator import oas30_format_checker
from openapi_spec_validator import validate
from rest_framework.test import APIClient

from annotations.api import exceptions, exports, filters, pagination, schema, serializers, throttling, views
from tests.factories import ARTICLE_TEXT

pytestmark = pytest.mark.django_db

METHODS = {"get", "put", "post", "patch", "delete"}


@pytest.fixture
def openapi(client) -> dict:
    response = client.get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    return response.json()


def operations(openapi: dict):
    for path, item in openapi["paths"].items():
        for method, operation in item.items():
            if method in METHODS:
                yield f"{method.upper()} {path}", operation


def internal_docstrings() -> set[str]:
    """Return the docstrings of the API's classes, their methods and the module-level functions."""
    found = set()
    for module in [views, exports, serializers, filters, schema, pagination, throttling, exceptions]:
        for _, obj in inspect.getmembers(module, lambda o: inspect.isclass(o) or inspect.isfunction(o)):
            for cls in inspect.getmro(obj) if inspect.isclass(obj) else [obj]:
                found.update(inspect.cleandoc(doc) for doc in [cls.__doc__] if doc)
                for member in vars(cls).values() if inspect.isclass(cls) else []:
                    if inspect.isfunction(member) and member.__doc__:
                        found.add(inspect.cleandoc(member.__doc__))
    return found


def test_the_schema_passes_openapi_spec_validator(openapi):
    # Without an RFC 3986 checker installed, `format: uri` would not be checked at all.
    assert "uri" in oas30_format_checker.checkers
    validate(openapi)  # raises on the first error, e.g. '' is not a 'uri' for a default


def test_every_operation_has_a_summary_and_a_description_of_its_own(openapi):
    internal = internal_docstrings()
    assert any(doc.startswith("The caller's roles by workspace") for doc in internal)  # the check sees mixins
    missing, leaked = [], []
    for name, operation in operations(openapi):
        if not operation.get("summary", "").strip() or not operation.get("description", "").strip():
            missing.append(name)
        elif operation["description"].strip() in internal:
            leaked.append(name)
    assert missing == [] and leaked == []
    assert len(list(operations(openapi))) >= 27


def test_every_parameter_and_every_response_has_a_description(openapi):
    undescribed = []
    for name, operation in operations(openapi):
        undescribed += [f"{name} ?{p['name']}" for p in operation.get("parameters", [])
                        if not p.get("description", "").strip()]
        undescribed += [f"{name} -> {code}" for code, response in operation["responses"].items()
                        if not response.get("description", "").strip()]
    assert undescribed == []


def test_every_group_of_operations_is_described(openapi):
    described = {tag["name"] for tag in openapi["tags"] if tag.get("description")}
    used = {tag for _, operation in operations(openapi) for tag in operation["tags"]}
    assert used <= described


def test_a_filter_declared_by_type_keeps_its_help_text(openapi):
    parameters = {p["name"]: p for p in openapi["paths"]["/api/v1/claims/"]["get"]["parameters"]}
    assert parameters["article"]["schema"] == {"type": "integer"}
    assert parameters["article"]["description"] == filters.ARTICLE


def test_article_source_url_may_be_left_out_or_blank(admin_member, workspace):
    client = APIClient()
    client.force_authenticate(admin_member)
    without = client.post("/api/v1/articles/", {"workspace": workspace.slug, "text": ARTICLE_TEXT}, format="json")
    blank = client.post("/api/v1/articles/", {"workspace": workspace.slug, "text": ARTICLE_TEXT + " Again.",
                                              "source_url": ""}, format="json")
    assert (without.status_code, blank.status_code) == (201, 201)
    assert without.json()["source_url"] == blank.json()["source_url"] == ""
