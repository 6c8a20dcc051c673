"""Reads for the signed-in person's own settings."""

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import QuerySet
from knox.models import AuthToken


def token_list_for_user(*, user: AbstractBaseUser) -> QuerySet[AuthToken]:
    """Return the user's API tokens, newest first."""
    return AuthToken.objects.filter(user=user).order_by("-created")
