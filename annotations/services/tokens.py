"""Personal API tokens. django-rest-knox stores only a hash; the token itself is shown once."""

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from knox.models import AuthToken

from annotations import access
from annotations.services.audit import audit_record

TOKEN_NO_WORKSPACE = "You belong to no workspace, so a token would open nothing; an admin of your newsroom adds members."


@transaction.atomic
def token_create(*, user: AbstractBaseUser) -> tuple[AuthToken, str]:
    """Create a token for the user; return the row and the token text, which is never stored.

    A user with no workspace gets none, as removing their last membership revokes theirs.
    """
    if not access.membership_list(user=user).exists():
        raise ValidationError({"token": TOKEN_NO_WORKSPACE})
    instance, token = AuthToken.objects.create(user=user)
    audit_record(workspace=None, actor=user, action="token.create", obj=user,
                 after={"token_key": instance.token_key, "expiry": instance.expiry})
    return instance, token


@transaction.atomic
def token_revoke(*, user: AbstractBaseUser, token_key: str) -> bool:
    """Delete the user's token with this key; return whether there was one."""
    deleted, _ = AuthToken.objects.filter(user=user, token_key=token_key).delete()
    if deleted:
        audit_record(workspace=None, actor=user, action="token.revoke", obj=user, before={"token_key": token_key})
    return bool(deleted)


def tokens_revoke_unless_member(*, user: AbstractBaseUser, by: AbstractBaseUser | None = None) -> int:
    """Delete every token of a user who belongs to no workspace any more; return how many.

    A token is the user's, not a workspace's: while they belong to another workspace it keeps
    reading that one (each request computes access from current memberships), and once they
    belong to none it would only authenticate, so it goes.
    """
    if access.membership_list(user=user).exists():
        return 0
    keys = list(AuthToken.objects.filter(user=user).values_list("token_key", flat=True))
    deleted, _ = AuthToken.objects.filter(user=user).delete()
    for key in keys:
        audit_record(workspace=None, actor=by, action="token.revoke", obj=user, before={"token_key": key})
    return deleted
