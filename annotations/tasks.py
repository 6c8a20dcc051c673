"""Background tasks, run by `manage.py db_worker`: thin functions that call a service.

A task carries article ids, never article objects: by the time a worker runs it the
article may have been analysed, retried or deleted, so the service reads the row afresh.
HackSoft's rule: tasks call services, importing them in the task's body, and services
queue tasks once their transaction commits (services/analysis.py `analysis_enqueue`),
importing this module in theirs; so neither imports the other when it loads.
"""

from django.tasks import task


@task
def articles_analyse(*, article_ids: list[int], content_type: str | None = None) -> dict[str, int]:
    """Analyse the articles and store each; return how many ended in each state (`article_analysis_run`)."""
    from annotations.services.analysis import article_analysis_run

    return article_analysis_run(article_ids=article_ids, content_type=content_type)
