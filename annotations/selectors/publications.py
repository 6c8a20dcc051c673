"""Reads for public fact checks: only published, approved verdicts of workspaces that publish, as approved.

Every read goes through the export's query in its default mode, so a public
page shows exactly what the ClaimReview export says of the same review: the
version an editor approved, never a draft or an edit under review.
"""

import uuid

from django.db.models import F
from django.http import Http404

from annotations.exports.records import ExportRecord
from annotations.models import Annotation, Publication, Workspace
from annotations.selectors.exports import ExportScope, annotations_for_export, export_records

NO_PUBLIC_CHECK = "No such fact check."


def public_workspace_get(*, slug: str) -> Workspace:
    """Return the workspace when it publishes fact checks; else 404, as for one that does not exist (one query)."""
    workspace = Workspace.objects.filter(slug=slug, publish_fact_checks=True).first()
    if workspace is None:
        raise Http404(NO_PUBLIC_CHECK)
    return workspace


def public_check_get(*, workspace: Workspace, public_id: uuid.UUID) -> ExportRecord:
    """Return the published fact check with this public id, as approved, or raise Http404 (one query)."""
    rows = (annotations_for_export(scope=ExportScope(workspace=workspace), verdicts_only=True, speaker=True,
                                   public=True)
            .filter(publication__published=True, publication__public_id=public_id))
    record = next(export_records(rows[:1], all_states=False), None)
    if record is None:
        raise Http404(NO_PUBLIC_CHECK)
    return record


def public_check_list(*, workspace: Workspace):
    """Return the workspace's published fact checks as value rows, newest first, for `export_records` (lazy)."""
    return (annotations_for_export(scope=ExportScope(workspace=workspace), speaker=True, public=True)
            .filter(publication__published=True, verdict_name__isnull=False)
            .order_by(F("public_since").desc(), "-id"))


def publication_for_annotation(*, annotation: Annotation) -> Publication | None:
    """Return the annotation's publication, published or not, or None (one query)."""
    return Publication.objects.filter(annotation=annotation).first()
