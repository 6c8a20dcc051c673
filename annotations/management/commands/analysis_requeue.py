"""Queue again the analysis of articles that no live task will finish (a worker died, a lost enqueue)."""

from datetime import timedelta

from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = (
        "Queue again the articles left queued or analysing with no task to finish them. Run it before "
        "starting a worker, with that worker's --worker-id: whatever it was running when it died is redone."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--worker-id", help="the id of a worker about to start; its unfinished tasks are redone")
        parser.add_argument("--stale-minutes", type=int, default=30,
                            help="a task running longer than this is taken for dead (default: %(default)s)")

    def handle(self, *, worker_id: str | None, stale_minutes: int, **options) -> None:
        from annotations.services.analysis import analysis_requeue_abandoned

        count = analysis_requeue_abandoned(worker_id=worker_id, stale_after=timedelta(minutes=stale_minutes))
        self.stdout.write(f"Queued {count:,} article(s) for analysis again." if count else "Nothing to queue again.")
