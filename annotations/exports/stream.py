"""Run an export: the records of a scope through a format, as a streaming response or into a file."""

import uuid
from collections.abc import Callable, Iterable, Iterator
from urllib.parse import urlencode

from django.http import StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control

from annotations import selectors
from annotations.exports import STATES_ALL, ExportFormat
from annotations.exports.records import ExportContext
from annotations.selectors.exports import ExportScope

# Writes of about this size keep the per-chunk cost of WSGI and of files small without holding much.
CHUNK_CHARS = 64 * 1024
# Stands for the id in a reversed URL, which then becomes a template: reverse() per row would cost more.
_ID_SLOT = 9876543210
_PUBLIC_ID_SLOT = uuid.UUID(int=0)


def _url_template(absolute: Callable[[str], str], name: str) -> str:
    return absolute(reverse(name, args=[_ID_SLOT])).replace(str(_ID_SLOT), "{}")


def export_context(*, scope: ExportScope, absolute: Callable[[str], str]) -> ExportContext:
    """Return the links and rating scale of an export; `absolute` turns a path into an absolute URL.

    Reads the workspace's rating scale (one query).
    """
    query = {"workspace": scope.workspace.slug}
    if scope.article_id is not None:
        query["article"] = scope.article_id
    if scope.since is not None:
        query["since"] = scope.since.isoformat()
    if scope.all_states:
        query["states"] = STATES_ALL
    best, worst = selectors.rating_scale(workspace=scope.workspace)
    public_url = publisher_url = None
    if scope.workspace.publish_fact_checks:
        slug = scope.workspace.slug
        public_url = absolute(reverse("annotations:check-detail", args=[slug, _PUBLIC_ID_SLOT])).replace(
            str(_PUBLIC_ID_SLOT), "{}")
        publisher_url = absolute(reverse("annotations:check-list", args=[slug]))
    return ExportContext(
        workspace_name=scope.workspace.name,
        base_url=absolute("/").rstrip("/"),
        annotation_url=_url_template(absolute, "annotations:annotation-detail"),
        article_url=_url_template(absolute, "annotations:article-detail"),
        collection_url=f"{absolute(reverse('api:export-webannotation'))}?{urlencode(query)}",
        public_url=public_url,
        publisher_url=publisher_url,
        best_rating=best,
        worst_rating=worst,
    )


def export_text(*, fmt: ExportFormat, scope: ExportScope, context: ExportContext,
                progress: Callable[[Iterable], Iterable] | None = None) -> Iterator[str]:
    """Yield the export as text in pieces; `progress` may wrap the records (a progress bar)."""
    rows = selectors.annotations_for_export(scope=scope, verdicts_only=fmt.verdicts_only, speaker=fmt.speaker,
                                            context=fmt.context, public=fmt.public)
    records = selectors.export_records(rows, all_states=scope.all_states)
    return fmt.render(progress(records) if progress else records, context)


def chunked(pieces: Iterable[str], size: int = CHUNK_CHARS) -> Iterator[str]:
    """Join small pieces of text into chunks of about `size` characters."""
    buffer, length = [], 0
    for piece in pieces:
        buffer.append(piece)
        length += len(piece)
        if length >= size:
            yield "".join(buffer)
            buffer, length = [], 0
    if buffer:
        yield "".join(buffer)


def export_filename(*, fmt: ExportFormat, scope: ExportScope) -> str:
    """Return the download's file name, e.g. axis-herald-article-12-csv-2026-05-01.csv."""
    parts = ["axis", scope.workspace.slug]
    if scope.article_id is not None:
        parts += ["article", str(scope.article_id)]
    if scope.all_states:
        parts.append("all-states")
    parts += [fmt.name, timezone.localdate().isoformat()]
    return "-".join(parts) + "." + fmt.extension


def export_response(pieces: Iterable[str], *, media_type: str, filename: str) -> StreamingHttpResponse:
    """Return a streaming download of the text: its own content type, always an attachment, never cached."""
    response = StreamingHttpResponse(chunked(pieces), content_type=media_type)
    # Slugs are [-a-zA-Z0-9_], so the name needs no quoting beyond the quotes.
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    patch_cache_control(response, private=True, no_store=True)
    return response
