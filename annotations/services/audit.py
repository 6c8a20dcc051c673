"""The audit trail: one event per change, written in the change's own transaction."""

import json

from django.contrib.auth.models import AbstractBaseUser
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone

from annotations.models import AuditEvent, Workspace
from annotations.services.bulk import copy_rows

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
    event = audit_event(workspace_id=None, actor=actor, action=action, obj=obj, before=before, after=after)
    event.workspace = workspace
    event.save()
    return event


def audit_event(
    *,
    workspace_id: int | None,
    actor: AbstractBaseUser | None,
    action: str,
    obj: models.Model,
    before: dict | None = None,
    after: dict | None = None,
) -> AuditEvent:
    """Return one audit event, unsaved, for a bulk change that writes its events with one bulk_create."""
    return AuditEvent(
        workspace_id=workspace_id,
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        object_type=obj._meta.model_name,
        object_id=str(obj.pk),
        before=before,
        after=after,
    )


AUDIT_COLUMNS = ("workspace", "actor", "action", "object_type", "object_id", "before", "after", "created")


def _stored_json(value: dict | None) -> dict | None:
    """Return the value as the event's JSON fields store it (their DjangoJSONEncoder: dates as strings)."""
    return None if value is None else json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def audit_events_write(events: list[AuditEvent]) -> None:
    """Write many unsaved events (audit_event) with one COPY, for a bulk change; call it in the change's transaction.

    The rows are the ones audit_record writes, one event per change, stamped with this moment.
    """
    now = timezone.now()
    copy_rows(AuditEvent, AUDIT_COLUMNS, (
        (e.workspace_id, e.actor_id, e.action, e.object_type, e.object_id, _stored_json(e.before),
         _stored_json(e.after), now)
        for e in events))
