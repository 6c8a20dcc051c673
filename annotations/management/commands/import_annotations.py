"""Import W3C Web Annotations or Hypothesis's JSON (a file, or standard input) onto an article as a user's drafts.

    manage.py import_annotations --article ID --user USERNAME FILE
"""

import json
import sys

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from annotations import services
from annotations.models import Annotation, Article, Evidence
from annotations.services.bulk import tables_analyse


class Command(BaseCommand):
    help = "Import W3C Web Annotations or Hypothesis's JSON export onto an article as drafts of a user."

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", nargs="?", metavar="FILE", help="A JSON(-LD) file; - or nothing for stdin.")
        parser.add_argument("--article", metavar="ID", help="Id of the article to anchor on.")
        parser.add_argument("--user", metavar="USERNAME", help="Who the drafts belong to (a reviewer, editor or "
                                                               "admin of the article's workspace).")

    def handle(self, *args, file, article, user, **options) -> None:
        if not (article and article.isdigit()):
            raise CommandError("--article: give an article's id, a positive whole number.")
        if not user:
            raise CommandError("--user: give the username the drafts belong to.")
        try:
            if file in (None, "-"):
                data = json.load(sys.stdin)
            else:
                with open(file, encoding="utf-8") as handle:
                    data = json.load(handle)
        except OSError as error:
            raise CommandError(f"{file}: {error.strerror}.") from None
        except ValueError as error:
            raise CommandError(f"{file or 'stdin'}: not JSON ({error}).") from None
        target = Article.objects.select_related("workspace").filter(pk=int(article)).first()
        if target is None:
            raise CommandError(f"--article: no article {article}.")
        by = get_user_model().objects.filter(**{get_user_model().USERNAME_FIELD: user}).first()
        if by is None:
            raise CommandError(f"--user: no user “{user}”.")
        try:
            result = services.webannotation_import(article=target, data=data, by=by)
        except ValidationError as error:
            raise CommandError(" ".join(f"{field}: {' '.join(messages)}"
                                        for field, messages in error.message_dict.items())) from None
        if result.created:
            # Statistics on the rows just stored, before the review page plans its queries on them.
            tables_analyse(Annotation, Annotation.tags.through, Evidence)
        self.stdout.write(f"Created {len(result.created)} draft annotation{'s' * (len(result.created) != 1)}.")
        for report in result.anchored:
            if report["how"] == "fuzzy":
                self.stdout.write(f"  #{report['index']} {report['id'] or ''}: anchored approximately "
                                  f"({report['errors']} edit{'s' * (report['errors'] != 1)} from its quote) as annotation {report['annotation']}; "
                                  "check its span.")
        for report in result.unanchored + result.skipped:
            self.stdout.write(f"  #{report['index']} {report['id'] or ''}: {report['reason']}")
