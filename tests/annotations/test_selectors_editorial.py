"""Reads behind the editor's queue, an annotation's page, the notices and the audit trail."""

from datetime import UTC, datetime

import pytest
import time_machine
from django.http import Http404

from annotations import selectors, services
from annotations.models import Annotation, AuditEvent, Membership, Role
from tests.factories import ArticleFactory, ClaimFactory, MembershipFactory, QuoteFactory

pytestmark = pytest.mark.django_db

LONG_TEXT = (
    "First paragraph stays out of the snippet.\n\n"
    "The mayor said that the city had spent more on roads in the last decade than any other city of its size "
    "in the region, a figure the opposition disputes, and that the new plan would cut travel times by a third "
    "before the next election in the spring.\n\n"
    "Last paragraph stays out too."
)


@pytest.fixture
def article(workspace):
    return ArticleFactory(workspace=workspace, raw_text=LONG_TEXT, clean_text=LONG_TEXT)


def editing(workspace) -> dict:
    """Return the queue's arguments for an editor of the workspace (a new one when it has none)."""
    membership = (Membership.objects.filter(workspace=workspace, role=Role.EDITOR).first()
                  or MembershipFactory(workspace=workspace, role=Role.EDITOR))
    return {"user": membership.user, "memberships": [membership]}


def queued(workspace, **filters) -> list[Annotation]:
    return list(selectors.annotation_list_for_queue(**editing(workspace), **filters))


def submit(annotation, by):
    return services.annotation_submit(annotation=annotation, by=by)


def test_snippet_cuts_the_context_at_words_and_keeps_to_the_paragraph(article, reviewer, workspace):
    start = article.clean_text.index("a figure")
    annotation = services.annotation_create(article=article, start=start, end=start + 8, by=reviewer, note="?")
    assert queued(workspace) == []  # drafts are not queued
    submit(annotation, reviewer)
    [read] = queued(workspace)
    snippet = selectors.annotation_snippet(read)
    assert snippet.target == "a figure"
    assert snippet.cut_before and snippet.cut_after
    assert not snippet.before.startswith(" ") and snippet.before.split()[0] in LONG_TEXT.split()
    assert snippet.before.endswith("in the region, ")
    assert snippet.after.startswith(" the opposition disputes")
    assert "First paragraph" not in snippet.before and "Last paragraph" not in snippet.after


def test_snippet_of_a_paragraphs_first_words_is_not_marked_as_cut(article, reviewer, workspace):
    start = article.clean_text.index("The mayor")
    submit(services.annotation_create(article=article, start=start, end=start + 9, by=reviewer, note="Who?"),
           reviewer)
    snippet = selectors.annotation_snippet(queued(workspace)[0])
    assert (snippet.before, snippet.target, snippet.cut_before) == ("", "The mayor", False)


def test_snippet_of_a_quote_comes_from_the_quote(workspace, reviewer):
    quote = QuoteFactory(article=ArticleFactory(workspace=workspace))
    submit(services.annotation_create(article=quote.article, quote=quote, by=reviewer, note="Check it"), reviewer)
    snippet = selectors.annotation_snippet(queued(workspace)[0])
    assert snippet.target == "We cannot wait another year,"
    assert snippet.before == "“" and snippet.after.startswith("” said Maria Lopez")


def test_kinds_come_from_the_annotations_content(article, reviewer, workspace):
    claim = ClaimFactory(article=ArticleFactory(workspace=workspace))
    tagged = services.annotation_create(article=claim.article, claim=claim, by=reviewer,
                                        tags=[workspace.labels.get(name="opinion")],
                                        verdict=workspace.ratings.get(name="False"))
    services.evidence_attach(annotation=tagged, by=reviewer, url="https://example.org/")
    span = services.annotation_create(article=article, start=0, end=5, by=reviewer, note="Which?")
    correction = services.annotation_create(article=claim.article, claim=claim, by=reviewer,
                                            correction="split_claim",
                                            correction_data={"at": claim.text.index(" a budget")})
    for annotation in (tagged, span, correction):
        submit(annotation, reviewer)
    kinds = {a.pk: [kind for kind, _ in selectors.annotation_kinds(a)] for a in queued(workspace)}
    assert kinds == {tagged.pk: ["tag", "verdict", "evidence"], span.pk: ["span_note"],
                     correction.pk: ["correction"]}
    for kind, expected in [("tag", {tagged.pk}), ("evidence", {tagged.pk}), ("span_note", {span.pk}),
                           ("correction", {correction.pk})]:
        assert {a.pk for a in queued(workspace, kind=kind)} == expected
    facets = selectors.annotation_queue_facets(**editing(workspace))
    assert [(kind, n) for kind, _, n in facets.kinds] == [
        ("tag", 1), ("verdict", 1), ("evidence", 1), ("span_note", 1), ("correction", 1)]


