"""The import graph of annotations/: the one circle of issue 15 stays gone."""

import grimp
import pytest


@pytest.fixture(scope="module")
def graph():
    return grimp.build_graph("annotations")


def test_the_article_service_and_the_tasks_do_not_import_each_other(graph):
    there = graph.find_shortest_chain(importer="annotations.services.articles", imported="annotations.tasks")
    back = graph.find_shortest_chain(importer="annotations.tasks", imported="annotations.services.articles")
    assert there is None or back is None, f"{there} and back by {back}"


def test_nlp_imports_nothing_outside_it(graph):
    outside = {imported for module in graph.find_descendants("annotations.nlp") | {"annotations.nlp"}
               for imported in graph.find_modules_directly_imported_by(module)
               if imported.startswith("annotations.") and not imported.startswith("annotations.nlp")}
    assert outside == set()


def test_the_choices_module_gives_views_choices_only_not_models():
    from django.db import models

    from annotations import choices

    assert choices.__all__, "annotations/choices.py exports nothing"
    for name in choices.__all__:
        value = getattr(choices, name)
        assert isinstance(value, type) and issubclass(value, models.TextChoices), name
        assert value.__module__ == "annotations.models", name
