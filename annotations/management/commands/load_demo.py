"""Load the demo newsroom: three users and the demo article. Running it twice creates nothing twice."""

import os
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

from annotations import services
from annotations.models import Membership, Workspace
from axis.env import local_secret

DEMO_ARTICLE = Path(__file__).resolve().parents[2] / "demo" / "cracks-in-the-axis.txt"
DEMO_WORKSPACE = ("Demo newsroom", "demo")
DEMO_USERS = [
    ("reviewer", Membership.Role.REVIEWER),
    ("editor", Membership.Role.EDITOR),
    ("factchecker", Membership.Role.FACTCHECKER),
]


class Command(BaseCommand):
    help = "Create the demo newsroom, its users and the demo article, and print the sign-ins."

    def handle(self, *args, **options) -> None:
        password = os.environ.get("AXIS_DEMO_PASSWORD") or local_secret(settings.STATE_DIR / "demo_password")
        with transaction.atomic():
            workspace = Workspace.objects.filter(slug=DEMO_WORKSPACE[1]).first()
            if workspace is None:
                workspace = services.workspace_create(name=DEMO_WORKSPACE[0], slug=DEMO_WORKSPACE[1])
            users = get_user_model().objects
            for username, role in DEMO_USERS:
                user, created = users.get_or_create(username=username)
                if created or not user.check_password(password):
                    user.set_password(password)
                    user.save(update_fields=["password"])
                services.membership_set(workspace=workspace, user=user, role=role)
        article, created = services.article_create(
            workspace=workspace, raw_text=DEMO_ARTICLE.read_text(encoding="utf-8"), by=None, analyse=False
        )
        if article.status != article.Status.READY:
            # Analysed here rather than by the worker, so the demo is ready the moment the server is.
            article = services.article_analyse(article=article)
        verb = "Loaded" if created else "Found"
        self.stdout.write(f"{verb} the demo article “{article.title}” ({article.get_status_display().lower()}).")
        self.stdout.write("Demo sign-ins (password: %s):" % password)
        for username, role in DEMO_USERS:
            self.stdout.write(f"  {username:<12} {role.label}")
