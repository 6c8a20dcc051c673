"""Run the text pipeline on a file; print a report or JSON, and optionally store the article."""

import json as jsonlib
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from annotations.nlp import analyze


def read_article(path: Path, *, limit: int | None = None) -> str:
    """Return the file's text, or raise CommandError with one line naming the problem."""
    if not path.exists():
        raise CommandError(f"{path}: no such file")
    if path.is_dir():
        raise CommandError(f"{path}: is a directory, not an article file")
    data = path.read_bytes()
    if limit is not None and len(data) > limit:
        raise CommandError(f"{path}: larger than the {limit:,}-byte limit")
    if b"\x00" in data:
        raise CommandError(f"{path}: binary file, not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CommandError(f"{path}: not UTF-8 text (byte {exc.start})") from None
    if not text.strip():
        raise CommandError(f"{path}: the file is empty")
    return text


def content_type_for(path: Path) -> str | None:
    return "text/html" if path.suffix.lower() in {".html", ".htm"} else None


class Command(BaseCommand):
    help = "Analyse an article file: claims with check-worthiness, quotes with their speakers."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument("--json", action="store_true", help="print one JSON object")
        parser.add_argument("--save", action="store_true", help="store the article in a workspace")
        parser.add_argument("--workspace", metavar="SLUG", help="the workspace to store it in (with --save)")

    def handle(self, *args, path: Path, json: bool, save: bool, workspace: str | None, **options) -> None:
        if save and not workspace:
            raise CommandError("--save needs --workspace SLUG")
        text = read_article(path)
        if save:
            self._save(text, path, workspace)
            return
        analysis = analyze(text, content_type=content_type_for(path))
        if json:
            self.stdout.write(_dumps(analysis.to_dict()))
        else:
            self._report(analysis)

    def _save(self, text: str, path: Path, slug: str) -> None:
        from annotations import services
        from annotations.models import Workspace

        workspace = Workspace.objects.filter(slug=slug).first()
        if workspace is None:
            raise CommandError(f"no workspace with the slug {slug!r}")
        try:
            article, created = services.article_create(
                workspace=workspace, raw_text=text, by=None, content_type=content_type_for(path), analyse=False
            )
        except ValidationError as exc:
            raise CommandError(f"{path}: {' '.join(exc.messages)}") from None
        if created:
            # The command waits for its analysis instead of leaving it to the worker.
            article = services.article_analyse(article=article, content_type=content_type_for(path), title_given=False)
        if not created:
            self.stdout.write(f"Already in {workspace.slug}: article {article.pk} “{article.title}”")
        elif article.status == article.Status.FAILED:
            raise CommandError(f"{path}: analysis failed: {article.analysis_error}")
        else:
            self.stdout.write(
                f"Stored article {article.pk} “{article.title}” in {workspace.slug}: "
                f"{article.claims.count()} claims, {article.quotes.count()} quotes"
            )

    def _report(self, analysis) -> None:
        out = self.stdout
        out.write(analysis.title or "(no title)")
        if analysis.byline:
            out.write(f"By {analysis.byline}")
        out.write(f"\nClaims ({len(analysis.claims)}), check-worthiness first:")
        for claim in sorted(analysis.claims, key=lambda c: -c.checkworthiness):
            reasons = f"  [{', '.join(claim.reasons)}]" if claim.reasons else ""
            out.write(f"  {claim.checkworthiness:.2f}  {claim.text}{reasons}")
        out.write(f"\nQuotes ({len(analysis.quotes)}):")
        for quote in analysis.quotes:
            speaker = ", ".join(p for p in (quote.speaker.name, quote.speaker.role, quote.speaker.organization) if p)
            out.write(f"  [{quote.kind}] {speaker}: “{quote.text}”")


def _dumps(value) -> str:
    return jsonlib.dumps(value, ensure_ascii=False)