def test_queue_is_oldest_first_by_when_the_current_version_was_submitted(reviewer, workspace):
    claim = ClaimFactory(article=ArticleFactory(workspace=workspace))
    with time_machine.travel(datetime(2026, 11, 1, tzinfo=UTC), tick=False):
        first = submit(services.annotation_create(article=claim.article, claim=claim, by=reviewer, note="1"), reviewer)
    with time_machine.travel(datetime(2026, 11, 2, tzinfo=UTC), tick=False):
        second = submit(services.annotation_create(article=claim.article, claim=claim, by=reviewer, note="2"),
                        reviewer)
    assert queued(workspace) == [first, second]
    with time_machine.travel(datetime(2026, 11, 3, tzinfo=UTC), tick=False):
        services.annotation_update(annotation=first, by=reviewer, version=first.version, note="1, edited")
    assert queued(workspace) == [second, first]


def test_queue_never_holds_another_workspaces_annotations(reviewer, other_workspace, workspace):
    claim = ClaimFactory(article=ArticleFactory(workspace=workspace))
    submit(services.annotation_create(article=claim.article, claim=claim, by=reviewer, note="x"), reviewer)
    assert selectors.annotation_list_for_queue(**editing(other_workspace)).count() == 0
    assert selectors.annotation_queue_facets(**editing(other_workspace)).total == 0
    assert selectors.annotation_queue_size(**editing(other_workspace)) == 0


def test_the_queue_shows_only_what_the_visibility_rule_lets_its_reader_read(reviewer, editor, workspace,
                                                                            monkeypatch):
    claim = ClaimFactory(article=ArticleFactory(workspace=workspace))
    annotation = submit(services.annotation_create(article=claim.article, claim=claim, by=reviewer, note="x"),
                        reviewer)
    assert queued(workspace) == [annotation]
    assert selectors.annotation_queue_size(**editing(workspace)) == 1
    # A role that reviews but reads approved work only (selectors/visibility.py) finds nothing waiting.
    monkeypatch.setattr(Role, "READING_APPROVED_ONLY", Role.READING_APPROVED_ONLY | {Role.EDITOR})
    assert queued(workspace) == []
    assert selectors.annotation_queue_facets(**editing(workspace)).total == 0
    assert selectors.annotation_queue_size(**editing(workspace)) == 0


def test_the_queue_size_counts_only_the_workspaces_where_the_user_reviews(reviewer, workspace, other_workspace):
    # A reviewer in the one workspace, an editor in the other: only the other's item is hers to review.
    MembershipFactory(workspace=other_workspace, user=reviewer, role=Role.EDITOR)
    for where in (workspace, other_workspace):
        claim = ClaimFactory(article=ArticleFactory(workspace=where))
        submit(services.annotation_create(article=claim.article, claim=claim, by=reviewer, note="x"), reviewer)
    memberships = list(Membership.objects.filter(user=reviewer))
    assert selectors.annotation_queue_size(user=reviewer, memberships=memberships) == 1


def test_factchecker_reads_only_approved_annotations(workspace, reviewer, editor, factchecker):
    claim = ClaimFactory(article=ArticleFactory(workspace=workspace))
    annotation = submit(services.annotation_create(article=claim.article, claim=claim, by=reviewer, note="x"),
                        reviewer)
    with pytest.raises(Http404):
        selectors.annotation_get_for_user(user=factchecker, pk=annotation.pk)
    services.annotation_decide(annotation=annotation, version=annotation.version, by=editor, decision="approve")
    read, membership = selectors.annotation_get_for_user(user=factchecker, pk=annotation.pk)
    assert read == annotation and membership.role == "factchecker"


