"""Export a workspace's reviewed work from the shell, as the API and the download links do.

    manage.py export --format {claimreview,webannotation,csv,jsonl} --workspace SLUG
                     [--since TIME] [--article ID] [--all-states] [--out FILE] [--base-url URL]

The shell reads the whole workspace: approved work by default, every state
(drafts included) with --all-states. A progress bar goes to stderr when stderr
is a terminal.
"""

import sys
from collections.abc import Iterable, Iterator

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import URLValidator
from django.http import Http404

from annotations import selectors
from annotations.exports import FORMAT_UNKNOWN, FORMATS, parse_since
from annotations.exports.stream import chunked, export_context, export_text
from annotations.selectors.exports import NO_ARTICLE


class Command(BaseCommand):
    help = "Export a workspace's approved annotations as ClaimReview, Web Annotation, CSV or JSON Lines."

    def add_arguments(self, parser) -> None:
        # Checked in handle(), not by argparse, so a mistake is one line and exit status 1.
        parser.add_argument("--format", dest="fmt", metavar="{" + ",".join(FORMATS) + "}", help="Export format.")
        parser.add_argument("--workspace", metavar="SLUG", help="Slug of the workspace to export.")
        parser.add_argument("--since", metavar="TIME",
                            help="Only work approved (with --all-states: changed) since this ISO 8601 time or date.")
        parser.add_argument("--article", metavar="ID", help="Only this article's annotations.")
        parser.add_argument("--all-states", action="store_true", help="Every state as it is now, drafts included.")
        parser.add_argument("--out", metavar="FILE", help="Write to this file instead of standard output.")
        parser.add_argument("--base-url", default="http://localhost:8000", metavar="URL",
                            help="Axis's public address, for the links in the export (default %(default)s).")

    def handle(self, *args, fmt, workspace, since, article, all_states, out, base_url, **options) -> None:
        if not fmt or fmt not in FORMATS:
            raise CommandError("--format: " + FORMAT_UNKNOWN.format(", ".join(FORMATS)))
        if not workspace:
            raise CommandError("--workspace: give the slug of the workspace to export.")
        try:
            since = parse_since(since) if since else None
        except ValueError as error:
            raise CommandError(f"--since: {error}") from None
        if article is not None and not (article.isdigit() and 0 < int(article) < 2**63):
            raise CommandError("--article: give an article's id, a positive whole number.")
        base_url = base_url.rstrip("/")
        try:
            URLValidator(schemes=["http", "https"])(base_url)
        except ValidationError:
            raise CommandError("--base-url: give an http:// or https:// address, e.g. https://axis.example.org.")
        try:
            scope = selectors.export_scope(workspace_slug=workspace, all_states=all_states,
                                           article_id=int(article) if article else None, since=since)
        except Http404 as error:
            if str(error) == NO_ARTICLE:
                raise CommandError(f"--article: no article {article} in the workspace “{workspace}”.") from None
            raise CommandError(f"--workspace: no workspace with the slug “{workspace}”.") from None
        export_format = FORMATS[fmt]
        context = export_context(scope=scope, absolute=lambda path: base_url + path)
        counted = _Counter()
        progress = self._progress(scope, export_format)
        pieces = chunked(export_text(fmt=export_format, scope=scope, context=context,
                                     progress=lambda records: progress(counted(records))))
        if out is None:
            for piece in pieces:
                self.stdout.write(piece, ending="")
            return
        try:
            with open(out, "w", encoding="utf-8", newline="") as file:
                file.writelines(pieces)
        except OSError as error:
            raise CommandError(f"--out: cannot write {out}: {error.strerror}.") from None
        self.stdout.write(f"Wrote {counted.count:,} {export_format.label} record{'s' * (counted.count != 1)} "
                          f"to {out}.")

    def _progress(self, scope, export_format):
        """Return a wrapper that draws a progress bar on stderr when stderr is a terminal, else does nothing."""
        if not self.stderr.isatty():
            return lambda records: records
        from tqdm import tqdm

        total = selectors.export_count(scope=scope, verdicts_only=export_format.verdicts_only)
        # tqdm writes carriage returns; Django's OutputWrapper would add a newline to each write.
        stream = getattr(self.stderr, "_out", sys.stderr)
        return lambda records: tqdm(records, total=total, file=stream, unit=" annotations", leave=False)


class _Counter:
    """Counts the records that pass through it."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, records: Iterable) -> Iterator:
        for record in records:
            self.count += 1
            yield record
