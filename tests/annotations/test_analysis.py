"""An article's life: the moves of ARTICLE_TRANSITIONS, made by services/analysis.py and nothing else."""

import ast
import dataclasses
import re
from itertools import product
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django_tasks_db.models import DBTaskResult

from annotations.models import ARTICLE_TRANSITIONS, Article, ArticleEvent, ArticleStatus, AuditEvent, Claim
from annotations.services import analysis
from tests.annotations.test_tasks import database_tasks, run_worker
from tests.factories import ArticleFactory

PACKAGE = Path(analysis.__file__).resolve().parents[1]
REFUSED = [move for move in product(ArticleStatus.values, ArticleEvent.values) if move not in ARTICLE_TRANSITIONS]


def _article(workspace, status: str) -> Article:
    if status == ArticleStatus.READY:
        return ArticleFactory(workspace=workspace)
    return ArticleFactory(workspace=workspace, status=status, clean_text="", analysed_at=None)


def _apply(event: str, article: Article, *, by, callbacks) -> None:
    """Make the move through the service that makes it, committing as a request or a worker does."""
    with database_tasks(), callbacks(execute=True):
        if event == ArticleEvent.START:
            analysis.article_analysis_start(article_ids=[article.pk])
        elif event == ArticleEvent.FINISH:
            analysis.article_analyses_store([(article, analysis.article_text_analyse(article))])
        elif event == ArticleEvent.FAIL:
            analysis.article_analyses_store([(article, RuntimeError("the tokenizer fell over"))])
        elif event == ArticleEvent.RETRY:
            analysis.article_analysis_retry(article=article, by=by)
        else:
            analysis.analysis_requeue_abandoned()


def _row(article: Article) -> dict:
    return Article.objects.values().get(pk=article.pk)


@pytest.mark.parametrize(("move", "to"), ARTICLE_TRANSITIONS.items(), ids=lambda m: "-".join(m) if isinstance(m, tuple) else m)
def test_every_move_of_the_table_is_made_by_its_service(workspace, reviewer, move, to,
                                                        django_capture_on_commit_callbacks):
    status, event = move
    article = _article(workspace, status)
    assert analysis.article_status_after(status=status, event=event) == to
    _apply(event, article, by=reviewer, callbacks=django_capture_on_commit_callbacks)
    article.refresh_from_db()
    assert article.status == to
    if to == ArticleStatus.READY:
        assert article.claims.exists() and article.analysis_error == ""
    if to == ArticleStatus.FAILED:
        assert article.analysis_error == "RuntimeError: the tokenizer fell over"
    if event in (ArticleEvent.RETRY, ArticleEvent.REQUEUE):
        # Both queue one task for the article once the transaction commits.
        assert DBTaskResult.objects.get().args_kwargs["kwargs"]["article_ids"] == [article.pk]


@pytest.mark.parametrize(("status", "event"), REFUSED, ids=lambda m: m)
def test_a_move_the_table_does_not_have_changes_nothing(workspace, reviewer, status, event,
                                                       django_capture_on_commit_callbacks):
    article = _article(workspace, status)
    before = _row(article)
    with pytest.raises(ValidationError) as raised:
        analysis.article_status_after(status=status, event=event)
    label = ArticleStatus(status).label.lower()
    refusal = analysis.ARTICLE_NOT_FAILED if event == ArticleEvent.RETRY else \
        analysis.ARTICLE_MOVE_REFUSED.format(status=label, event=event)
    assert raised.value.message_dict == {"status": [refusal]}
    if event == ArticleEvent.RETRY:
        with pytest.raises(ValidationError) as raised:
            _apply(event, article, by=reviewer, callbacks=django_capture_on_commit_callbacks)
        assert raised.value.message_dict == {"status": [refusal]}
    else:
        # A worker's move on an article that has moved on is no error: the article is left alone.
        _apply(event, article, by=reviewer, callbacks=django_capture_on_commit_callbacks)
    assert _row(article) == before
    assert not Claim.objects.filter(article=article).exists()
    assert not AuditEvent.objects.filter(object_type="article", object_id=str(article.pk)).exists()
    assert DBTaskResult.objects.count() == 0


def test_a_ready_article_is_not_analysed_again_by_a_task(workspace):
    article = _article(workspace, ArticleStatus.READY)
    before = _row(article)
    assert analysis.article_analysis_run(article_ids=[article.pk]) == {"skipped": 1}
    assert _row(article) == before


def test_a_retry_queues_the_task_on_commit_and_the_worker_analyses_the_article(
        workspace, reviewer, reviewer_client, django_capture_on_commit_callbacks):
    article = _article(workspace, ArticleStatus.FAILED)
    with database_tasks():
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            response = reviewer_client.post(f"/articles/{article.pk}/retry/")
            # Nothing is queued while the transaction is open: a worker would find the article still failed.
            assert DBTaskResult.objects.count() == 0
        assert response.status_code == 302 and len(callbacks) == 1
        article.refresh_from_db()
        assert article.status == ArticleStatus.QUEUED
        callbacks[0]()
        assert DBTaskResult.objects.get().args_kwargs["kwargs"]["article_ids"] == [article.pk]
        run_worker()
    article.refresh_from_db()
    assert article.status == ArticleStatus.READY and article.claims.exists()


def test_the_derived_sets_follow_the_table():
    assert ArticleStatus.PENDING == {ArticleStatus.QUEUED, ArticleStatus.ANALYSING}
    assert ArticleStatus.ANALYSABLE == {ArticleStatus.QUEUED, ArticleStatus.ANALYSING, ArticleStatus.FAILED}
    # Every status is reachable, and nothing leaves "ready".
    assert {to for to in ARTICLE_TRANSITIONS.values()} | {ArticleStatus.QUEUED} == set(ArticleStatus.values)
    assert not [move for move in ARTICLE_TRANSITIONS if move[0] == ArticleStatus.READY]