def test_outsider_reads_no_annotation(workspace, reviewer, outsider):
    claim = ClaimFactory(article=ArticleFactory(workspace=workspace))
    annotation = services.annotation_create(article=claim.article, claim=claim, by=reviewer, note="x")
    with pytest.raises(Http404):
        selectors.annotation_get_for_user(user=outsider, pk=annotation.pk)


def test_sent_back_lists_the_latest_decision_and_forgets_old_rejections(workspace, reviewer, editor):
    claim = ClaimFactory(article=ArticleFactory(workspace=workspace))

    def new():
        return submit(services.annotation_create(article=claim.article, claim=claim, by=reviewer, note="x"),
                      reviewer)

    with time_machine.travel(datetime(2026, 10, 1, tzinfo=UTC), tick=False):
        old_rejection = new()
        services.annotation_decide(annotation=old_rejection, version=old_rejection.version, by=editor,
                                   decision="reject", comment="Old news.")
        old_send_back = new()
        services.annotation_decide(annotation=old_send_back, version=old_send_back.version, by=editor,
                                   decision="request_changes",
                                   comment="Still waiting.")
    with time_machine.travel(datetime(2026, 11, 20, tzinfo=UTC), tick=False):
        approved = new()
        services.annotation_decide(annotation=approved, version=approved.version, by=editor, decision="approve")
        rows = {a.pk: a.decision_comment for a in selectors.annotation_list_sent_back(user=reviewer)}
    assert rows == {old_send_back.pk: "Still waiting."}
    assert list(selectors.annotation_list_sent_back(user=editor)) == []


def test_audit_changes_list_only_what_changed():
    event = AuditEvent(before={"state": "submitted", "version": 2}, after={"state": "approved", "version": 2})
    assert selectors.audit_event_changes(event) == [("state", "submitted", "approved")]
    created = AuditEvent(before=None, after={"url": "https://example.org/", "annotation_id": 4})
    assert selectors.audit_event_changes(created) == [("url", None, "https://example.org/"),
                                                      ("annotation_id", None, 4)]


def test_audit_events_point_at_their_annotation():
    assert selectors.audit_event_annotation_id(AuditEvent(object_type="annotation", object_id="7")) == 7
    assert selectors.audit_event_annotation_id(
        AuditEvent(object_type="reviewdecision", object_id="3", after={"annotation_id": 7})) == 7
    assert selectors.audit_event_annotation_id(AuditEvent(object_type="article", object_id="7")) is None


def test_audit_list_keeps_to_the_workspaces_given(workspace, other_workspace, editor):
    events = selectors.audit_event_list(user=editor, workspace_ids=[other_workspace.pk])
    assert {e.workspace_id for e in events} == {other_workspace.pk}
    options = selectors.audit_filter_options(user=editor, workspace_ids=[workspace.pk])
    assert options.actions == ["workspace.create"] and options.object_types == ["workspace"]


def test_changes_since_a_version_tell_each_edit_and_evidence_after_it(workspace, reviewer):
    claim = ClaimFactory(article=ArticleFactory(workspace=workspace))
    statistic, opinion = workspace.labels.get(name="statistic"), workspace.labels.get(name="opinion")
    annotation = services.annotation_create(article=claim.article, claim=claim, by=reviewer, note="First",
                                            tags=[statistic])
    services.annotation_update(annotation=annotation, by=reviewer, version=1, note="Before the editor read it",
                               tags=[statistic])
    annotation = services.annotation_submit(annotation=annotation, by=reviewer)
    read = 2
    services.annotation_update(annotation=annotation, by=reviewer, version=read, note="After",
                               tags=[opinion], verdict=workspace.ratings.get(name="False"))
    annotation.refresh_from_db()
    services.evidence_attach(annotation=annotation, by=reviewer, url="https://example.org/report",
                             title="The report", stance="refutes")
    assert selectors.annotation_changes_since(annotation=annotation, version=read) == [
        "Note: “Before the editor read it” → “After”",
        "Tags: added opinion; removed statistic",
        "Verdict: none → False",
        "Evidence attached (refutes): The report",
    ]
    assert selectors.annotation_changes_since(annotation=annotation, version=4) == []
