"""The audit trail: one event per change, written in the change's own transaction."""

from django.contrib.auth.models import AbstractBaseUser
from django.db import models

from annotations.models import AuditEvent, Workspace

# Fields an audit snapshot leaves out: whole article texts belong in the article, not in every event;
# the search columns are generated from the others.
AUDIT_SKIP_FIELDS = {"raw_text", "clean_text", "search", "search_config"}


def audit_snapshot(obj: models.Model) -> dict:
    """Return the object's concrete field values, as stored, for an audit event."""
    return {
        field.attname: field.value_from_object(obj)
        for field in obj._meta.concrete_fields
        if field.attname not in AUDIT_SKIP_FIELDS
    }


def audit_record(
    *,
    workspace: Workspace | None,
    actor: AbstractBaseUser | None,
    action: str,
    obj: models.Model,
    before: dict | None = None,
    after: dict | None = None,
) -> AuditEvent:
    """Write one audit event; call it inside the transaction of the change it records."""
    return AuditEvent.objects.create(
        workspace=workspace,
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        object_type=obj._meta.model_name,
        object_id=str(obj.pk),
        before=before,
        after=after,
    )