def _modules() -> dict[str, Path]:
    """Return every module of the annotations package (migrations aside) by dotted name."""
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        if "migrations" in parts:
            continue
        found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def _load_time_imports(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """Return the package's modules that this one imports when it loads (not in functions, not for typing)."""
    imported = set()

    def visit(statements):
        for node in statements:
            if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
                continue
            if isinstance(node, (ast.If, ast.Try)):
                visit(node.body + getattr(node, "orelse", []) + getattr(node, "finalbody", []))
            elif isinstance(node, ast.Import):
                imported.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                # `from package import module` needs the module; any other name, the package's own code.
                for alias in node.names:
                    submodule = f"{node.module}.{alias.name}"
                    imported.add(submodule if submodule in modules else node.module)

    visit(ast.parse(path.read_text()).body)
    # A package that imports from its own modules names itself: that is no edge.
    return {module for module in imported if module in modules and module != name}


def _tasks_module() -> tuple[ast.Module, set[str]]:
    """Return annotations/tasks.py parsed, and the names of the tasks it defines."""
    tree = ast.parse((PACKAGE / "tasks.py").read_text())
    tasks = {node.name for node in tree.body if isinstance(node, ast.FunctionDef)
             and any(ast.unparse(decorator).split("(")[0] == "task" for decorator in node.decorator_list)}
    return tree, tasks


def test_no_two_modules_import_each_other_when_they_load():
    modules = _modules()
    graph = {name: _load_time_imports(name, path, modules) for name, path in modules.items()}

    def cycle_from(start: str, node: str, seen: tuple) -> tuple | None:
        for child in sorted(graph[node]):
            if child == start:
                return (*seen, child)
            if child not in seen and (found := cycle_from(start, child, (*seen, child))):
                return found
        return None

    cycles = [found for name in graph if (found := cycle_from(name, name, (name,)))]
    assert cycles == [], cycles


def test_tasks_are_thin_functions_that_import_their_service_in_their_body():
    tree, tasks = _tasks_module()
    # Nothing but tasks, and nothing of Axis imported when the module loads.
    assert [node.name for node in tree.body if isinstance(node, (ast.FunctionDef, ast.ClassDef))] == sorted(tasks)
    assert _load_time_imports("annotations.tasks", PACKAGE / "tasks.py", _modules()) == set()
    for node in tree.body:
        if isinstance(node, ast.FunctionDef):
            body_imports = [n.module for n in ast.walk(node) if isinstance(n, ast.ImportFrom)]
            assert body_imports == ["annotations.services.analysis"], node.name


def test_services_and_commands_import_only_tasks_from_the_tasks_module():
    """What they import from annotations.tasks is a task to enqueue or call, never a helper living there."""
    _, tasks = _tasks_module()
    imported = {}
    for name, path in _modules().items():
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module == "annotations.tasks":
                imported[name] = {alias.name for alias in node.names}
            elif isinstance(node, ast.Import) and "annotations.tasks" in {alias.name for alias in node.names}:
                imported[name] = {"*"}
    assert imported and all(names <= tasks for names in imported.values()), imported


def test_only_the_analysis_service_assigns_an_article_status():
    writes = re.compile(r"\.status\s*=(?!=)|\bstatus\s*=\s*(?:Article\.Status|ArticleStatus|article\.Status)\.")
    found = [f"{path.relative_to(PACKAGE.parent)}:{number}: {line.strip()}"
             for name, path in _modules().items() if name != "annotations.services.analysis"
             for number, line in enumerate(path.read_text().splitlines(), start=1) if writes.search(line)]
    assert found == []


def test_the_admin_shows_an_article_status_but_does_not_change_it(client, workspace):
    from tests.factories import UserFactory

    article = _article(workspace, ArticleStatus.FAILED)
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    url = f"/admin/annotations/article/{article.pk}/change/"
    page = client.get(url).content.decode()
    assert 'name="status"' not in page and 'name="analysis_error"' not in page and "Failed" in page
    response = client.post(url, {"workspace": workspace.pk, "title": "Renamed", "raw_text": article.raw_text,
                                 "language": "en", "status": ArticleStatus.QUEUED, "analysis_error": ""})
    assert response.status_code == 302
    article.refresh_from_db()
    assert (article.title, article.status) == ("Renamed", ArticleStatus.FAILED)


def test_a_claim_the_span_check_refuses_fails_its_article_and_the_rest_of_the_batch_is_stored(workspace):
    # The span trigger refuses a claim whose text is not the clean text at its offsets; COPY
    # raised psycopg's own CheckViolation, which the store's `except IntegrityError` missed.
    good, bad = (ArticleFactory(workspace=workspace, status=ArticleStatus.ANALYSING, clean_text="",
                                analysed_at=None) for _ in range(2))
    found = analysis.article_text_analyse(good)
    wrong = dataclasses.replace(found, claims=(dataclasses.replace(found.claims[0], text="Not the text."),))
    stored = analysis.article_analyses_store([(bad, wrong), (good, found)])
    assert [article.status for article in stored] == [ArticleStatus.FAILED, ArticleStatus.READY]
    assert "IntegrityError" in stored[0].analysis_error
    assert not Claim.objects.filter(article=bad).exists()
    assert Claim.objects.filter(article=good).count() == len(found.claims)
