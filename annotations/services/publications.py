"""Public fact checks: a workspace's switch, and an editor publishing or withdrawing an approved verdict.

What a public page shows is the version an editor approved (`approved_snapshot`),
never the annotation as it is being edited; selectors/publications.py reads it.
A later version, once an editor approves it, replaces the published one on the
same page (approving is an editor's word too); one approved without a verdict
takes the page down, as there is nothing left to rate.
"""

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from annotations import access
from annotations.models import Annotation, Publication, Role, Workspace
from annotations.services.audit import audit_record, audit_snapshot
from annotations.services.workspaces import _require_admin

ONLY_EDITORS_PUBLISH = "Only an editor or admin can publish or unpublish a fact check."
PUBLISHING_OFF = "Publishing fact checks is switched off for this workspace; an admin can switch it on in its settings."
NOT_APPROVED = "Only an approved verdict can be published."
NOT_PUBLISHED = "This fact check is not published."


@transaction.atomic
def workspace_publishing_set(*, workspace: Workspace, enabled: bool, by: AbstractBaseUser) -> Workspace:
    """Switch the workspace's public fact-check pages on or off, as a workspace admin.

    Off hides every page at once (each stays published, and shows again when switched back on).
    """
    _require_admin(workspace=workspace, by=by)
    workspace = Workspace.objects.select_for_update().get(pk=workspace.pk)
    if workspace.publish_fact_checks == enabled:
        return workspace
    workspace.publish_fact_checks = enabled
    workspace.save(update_fields=["publish_fact_checks"])
    audit_record(workspace=workspace, actor=by, action="workspace.publishing", obj=workspace,
                 before={"publish_fact_checks": not enabled}, after={"publish_fact_checks": enabled})
    return workspace


def _check_editor(*, annotation: Annotation, by: AbstractBaseUser) -> None:
    access.membership_check(user=by, workspace_id=annotation.article.workspace_id, may=Role.REVIEWING,
                            field="publication", message=ONLY_EDITORS_PUBLISH)


@transaction.atomic
def publication_publish(*, annotation: Annotation, by: AbstractBaseUser) -> Publication:
    """Give an approved verdict its public page, or bring back the one it had; an editor's or admin's call."""
    annotation = Annotation.objects.select_for_update().select_related("article__workspace").get(pk=annotation.pk)
    _check_editor(annotation=annotation, by=by)
    if not annotation.article.workspace.publish_fact_checks:
        raise ValidationError({"publication": PUBLISHING_OFF})
    # The approved version is what the page shows: it must exist and carry a verdict.
    if not (annotation.approved_snapshot or {}).get("verdict"):
        raise ValidationError({"publication": NOT_APPROVED})
    publication = Publication.objects.filter(annotation=annotation).first()
    before = audit_snapshot(publication) if publication else None
    if publication is None:
        publication = Publication(annotation=annotation)
    elif publication.published:
        return publication
    publication.published, publication.published_by, publication.published_at = True, by, timezone.now()
    publication.save()
    audit_record(workspace=annotation.article.workspace, actor=by, action="publication.publish", obj=publication,
                 before=before, after=audit_snapshot(publication))
    return publication


@transaction.atomic
def publication_unpublish(*, annotation: Annotation, by: AbstractBaseUser) -> Publication:
    """Take a published fact check's page down; its address answers 404 until it is published again."""
    annotation = Annotation.objects.select_related("article__workspace").get(pk=annotation.pk)
    _check_editor(annotation=annotation, by=by)
    publication = Publication.objects.select_for_update().filter(annotation=annotation, published=True).first()
    if publication is None:
        raise ValidationError({"publication": NOT_PUBLISHED})
    before = audit_snapshot(publication)
    publication.published = False
    publication.save(update_fields=["published", "updated"])
    audit_record(workspace=annotation.article.workspace, actor=by, action="publication.unpublish", obj=publication,
                 before=before, after=audit_snapshot(publication))
    return publication
