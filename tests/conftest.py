"""Personas in the style of alice/bob/charlie: one workspace's reviewer, editor,
fact-checker and admin, and an outsider who belongs to another workspace."""

import pytest
from rest_framework.test import APIClient

from annotations import services
from annotations.models import Membership
from tests.factories import MembershipFactory, UserFactory


def pytest_configure(config):
    # Django's own advice for test suites: a deliberately slow password hash makes every user
    # a fixture creates cost a second of CPU here, and the suite tests no property of the hash.
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Tasks run in the test's process, after the commit: a test that wants an article analysed
    # runs the commit's callbacks (`django_capture_on_commit_callbacks(execute=True)`), and one
    # that checks the real queue switches to the database backend (tests/annotations/test_tasks.py).
    settings.TASKS = {"default": {"BACKEND": settings.TASK_BACKENDS["immediate"], "QUEUES": ["default"]}}


@pytest.fixture
def workspace(db):
    return services.workspace_create(name="Daily Herald", slug="herald")


@pytest.fixture
def other_workspace(db):
    return services.workspace_create(name="Evening Post", slug="post")


def _member(workspace, role, username):
    return MembershipFactory(workspace=workspace, role=role, user=UserFactory(username=username)).user


@pytest.fixture
def reviewer(workspace):
    return _member(workspace, Membership.Role.REVIEWER, "rita")


@pytest.fixture
def editor(workspace):
    return _member(workspace, Membership.Role.EDITOR, "ed")


@pytest.fixture
def factchecker(workspace):
    return _member(workspace, Membership.Role.FACTCHECKER, "fay")


@pytest.fixture
def admin_member(workspace):
    return _member(workspace, Membership.Role.ADMIN, "ada")


@pytest.fixture
def outsider(other_workspace):
    return _member(other_workspace, Membership.Role.EDITOR, "otto")


def _logged_in(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def reviewer_client(client, reviewer):
    return _logged_in(client, reviewer)


@pytest.fixture
def editor_client(client, editor):
    return _logged_in(client, editor)


@pytest.fixture
def outsider_client(client, outsider):
    return _logged_in(client, outsider)


@pytest.fixture
def api_client():
    return APIClient()
