"""Annotations in bulk: the same rules as one by one, a fixed number of queries, the database as the last guard."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.test.utils import CaptureQueriesContext

from annotations import services
from annotations.limits import NOTE_MAX_CHARS, URL_MAX_CHARS
from annotations.models import Annotation, AuditEvent, Evidence, Label
from annotations.services.annotations import annotation_span_prepare, annotation_spans_insert
from tests.factories import ArticleFactory

SENTENCE = "Minister {i} said the port handled {i} containers."


@pytest.fixture
def article(workspace):
    text = " ".join(SENTENCE.format(i=i) for i in range(40))
    return ArticleFactory(workspace=workspace, raw_text=text, clean_text=text)


def sentence(article, i: int) -> tuple[int, int]:
    start = article.clean_text.index(SENTENCE.format(i=i))
    return start, start + len(SENTENCE.format(i=i))


def web_annotations(article, count: int) -> list[dict]:
    """`count` W3C annotations, each with a note, a tag and a link, on the article's first sentences."""
    items = []
    for i in range(count):
        start, end = sentence(article, i)
        items.append({"type": "Annotation", "id": f"urn:test:{i}",
                      "body": [{"type": "TextualBody", "value": f"Check {i}."},
                               {"type": "TextualBody", "purpose": "tagging", "value": "Statistic"},
                               {"type": "SpecificResource", "purpose": "linking", "source": f"https://x.example/{i}"}],
                      "target": {"selector": [{"type": "TextPositionSelector", "start": start, "end": end},
                                              {"type": "TextQuoteSelector", "exact": article.clean_text[start:end]}]}})
    return items


def import_queries(article, by, count: int) -> int:
    with CaptureQueriesContext(transaction.get_connection()) as queries:
        result = services.webannotation_import(article=article, data=web_annotations(article, count), by=by)
    assert len(result.created) == count
    return len(queries)


@pytest.mark.django_db
def test_the_import_costs_the_same_queries_for_3_annotations_as_for_30(workspace, reviewer):
    # Membership, labels, ratings, the importer's spans and their tags, then one insert each of annotations,
    # tags, links and audit events, the import's own event, and the savepoint around it all.
    text = " ".join(SENTENCE.format(i=i) for i in range(40))
    small, large = (ArticleFactory(workspace=workspace, raw_text=f"{text} {n}.", clean_text=f"{text} {n}.")
                    for n in range(2))
    assert import_queries(small, reviewer, 3) == import_queries(large, reviewer, 30) == 11
    assert Annotation.objects.filter(article=large).count() == 30
    assert Evidence.objects.filter(annotation__article=large).count() == 30


@pytest.mark.django_db
def test_each_bulk_created_annotation_and_link_is_in_the_audit_trail_as_when_created_one_by_one(
        workspace, reviewer, article):
    statistic = Label.objects.get(workspace=workspace, name="statistic")
    start, end = sentence(article, 0)
    content = {"tags": [statistic], "note": "Which port?", "evidence": [{"url": "https://port.example/a"}]}
    alone = services.annotation_create(article=article, by=reviewer, start=start, end=end, **content)
    [bulk] = services.annotations_create_many(article=article, by=reviewer,
                                              items=[{"start": start, "end": end} | content])

    def trail(annotation):
        evidence = Evidence.objects.get(annotation=annotation)
        events = {e.action: e for e in AuditEvent.objects.filter(
            Q(object_type="annotation", object_id=str(annotation.pk)) | Q(object_type="evidence",
                                                                          object_id=str(evidence.pk)))}
        assert set(events) == {"annotation.create", "evidence.attach"}
        attach = events["evidence.attach"].after
        assert attach.pop("id") == evidence.pk and attach.pop("annotation_id") == annotation.pk
        attach.pop("created")
        return (events["annotation.create"].after, events["annotation.create"].actor, attach,
                events["evidence.attach"].workspace_id)

    assert trail(bulk) == trail(alone)
    [twice] = services.annotations_create_many(article=article, by=reviewer, items=[
        {"start": start, "end": end, "tags": [statistic, statistic], "note": "Twice"}])
    assert list(twice.tags.values_list("name", flat=True)) == ["statistic"]
    stored = Annotation.objects.get(pk=bulk.pk)
    assert (stored.exact, stored.prefix, stored.suffix, stored.state) == (alone.exact, alone.prefix, alone.suffix,
                                                                          "draft")
    assert [t.name for t in stored.tags.all()] == ["statistic"]


@pytest.mark.django_db
def test_a_refused_item_gets_the_message_annotation_create_gives_and_the_others_are_created(
        workspace, other_workspace, reviewer, article):
    foreign = Label.objects.filter(workspace=other_workspace).first()
    start, end = sentence(article, 1)
    refused = [
        {"start": start, "end": start, "note": "x"},
        {"start": start, "end": len(article.clean_text) + 5, "note": "x"},
        {"start": start, "end": end},
        {"start": start, "end": end, "tags": [foreign]},
        {"start": start, "end": end, "note": "x" * (NOTE_MAX_CHARS + 1)},
        {"start": start, "end": end, "evidence": [{"url": "javascript:alert(1)"}]},
        {"start": start, "end": end, "evidence": [{"url": "https://x.example/" + "a" * URL_MAX_CHARS}]},
        {"start": start, "end": end, "evidence": [{"url": "https://x.example/", "stance": "maybe"}]},
    ]
    expected = []
    for item in refused:
        with pytest.raises(ValidationError) as one_by_one:
            services.annotation_create(article=article, by=reviewer, **item)
        expected.append(one_by_one.value.message_dict)
    outcomes = services.annotations_create_many(article=article, by=reviewer,
                                                items=[*refused, {"start": start, "end": end, "note": "kept"}])
    assert [o.message_dict for o in outcomes[:-1]] == expected
    assert list(Annotation.objects.filter(article=article).values_list("note", flat=True)) == ["kept"]
    assert outcomes[-1].pk == Annotation.objects.get(article=article).pk


@pytest.mark.django_db
def test_the_bulk_create_refuses_a_fact_checker_once_for_all_its_items(factchecker, article):
    start, end = sentence(article, 0)
    with pytest.raises(ValidationError) as refused:
        services.annotations_create_many(article=article, by=factchecker,
                                         items=[{"start": start, "end": end, "note": "x"}] * 3)
    assert refused.value.message_dict == {"workspace": [services.CANNOT_ANNOTATE]}
    assert not Annotation.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("spoil", [
    pytest.param(lambda a: setattr(a, "exact", "not the article's text"), id="a quote that is not the text"),
    pytest.param(lambda a: (setattr(a, "start", a.end), setattr(a, "exact", "")), id="an empty span"),
    pytest.param(lambda a: setattr(a, "state", "lost"), id="a state Axis does not know"),
])
def test_the_database_still_refuses_a_row_that_gets_past_the_checks(reviewer, article, spoil):
    start, end = sentence(article, 0)
    draft = annotation_span_prepare(article=article, by=reviewer, start=start, end=end, note="x")
    spoil(draft.annotation)
    with pytest.raises(IntegrityError), transaction.atomic():
        annotation_spans_insert(article=article, by=reviewer, drafts=[draft])
    assert not Annotation.objects.exists()
    assert not AuditEvent.objects.filter(action="annotation.create").exists()
