"""Property-based fuzzing of the whole API against its own OpenAPI schema (schemathesis)."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from annotations import services
from annotations.models import Membership
from axis.wsgi import application
from tests.factories import ARTICLE_TEXT, MembershipFactory

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]

# Loading the schema is one anonymous GET through the app, which reads no table.
schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)


@pytest.fixture
def keep_connection():
    """Keep the test's connection open across requests, as Django's test client does."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def api_token(workspace, reviewer, keep_connection, django_capture_on_commit_callbacks):
    admin = MembershipFactory(workspace=workspace, role=Membership.Role.ADMIN).user
    with django_capture_on_commit_callbacks(execute=True):  # the analysis runs once the article is committed
        article, _ = services.article_create(workspace=workspace, raw_text=ARTICLE_TEXT, by=admin)
    article.refresh_from_db()
    annotation = services.annotation_create(article=article, claim=article.claims.first(), by=reviewer, note="x")
    services.annotation_submit(annotation=annotation, by=reviewer)
    return services.token_create(user=admin)[1]


@pytest.mark.django_db
@schema.parametrize()
@settings(max_examples=12, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.function_scoped_fixture])
def test_api_answers_no_500_and_nothing_the_schema_does_not_promise(case, api_token):
    # schemathesis sends requests' Accept-Encoding (gzip) but does not unpack a WSGI answer.
    case.call_and_validate(headers={"Authorization": f"Token {api_token}", "Accept-Encoding": "identity"},
                           checks=CHECKS)
