"""`manage.py export`: the same exports from the shell, and its errors."""

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from annotations import services
from tests.factories import ArticleFactory, ClaimFactory

ROOT = Path(__file__).resolve().parents[2]


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def run(*args: str, stderr=None) -> tuple[str, str]:
    out, err = io.StringIO(), stderr or io.StringIO()
    call_command("export", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def work(workspace, reviewer, editor):
    """One approved annotation with a verdict, one submitted, one draft."""
    article = ArticleFactory(workspace=workspace, title="Flood budget")
    claim = ClaimFactory(article=article, ordinal=0)
    verdict = workspace.ratings.get(name="False")
    approved = services.annotation_create(article=article, by=reviewer, claim=claim, verdict=verdict, note="=1+1")
    services.annotation_submit(annotation=approved, by=reviewer)
    services.annotation_decide(annotation=approved, version=approved.version, by=editor, decision="approve")
    submitted = services.annotation_create(article=article, by=reviewer, start=0, end=3, note="submitted")
    services.annotation_submit(annotation=submitted, by=reviewer)
    draft = services.annotation_create(article=article, by=reviewer, start=4, end=11, note="draft")
    return {"article": article, "approved": approved, "submitted": submitted, "draft": draft}


@pytest.mark.django_db
def test_export_writes_csv_of_approved_work_to_stdout(work):
    out, err = run("--format", "csv", "--workspace", "herald")
    assert out.startswith("\ufeffannotation_id,")
    rows = list(csv.DictReader(io.StringIO(out.removeprefix("\ufeff"))))
    assert [int(r["annotation_id"]) for r in rows] == [work["approved"].pk]
    assert rows[0]["note"] == "'=1+1" and rows[0]["verdict"] == "False"
    # No terminal, no progress bar.
    assert err == ""


@pytest.mark.django_db
def test_all_states_from_the_shell_includes_drafts(work):
    out, _ = run("--format", "jsonl", "--workspace", "herald", "--all-states")
    assert {json.loads(line)["note"] for line in out.splitlines()} == {"=1+1", "submitted", "draft"}


@pytest.mark.django_db
def test_export_writes_to_a_file_and_says_so(work, tmp_path):
    target = tmp_path / "reviews.jsonld"
    out, _ = run("--format", "claimreview", "--workspace", "herald", "--out", str(target),
                 "--base-url", "https://axis.example.org/")
    (review,) = json.loads(target.read_text(encoding="utf-8"))
    # Not published: no url (a sign-in page is no place for a fact check), and no public list to name.
    assert "url" not in review and review["author"] == {"@type": "Organization", "name": "Daily Herald"}
    assert out == f"Wrote 1 ClaimReview (JSON-LD) record to {target}.\n"


@pytest.mark.django_db
def test_a_published_review_links_its_public_page_at_the_base_url(work, workspace, editor, admin_member):
    services.workspace_publishing_set(workspace=workspace, enabled=True, by=admin_member)
    publication = services.publication_publish(annotation=work["approved"], by=editor)
    out, _ = run("--format", "claimreview", "--workspace", "herald", "--base-url", "https://axis.example.org")
    (review,) = json.loads(out)
    assert review["url"] == f"https://axis.example.org/checks/herald/{publication.public_id}/"
    assert review["author"]["url"] == "https://axis.example.org/checks/herald/"


@pytest.mark.django_db
def test_a_csv_file_starts_with_a_byte_order_mark(work, tmp_path):
    target = tmp_path / "work.csv"
    run("--format", "csv", "--workspace", "herald", "--out", str(target))
    assert target.read_bytes().startswith(b"\xef\xbb\xbfannotation_id,")


@pytest.mark.django_db
def test_web_annotation_links_name_the_api_collection(work):
    out, _ = run("--format", "webannotation", "--workspace", "herald", "--article", str(work["article"].pk),
                 "--base-url", "https://axis.example.org")
    collection = json.loads(out)["@graph"][-1]
    assert collection["id"] == ("https://axis.example.org/api/v1/exports/webannotation/"
                                f"?workspace=herald&article={work['article'].pk}")


@pytest.mark.django_db
def test_a_terminal_gets_a_progress_bar_on_stderr_only(work):
    out, err = run("--format", "csv", "--workspace", "herald", stderr=Terminal())
    assert "annotations" in err and "annotation_id" not in err
    assert "annotation_id" in out


@pytest.mark.django_db
@pytest.mark.parametrize("args,message", [
    (["--format", "csv", "--workspace", "nowhere"], "--workspace: no workspace with the slug “nowhere”."),
    (["--format", "csv"], "--workspace: give the slug of the workspace to export."),
    (["--format", "pdf", "--workspace", "herald"], "--format: Choose one of: claimreview, webannotation, csv, jsonl."),
    (["--workspace", "herald"], "--format: Choose one of: claimreview, webannotation, csv, jsonl."),
    (["--format", "csv", "--workspace", "herald", "--since", "last week"], "--since: Enter a date or an ISO 8601"),
    (["--format", "csv", "--workspace", "herald", "--article", "x"], "--article: give an article's id"),
    (["--format", "csv", "--workspace", "herald", "--article", "999999"], "--article: no article 999999"),
    (["--format", "csv", "--workspace", "herald", "--base-url", "ftp://x"], "--base-url: give an http://"),
])
def test_bad_arguments_are_one_line_command_errors(workspace, args, message):
    with pytest.raises(CommandError) as error:
        run(*args)
    assert str(error.value).startswith(message)
    assert "\n" not in str(error.value)


@pytest.mark.django_db
def test_an_unwritable_out_file_is_a_command_error(work, tmp_path):
    with pytest.raises(CommandError, match="--out: cannot write"):
        run("--format", "csv", "--workspace", "herald", "--out", str(tmp_path / "missing" / "x.csv"))


def test_from_the_shell_a_bad_format_exits_1_with_one_line(tmp_path):
    # Checked before the database is touched, so this runs without one.
    done = subprocess.run([sys.executable, "manage.py", "export", "--format", "pdf", "--workspace", "herald"],
                          cwd=ROOT, capture_output=True, text=True,
                          env={"DEBUG": "1", "PATH": "/usr/bin:/bin", "AXIS_STATE_DIR": str(tmp_path)})
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [
        "CommandError: --format: Choose one of: claimreview, webannotation, csv, jsonl."]
    assert done.stdout == ""
