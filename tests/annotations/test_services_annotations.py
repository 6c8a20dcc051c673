"""The annotation workflow: each allowed move, each refused one, and the audit trail behind them."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from annotations import services
from annotations.models import Annotation, AuditEvent, Evidence, Membership, ReviewDecision
from tests.factories import ArticleFactory, ClaimFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

S = Annotation.State


@pytest.fixture
def article(workspace):
    return ArticleFactory(workspace=workspace)


@pytest.fixture
def claim(article):
    return ClaimFactory(article=article)


@pytest.fixture
def draft(claim, reviewer, workspace):
    return services.annotation_create(article=claim.article, claim=claim, by=reviewer,
                                      tags=[workspace.labels.get(name="statistic")])


@pytest.fixture
def submitted(draft, reviewer):
    return services.annotation_submit(annotation=draft, by=reviewer)


def error_fields(info) -> set[str]:
    return set(info.value.message_dict)


def test_reviewer_creates_a_draft_on_a_claim_with_tag_and_verdict(claim, reviewer, workspace):
    verdict = workspace.ratings.get(name="Mostly true")
    annotation = services.annotation_create(article=claim.article, claim=claim, by=reviewer, verdict=verdict,
                                            tags=[workspace.labels.get(name="statistic")], note="Budget figures.")
    annotation.refresh_from_db()
    assert annotation.state == S.DRAFT
    assert annotation.verdict == verdict
    assert [t.name for t in annotation.tags.all()] == ["statistic"]
    assert AuditEvent.objects.filter(action="annotation.create", object_id=str(annotation.pk)).exists()


def test_span_annotation_keeps_its_quote_and_context(article, reviewer):
    start = article.clean_text.index("budget")
    annotation = services.annotation_create(article=article, start=start, end=start + 6, by=reviewer, note="?")
    assert annotation.exact == "budget"
    assert annotation.prefix.endswith("approved a ")
    assert annotation.suffix.startswith(" of $4.2")


FAMILY = "\U0001F468\u200d\U0001F469\u200d\U0001F467"  # man ZWJ woman ZWJ girl: five code points, one character
FLAG = "\U0001F1EB\U0001F1F7"  # regional indicators F and R: the French flag
ACCENTED = "e\u0301"  # e and a combining acute accent


@pytest.mark.parametrize(("before", "after", "exact"), [
    ("A ", " family of three", f"{FAMILY} family"),
    ("the ", " flag", f"{FLAG} flag"),
    ("caf", " au lait", f"{ACCENTED} au"),
], ids=["inside a ZWJ family", "between a flag's two letters", "at a combining accent"])
def test_span_starting_inside_a_character_takes_the_whole_character(workspace, reviewer, before, after, exact):
    character = exact.split(" ")[0]
    text = f"Seen: {before}{character}{after}. Officials did not comment."
    article = ArticleFactory(workspace=workspace, raw_text=text)
    start = text.index(character) + 1  # one code point into the character
    end = start - 1 + len(exact)
    annotation = services.annotation_create(article=article, start=start, end=end, by=reviewer, note="?")
    assert annotation.exact.startswith(character)
    assert (annotation.start, annotation.end) == (start - 1, end)
    assert text[annotation.start:annotation.end] == annotation.exact
    assert annotation.prefix.endswith(before)


@pytest.mark.parametrize("character", [FAMILY, FLAG, ACCENTED], ids=["ZWJ family", "flag", "combining accent"])
def test_span_ending_inside_a_character_takes_the_whole_character(workspace, reviewer, character):
    text = f"They wrote: so be it {character} and left."
    article = ArticleFactory(workspace=workspace, raw_text=text)
    start = text.index("so be it")
    at = text.index(character)
    annotation = services.annotation_create(article=article, start=start, end=at + 1, by=reviewer, note="?")
    assert annotation.exact == f"so be it {character}"
    assert annotation.end == at + len(character)
    assert annotation.suffix.startswith(" and left.")


def test_context_around_a_span_never_starts_or_ends_inside_a_character(workspace, reviewer):
    # The 32 code points of context before "budget" end one code point into the family.
    text = FAMILY + "x" * 24 + " the budget is set. " + FLAG * 20
    article = ArticleFactory(workspace=workspace, raw_text=text)
    start = text.index("budget")
    assert start - 32 == 2
    annotation = services.annotation_create(article=article, start=start, end=start + 6, by=reviewer, note="?")
    assert annotation.prefix == "x" * 24 + " the "
    assert annotation.suffix == " is set. " + FLAG * 11  # not 23 code points: that would cut a flag
    assert annotation.exact == "budget"


def test_flags_in_a_row_pair_up_from_the_first(workspace, reviewer):
    flags = FLAG + "\U0001F1E9\U0001F1EA" + FLAG  # France, Germany, France: six indicators, three flags
    text = f"Teams: {flags}."
    article = ArticleFactory(workspace=workspace, raw_text=text)
    germany = text.index(flags) + 2
    annotation = services.annotation_create(article=article, start=germany + 1, end=germany + 3, by=reviewer,
                                            note="?")
    assert (annotation.start, annotation.end) == (germany, germany + 4)
    assert annotation.exact == "\U0001F1E9\U0001F1EA" + FLAG


def test_span_outside_the_text_is_refused_and_nothing_stored(article, reviewer):
    with pytest.raises(ValidationError) as info:
        services.annotation_create(article=article, start=5, end=len(article.clean_text) + 1, by=reviewer, note="x")
    assert error_fields(info) == {"start"}
    assert Annotation.objects.count() == 0


def test_empty_annotation_is_refused(claim, reviewer):
    with pytest.raises(ValidationError) as info:
        services.annotation_create(article=claim.article, claim=claim, by=reviewer)
    assert error_fields(info) == {"note"}


def test_factchecker_cannot_annotate(claim, factchecker):
    with pytest.raises(ValidationError) as info:
        services.annotation_create(article=claim.article, claim=claim, by=factchecker, note="x")
    assert info.value.message_dict == {"workspace": [services.CANNOT_ANNOTATE]}


def test_outsider_cannot_annotate(claim, outsider):
    with pytest.raises(ValidationError) as info:
        services.annotation_create(article=claim.article, claim=claim, by=outsider, note="x")
    assert error_fields(info) == {"workspace"}


def test_label_of_another_workspace_is_refused(claim, reviewer, other_workspace):
    with pytest.raises(ValidationError) as info:
        services.annotation_create(article=claim.article, claim=claim, by=reviewer,
                                   tags=[other_workspace.labels.first()])
    assert error_fields(info) == {"tags"}


def test_submit_moves_draft_to_submitted(submitted):
    assert submitted.state == S.SUBMITTED


def test_only_the_author_submits(draft, editor):
    with pytest.raises(ValidationError) as info:
        services.annotation_submit(annotation=draft, by=editor)
    assert error_fields(info) == {"author"}
    draft.refresh_from_db()
    assert draft.state == S.DRAFT


def test_submitting_twice_is_refused(submitted, reviewer):
    with pytest.raises(ValidationError) as info:
        services.annotation_submit(annotation=submitted, by=reviewer)
    assert error_fields(info) == {"state"}


@pytest.mark.parametrize("decision,comment,state", [
    ("approve", "", S.APPROVED),
    ("reject", "No source for this.", S.REJECTED),
    ("request_changes", "Add the report.", S.CHANGES_REQUESTED),
])
def test_editor_decides_a_submitted_annotation(submitted, editor, decision, comment, state):
    review = services.annotation_decide(annotation=submitted, version=submitted.version, by=editor,
                                        decision=decision, comment=comment)
    submitted.refresh_from_db()
    assert submitted.state == state
    assert (review.editor, review.annotation_version) == (editor, submitted.version)
    assert AuditEvent.objects.filter(action=f"decision.{decision}").count() == 1


def test_editor_cannot_approve_own_annotation(claim, editor):
    own = services.annotation_create(article=claim.article, claim=claim, by=editor, note="Mine")
    services.annotation_submit(annotation=own, by=editor)
    with pytest.raises(ValidationError) as info:
        services.annotation_decide(annotation=own, version=own.version, by=editor, decision="approve")
    assert info.value.message_dict == {"decision": [services.OWN_ANNOTATION]}
    assert ReviewDecision.objects.count() == 0


def test_admin_cannot_approve_own_annotation(claim, admin_member):
    own = services.annotation_create(article=claim.article, claim=claim, by=admin_member, note="Mine")
    services.annotation_submit(annotation=own, by=admin_member)
    with pytest.raises(ValidationError):
        services.annotation_decide(annotation=own, version=own.version, by=admin_member, decision="approve")
    own.refresh_from_db()
    assert own.state == S.SUBMITTED


@pytest.mark.parametrize("role", [Membership.Role.REVIEWER, Membership.Role.FACTCHECKER])
def test_non_editors_cannot_approve(submitted, workspace, role):
    other = MembershipFactory(workspace=workspace, role=role).user
    with pytest.raises(ValidationError) as info:
        services.annotation_decide(annotation=submitted, version=submitted.version, by=other, decision="approve")
    assert info.value.message_dict == {"decision": [services.ONLY_EDITORS_DECIDE]}


def test_outsider_editor_cannot_approve(submitted, outsider):
    with pytest.raises(ValidationError):
        services.annotation_decide(annotation=submitted, version=submitted.version, by=outsider, decision="approve")
    submitted.refresh_from_db()
    assert submitted.state == S.SUBMITTED


@pytest.mark.parametrize("decision", ["reject", "request_changes"])
def test_reject_and_request_changes_need_a_comment(submitted, editor, decision):
    with pytest.raises(ValidationError) as info:
        services.annotation_decide(annotation=submitted, version=submitted.version, by=editor, decision=decision,
                                   comment="  ")
    assert error_fields(info) == {"comment"}


def test_draft_cannot_be_approved(draft, editor):
    with pytest.raises(ValidationError) as info:
        services.annotation_decide(annotation=draft, version=draft.version, by=editor, decision="approve")
    assert error_fields(info) == {"state"}


def test_second_decision_is_told_it_was_already_decided(submitted, editor, workspace):
    services.annotation_decide(annotation=submitted, version=submitted.version, by=editor, decision="approve")
    other_editor = MembershipFactory(workspace=workspace, role=Membership.Role.EDITOR).user
    with pytest.raises(ValidationError) as info:
        services.annotation_decide(annotation=submitted, version=submitted.version, by=other_editor,
                                   decision="reject", comment="No")
    assert info.value.message_dict == {"state": [services.ALREADY_DECIDED]}
    assert ReviewDecision.objects.count() == 1


def test_changes_requested_then_edited_then_submitted_again(submitted, editor, reviewer):
    services.annotation_decide(annotation=submitted, version=submitted.version, by=editor,
                               decision="request_changes", comment="Add a note")
    submitted.refresh_from_db()
    edited = services.annotation_update(annotation=submitted, by=reviewer, version=submitted.version,
                                        note="Now with a note", tags=list(submitted.tags.all()))
    assert edited.state == S.CHANGES_REQUESTED
    again = services.annotation_submit(annotation=edited, by=reviewer)
    assert again.state == S.SUBMITTED
    review = services.annotation_decide(annotation=again, version=again.version, by=editor, decision="approve")
    assert review.annotation_version == again.version


def test_rejected_annotation_cannot_be_edited_or_resubmitted(submitted, editor, reviewer):
    services.annotation_decide(annotation=submitted, version=submitted.version, by=editor, decision="reject",
                               comment="Wrong claim")
    submitted.refresh_from_db()
    with pytest.raises(ValidationError):
        services.annotation_update(annotation=submitted, by=reviewer, version=submitted.version, note="x")
    with pytest.raises(ValidationError):
        services.annotation_submit(annotation=submitted, by=reviewer)


def test_editing_an_approved_annotation_sends_it_back_and_keeps_the_approved_version(submitted, editor, reviewer,
                                                                                      workspace):
    services.annotation_decide(annotation=submitted, version=submitted.version, by=editor, decision="approve")
    submitted.refresh_from_db()
    assert submitted.approved_snapshot["tags"] == ["statistic"]
    edited = services.annotation_update(annotation=submitted, by=reviewer, version=submitted.version,
                                        tags=[workspace.labels.get(name="opinion")])
    assert edited.state == S.SUBMITTED
    assert edited.approved_snapshot["tags"] == ["statistic"]


def test_stale_version_is_refused_with_the_newer_one(draft, reviewer):
    read_version = draft.version
    services.annotation_update(annotation=draft, by=reviewer, version=read_version, note="First save")
    with pytest.raises(services.VersionConflict) as info:
        services.annotation_update(annotation=draft, by=reviewer, version=read_version, note="Second, stale")
    assert info.value.current.note == "First save"
    assert error_fields(info) == {"version"}
    draft.refresh_from_db()
    assert draft.note == "First save"


def test_evidence_must_be_a_web_link(draft, reviewer):
    with pytest.raises(ValidationError) as info:
        services.evidence_attach(annotation=draft, by=reviewer, url="javascript:alert(1)")
    assert error_fields(info) == {"url"}
    assert Evidence.objects.count() == 0


def test_evidence_is_attached_with_stance(draft, reviewer):
    evidence = services.evidence_attach(annotation=draft, by=reviewer, url="https://stats.example.org/budget",
                                        title="Budget 2026", publisher="City Hall", stance="supports")
    assert list(draft.evidence.values_list("url", "stance")) == [(evidence.url, "supports")]


@pytest.mark.django_db(transaction=True)
def test_two_editors_deciding_at_once_leave_exactly_one_decision(workspace):
    author = MembershipFactory(workspace=workspace, role=Membership.Role.REVIEWER).user
    editors = [MembershipFactory(workspace=workspace, role=Membership.Role.EDITOR).user for _ in range(2)]
    claim = ClaimFactory(article=ArticleFactory(workspace=workspace))
    annotation = services.annotation_create(article=claim.article, claim=claim, by=author, note="x")
    services.annotation_submit(annotation=annotation, by=author)
    barrier = threading.Barrier(2)
    outcomes = []

    def decide(editor, decision):
        barrier.wait()
        try:
            services.annotation_decide(annotation=annotation, version=annotation.version, by=editor,
                                       decision=decision, comment="because")
            outcomes.append("ok")
        except ValidationError as exc:
            outcomes.append(exc.message_dict)
        finally:
            connection.close()

    threads = [threading.Thread(target=decide, args=(e, d)) for e, d in zip(editors, ["approve", "reject"])]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(map(str, outcomes)) == sorted(["ok", str({"state": [services.ALREADY_DECIDED]})])
    assert ReviewDecision.objects.filter(annotation=annotation).count() == 1


def test_every_step_writes_an_audit_event(submitted, editor, reviewer):
    services.annotation_decide(annotation=submitted, version=submitted.version, by=editor, decision="approve")
    actions = list(AuditEvent.objects.filter(object_type="annotation", object_id=str(submitted.pk))
                   .order_by("id").values_list("action", "actor__username"))
    assert actions == [("annotation.create", "rita"), ("annotation.submit", "rita"), ("annotation.decide", "ed")]


def test_unknown_user_is_not_a_member(claim):
    with pytest.raises(ValidationError):
        services.annotation_create(article=claim.article, claim=claim, by=UserFactory(), note="x")


def rows_of_decisions() -> tuple:
    """Return what a decision writes, to assert that a refusal wrote none of it."""
    return (list(ReviewDecision.objects.values_list("annotation_id", "annotation_version")),
            list(Annotation.objects.order_by("pk").values_list("pk", "state", "version", "approved_snapshot")),
            AuditEvent.objects.count())


def test_editor_cannot_approve_a_version_they_have_not_read(submitted, editor, reviewer):
    read = submitted.version
    services.annotation_update(annotation=submitted, by=reviewer, version=read, note="Changed while in the queue",
                               tags=list(submitted.tags.all()))
    before = rows_of_decisions()
    with pytest.raises(services.VersionConflict) as info:
        services.annotation_decide(annotation=submitted, by=editor, decision="approve", version=read)
    assert info.value.message_dict == {"version": [
        "rita changed this annotation after you opened it (now version 2; you read version 1). "
        "Read the new version, then decide."]}
    assert (info.value.current.version, info.value.current.note) == (2, "Changed while in the queue")
    assert rows_of_decisions() == before


def test_a_version_newer_than_the_annotation_is_refused(submitted, editor):
    before = rows_of_decisions()
    with pytest.raises(services.VersionConflict) as info:
        services.annotation_decide(annotation=submitted, by=editor, decision="approve", version=7)
    assert info.value.message_dict == {"version": [services.VERSION_NOT_READ.format(read=7, current=1)]}
    assert rows_of_decisions() == before


def test_a_decision_must_say_which_version_was_read(submitted, editor):
    with pytest.raises(TypeError, match="version"):
        services.annotation_decide(annotation=submitted, by=editor, decision="approve")
    assert not ReviewDecision.objects.exists()


def test_evidence_attached_while_in_the_queue_makes_a_new_version(submitted, editor, reviewer):
    read = submitted.version
    services.evidence_attach(annotation=submitted, by=reviewer, url="https://example.org/unseen")
    submitted.refresh_from_db()
    assert (submitted.state, submitted.version) == (S.SUBMITTED, read + 1)
    with pytest.raises(services.VersionConflict):
        services.annotation_decide(annotation=submitted, by=editor, decision="approve", version=read)
    review = services.annotation_decide(annotation=submitted, by=editor, decision="approve", version=read + 1)
    assert review.annotation_version == read + 1


# --- Bulk approval ------------------------------------------------------------------------------------------------


@pytest.fixture
def three(claim, reviewer, editor):
    """Three submitted annotations: two by the reviewer, one by the editor."""
    made = [services.annotation_create(article=claim.article, claim=ClaimFactory(article=claim.article),
                                       by=author, note=f"Note {i}") for i, author in enumerate([reviewer, reviewer,
                                                                                                 editor])]
    return [services.annotation_submit(annotation=annotation, by=annotation.author) for annotation in made]


def test_bulk_approval_approves_each_version_read(three, editor):
    first, second, _ = three
    outcomes = services.annotation_approve_many(items=[(first, 1), (second, 1)], by=editor)
    assert [(o.annotation, o.decision.annotation_version, o.error) for o in outcomes] == [
        (first, 1, None), (second, 1, None)]
    assert set(Annotation.objects.filter(state=S.APPROVED)) == {first, second}


def test_bulk_approval_refuses_a_version_edited_since_it_was_read_and_approves_the_rest(three, editor, reviewer):
    first, second, own = three
    services.annotation_update(annotation=second, by=reviewer, version=1, note="Edited after the queue loaded")
    outcomes = services.annotation_approve_many(items=[(first, 1), (second, 1), (own, 1)], by=editor)
    refused = {o.annotation.pk: o.error.message_dict for o in outcomes if o.error}
    assert refused == {
        second.pk: {"version": [services.CHANGED_SINCE_READ.format(author="rita", current=2, read=1)]},
        own.pk: {"decision": [services.OWN_ANNOTATION]},
    }
    assert list(ReviewDecision.objects.values_list("annotation_id", "annotation_version")) == [(first.pk, 1)]
    second.refresh_from_db()
    own.refresh_from_db()
    assert (second.state, second.version, second.approved_snapshot) == (S.SUBMITTED, 2, None)
    assert own.state == S.SUBMITTED
    assert not AuditEvent.objects.filter(action="annotation.decide", object_id__in=[str(second.pk), str(own.pk)])


def test_bulk_approval_refuses_a_correction_that_no_longer_fits_and_approves_the_rest(three, editor, reviewer,
                                                                                     article):
    first, second, _ = three
    target = article.claims.first()
    split = services.annotation_create(article=article, claim=target, by=reviewer, correction="split_claim",
                                       correction_data={"at": target.start + 3})
    services.annotation_submit(annotation=split, by=reviewer)
    # A split point that the claim no longer holds, as after another change of the claim.
    Annotation.objects.filter(pk=split.pk).update(correction_data={"at": target.end + 500})
    claims = list(article.claims.values_list("pk", "start", "end", "text"))
    outcomes = services.annotation_approve_many(items=[(first, 1), (split, 1), (second, 1)], by=editor)
    assert [o.error is None for o in outcomes] == [True, False, True]
    assert set(Annotation.objects.filter(state=S.APPROVED)) == {first, second}
    split.refresh_from_db()
    assert split.state == S.SUBMITTED
    assert not ReviewDecision.objects.filter(annotation=split).exists()
    assert list(article.claims.values_list("pk", "start", "end", "text")) == claims


def test_bulk_approval_that_fails_unexpectedly_approves_nothing(three, editor, monkeypatch):
    first, second, _ = three
    from annotations.services import annotations as module

    def broken(*, annotation, by):
        if annotation.pk == second.pk:
            raise RuntimeError("a bug in applying a correction")

    monkeypatch.setattr(module, "correction_apply", broken)
    before = rows_of_decisions()
    with pytest.raises(RuntimeError):
        services.annotation_approve_many(items=[(first, 1), (second, 1)], by=editor)
    assert rows_of_decisions() == before


def test_resubmitting_unchanged_work_after_changes_were_requested_can_be_decided(submitted, editor, reviewer):
    services.annotation_decide(annotation=submitted, by=editor, decision="request_changes", comment="Add a source",
                               version=1)
    services.evidence_attach(annotation=submitted, by=reviewer, url="https://example.org/source")
    again = services.annotation_submit(annotation=submitted, by=reviewer)
    assert again.version == 2
    review = services.annotation_decide(annotation=again, by=editor, decision="approve", version=2)
    assert review.annotation_version == 2
    again.refresh_from_db()
    assert again.state == S.APPROVED


def test_an_edit_from_a_copy_read_before_a_rejection_does_not_undo_it(submitted, editor, reviewer):
    copy = Annotation.objects.get(pk=submitted.pk)
    services.annotation_decide(annotation=submitted, by=editor, decision="reject", comment="Not a claim", version=1)
    with pytest.raises(ValidationError) as info:
        services.annotation_update(annotation=copy, by=reviewer, version=1, note="Saved from an old tab")
    assert info.value.message_dict == {"state": [services.CANNOT_EDIT_REJECTED]}
    submitted.refresh_from_db()
    assert (submitted.state, submitted.version, submitted.note) == (S.REJECTED, 1, "")


def test_evidence_from_a_copy_read_before_a_send_back_does_not_resubmit_it(submitted, editor, reviewer):
    copy = Annotation.objects.get(pk=submitted.pk)
    services.annotation_decide(annotation=submitted, by=editor, decision="request_changes", comment="Source?",
                               version=1)
    services.evidence_attach(annotation=copy, by=reviewer, url="https://example.org/source")
    submitted.refresh_from_db()
    assert (submitted.state, submitted.version) == (S.CHANGES_REQUESTED, 1)
