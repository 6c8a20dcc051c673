"""Import a folder of .txt/.html files or a JSON Lines file into a workspace, in batches."""

import json
import sys
from collections.abc import Iterator
from datetime import date, datetime
from itertools import islice
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

FILE_SUFFIXES = {".txt": None, ".html": "text/html", ".htm": "text/html"}
JSON_FIELDS = {"text", "title", "url", "author", "published"}


class BadRecord(Exception):
    """A record that cannot become an article; its message says why."""


def _published(value) -> date | None:
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise BadRecord("published: give a date as YYYY-MM-DD")
    try:
        return date.fromisoformat(value)
    except ValueError:
        pass
    try:
        return datetime.fromisoformat(value).date()
    except ValueError:
        raise BadRecord(f"published: {value!r} is not a date (YYYY-MM-DD)") from None


def _text_field(data: dict, name: str) -> str:
    value = data.get(name) or ""
    if not isinstance(value, str):
        raise BadRecord(f"{name}: must be a string")
    return value


class Command(BaseCommand):
    help = (
        "Import articles from a folder of .txt/.html files or a JSON Lines file (one object a line: "
        "text, title, url, author, published). Texts already in the workspace are skipped, so an "
        "interrupted import finishes when run again."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument("--workspace", required=True, help="slug of the workspace to import into")
        parser.add_argument("--batch-size", type=int, default=100, help="articles stored per transaction")
        parser.add_argument("--now", action="store_true",
                            help="analyse in this process instead of queueing tasks for the workers")

    def handle(self, *, path: Path, workspace: str, batch_size: int, now: bool, **options) -> None:
        from annotations.models import Workspace

        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1")
        target = Workspace.objects.filter(slug=workspace).first()
        if target is None:
            raise CommandError(f"no workspace with the slug {workspace!r}")
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in FILE_SUFFIXES)
            total, records = len(files), self._files(path, files)
        elif path.is_file():
            with path.open("rb") as counted:
                total = sum(1 for line in counted if line.strip())
            records = self._lines(path)
        else:
            raise CommandError(f"{path}: no such file or folder")

        self.added = self.skipped = self.failed = 0
        self.outcome: dict[str, int] = {}
        # tqdm draws on a terminal only (disable=None); the bar shows the rate and the time left.
        progress = tqdm(total=total, unit="article", file=sys.stderr, disable=None, dynamic_ncols=True)
        try:
            while batch := list(islice(records, batch_size)):
                self._store(target, batch, now=now)
                progress.update(len(batch))
                progress.set_postfix(added=self.added, skipped=self.skipped, failed=self.failed, refresh=False)
        except KeyboardInterrupt:
            progress.close()
            self._summary(now)
            raise CommandError("Interrupted: the batches above are stored; run the same command again to "
                               "import the rest.", returncode=130) from None
        progress.close()
        self._analyse_tables()
        self._summary(now)

    def _analyse_tables(self) -> None:
        """Give the planner statistics on the rows just stored (claims and quotes too, with --now)."""
        from annotations.models import Article, Claim, Quote, Source
        from annotations.services.bulk import tables_analyse

        if self.added:
            tables_analyse(Article, Claim, Quote, Source)

    def _store(self, workspace, batch: list, *, now: bool) -> None:
        from annotations.services.analysis import analysis_enqueue
        from annotations.services.imports_bulk import article_import_batch
        from annotations.tasks import articles_analyse

        good, bad = [], []
        for item in batch:
            (bad if isinstance(item, tuple) else good).append(item)
        result = article_import_batch(workspace=workspace, records=good, queue_analysis=not now)
        # Reported in the order of the input, whichever step refused them.
        position = {item[0] if isinstance(item, tuple) else item.origin: i for i, item in enumerate(batch)}
        for origin, reason in sorted(bad + result.failed, key=lambda failure: position[failure[0]]):
            self._bad(origin, reason)
        self.added += len(result.added)
        self.skipped += result.skipped
        if now:
            # Inline, the same task function a worker runs; one transaction per article.
            ids = result.added + result.unfinished
            for state, count in articles_analyse.call(article_ids=ids).items():
                self.outcome[state] = self.outcome.get(state, 0) + count
        elif result.unfinished:
            # Stored by a run that stopped before its analysis was queued.
            analysis_enqueue(article_ids=result.unfinished)

    def _bad(self, origin: str, reason: str) -> None:
        self.failed += 1
        with tqdm.external_write_mode(file=sys.stderr):
            self.stderr.write(f"{origin}: {reason}")

    def _summary(self, now: bool) -> None:
        self.stdout.write(f"Added {self.added:,}, skipped {self.skipped:,} already present, failed {self.failed:,}.")
        if now:
            done = ", ".join(f"{count:,} {state}" for state, count in sorted(self.outcome.items()))
            self.stdout.write(f"Analysed: {done or 'nothing to analyse'}.")
        elif self.added:
            self.stdout.write("Analysis is queued: `manage.py db_worker` runs it.")

    def _files(self, root: Path, files: list[Path]) -> Iterator:
        """Yield an ImportRecord per file, or (file, reason) for one that cannot be read."""
        from annotations.services.imports_bulk import ImportRecord

        limit = settings.AXIS_MAX_UPLOAD_BYTES
        for path in files:
            origin = str(path.relative_to(root))
            try:
                if path.stat().st_size > limit:
                    raise BadRecord(f"larger than {limit:,} bytes")
                text = path.read_text(encoding="utf-8")
            except UnicodeDecodeError:
                yield origin, "not UTF-8 text"
                continue
            except (OSError, BadRecord) as exc:
                yield origin, str(exc)
                continue
            yield ImportRecord(origin=origin, text=text, content_type=FILE_SUFFIXES[path.suffix.lower()])

    def _lines(self, path: Path) -> Iterator:
        """Yield an ImportRecord per non-empty line, or (line N, reason) for a bad one."""
        from annotations.services.imports_bulk import ImportRecord

        limit = settings.AXIS_MAX_UPLOAD_BYTES
        with path.open("rb") as lines:
            for number, raw in enumerate(lines, start=1):
                if not raw.strip():
                    continue
                origin = f"{path.name} line {number}"
                try:
                    if len(raw) > limit:
                        raise BadRecord(f"larger than {limit:,} bytes")
                    try:
                        data = json.loads(raw)
                    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
                        raise BadRecord(f"not a JSON object ({exc})") from None
                    if not isinstance(data, dict):
                        raise BadRecord("not a JSON object")
                    unknown = set(data) - JSON_FIELDS
                    if unknown:
                        raise BadRecord(f"unknown field(s) {', '.join(sorted(unknown))}; "
                                        f"expected {', '.join(sorted(JSON_FIELDS))}")
                    record = ImportRecord(
                        origin=origin,
                        text=_text_field(data, "text"),
                        title=_text_field(data, "title"),
                        source_url=_text_field(data, "url"),
                        byline=_text_field(data, "author"),
                        published=_published(data.get("published")),
                    )
                except BadRecord as exc:
                    yield origin, str(exc)
                    continue
                yield record
