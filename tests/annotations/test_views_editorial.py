"""The editor's queue, decisions from the page, an annotation's history and the audit trail (issue 6)."""

import csv
import io
import json
import re
from datetime import UTC, datetime

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils.html import escape

from annotations import services
from annotations.models import Annotation, AuditEvent, Membership, ReviewDecision
from annotations.views import editorial as views
from tests.factories import ArticleFactory, ClaimFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

S = Annotation.State
QUEUE = reverse("annotations:queue")
AUDIT = reverse("annotations:audit")
EXPORT = reverse("annotations:audit-export")


def detail_url(annotation) -> str:
    return reverse("annotations:annotation-detail", args=[annotation.pk])


def decide_url(annotation) -> str:
    return reverse("annotations:annotation-decide", args=[annotation.pk])


def login(client, user):
    client.force_login(user)
    return client


def submitted(author, article, **content) -> Annotation:
    """Create and submit an annotation on a new claim of the article."""
    content.setdefault("note", "The budget was $4.1 million, says the council's minutes.")
    annotation = services.annotation_create(article=article, claim=ClaimFactory(article=article), by=author,
                                            **content)
    return services.annotation_submit(annotation=annotation, by=author)


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.fixture
def article(workspace):
    return ArticleFactory(workspace=workspace, title="Budget passes")


@pytest.fixture
def statistic(workspace):
    return workspace.labels.get(name="statistic")


@pytest.fixture
def item(article, reviewer, statistic):
    return submitted(reviewer, article, tags=[statistic])


# --- Who may see which page ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("url", [QUEUE, AUDIT, EXPORT])
def test_anonymous_visitor_is_sent_to_sign_in(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("role, status", [
    (Membership.Role.REVIEWER, 403),
    (Membership.Role.FACTCHECKER, 403),
    (Membership.Role.EDITOR, 200),
    (Membership.Role.ADMIN, 200),
])
@pytest.mark.parametrize("url", [QUEUE, AUDIT, EXPORT])
def test_queue_and_audit_trail_are_for_editors_and_admins(client, workspace, item, role, status, url):
    user = MembershipFactory(workspace=workspace, role=role).user
    response = login(client, user).get(url)
    assert response.status_code == status


def test_outsider_editor_sees_nothing_of_another_workspace_in_the_queue(outsider_client, item):
    response = outsider_client.get(QUEUE)
    assert response.status_code == 200
    assert response.context["items"] == []
    assert response.context["facets"].total == 0
    assert b"Budget passes" not in response.content


def test_outsider_editor_sees_nothing_of_another_workspace_in_the_audit_trail(outsider_client, item):
    response = outsider_client.get(AUDIT)
    assert response.status_code == 200
    assert all(row.event.workspace_id != item.article.workspace_id for row in response.context["rows"])
    body = b"".join(outsider_client.get(EXPORT).streaming_content).decode()
    assert f"annotation,{item.pk}," not in body


@pytest.mark.parametrize("role", [Membership.Role.REVIEWER, Membership.Role.EDITOR, Membership.Role.ADMIN])
def test_members_see_an_annotations_page(client, workspace, item, role):
    user = MembershipFactory(workspace=workspace, role=role).user
    response = login(client, user).get(detail_url(item))
    assert response.status_code == 200
    assert response.context["annotation"] == item


def test_outsider_gets_404_for_an_annotations_page(outsider_client, item):
    assert outsider_client.get(detail_url(item)).status_code == 404


def test_missing_annotation_is_the_same_404(editor_client):
    assert editor_client.get(reverse("annotations:annotation-detail", args=[999999])).status_code == 404


def test_factchecker_gets_404_for_an_unapproved_annotation(client, factchecker, item):
    response = login(client, factchecker).get(detail_url(item))
    assert response.status_code == 404


def test_factchecker_sees_an_approved_annotation(client, factchecker, editor, item):
    services.annotation_decide(annotation=item, version=item.version, by=editor, decision="approve")
    response = login(client, factchecker).get(detail_url(item))
    assert response.status_code == 200
    assert b"Approved" in response.content


# --- The queue ----------------------------------------------------------------------------------------------------


def test_queue_lists_submitted_annotations_oldest_first_with_their_context(editor_client, article, reviewer,
                                                                          workspace, statistic):
    with time_machine.travel(datetime(2026, 11, 24, 9, 0, tzinfo=UTC), tick=False):
        older = submitted(reviewer, article, tags=[statistic], verdict=workspace.ratings.get(name="Mostly true"))
        services.evidence_attach(annotation=older, by=reviewer, url="https://example.org/minutes",
                                 title="Council minutes", stance="refutes")
    with time_machine.travel(datetime(2026, 11, 25, 9, 0, tzinfo=UTC), tick=False):
        newer = submitted(reviewer, article, note="Check the date.")
    services.annotation_create(article=article, claim=ClaimFactory(article=article), by=reviewer, note="A draft")

    response = editor_client.get(QUEUE)

    assert response.status_code == 200
    assert [i.annotation for i in response.context["items"]] == [older, newer]
    html = response.content.decode()
    # The factory's claim ends at the first full stop, in "$4.2"; the rest of its paragraph follows.
    assert "<mark>The council approved a budget of $4.</mark>2 million on Tuesday.</p>" in html
    assert "The budget was $4.1 million, says the council&#x27;s minutes." in html
    assert "Mostly true" in html and "statistic" in html
    assert 'href="https://example.org/minutes"' in html
    assert "A draft" not in html


def test_queue_filters_by_article_reviewer_kind_and_tag_with_counts(editor_client, workspace, article, reviewer,
                                                                   admin_member, statistic):
    other_article = ArticleFactory(workspace=workspace, title="Flood plan")
    tagged = submitted(reviewer, article, tags=[statistic])
    verdict = submitted(admin_member, other_article, verdict=workspace.ratings.get(name="False"))
    span = services.annotation_submit(annotation=services.annotation_create(
        article=article, start=4, end=11, by=reviewer, note="Which council?"), by=reviewer)

    def shown(**params):
        response = editor_client.get(QUEUE, params)
        assert response.status_code == 200
        return {i.annotation.pk for i in response.context["items"]}

    assert shown() == {tagged.pk, verdict.pk, span.pk}
    assert shown(article=other_article.pk) == {verdict.pk}
    assert shown(reviewer=reviewer.pk) == {tagged.pk, span.pk}
    assert shown(kind="verdict") == {verdict.pk}
    assert shown(kind="span_note") == {span.pk}
    assert shown(tag=statistic.pk) == {tagged.pk}
    assert shown(kind="nonsense") == {tagged.pk, verdict.pk, span.pk}  # an unknown kind is no filter

    facets = editor_client.get(QUEUE).context["facets"]
    assert facets.total == 3
    assert facets.articles == [(article.pk, "Budget passes", 2), (other_article.pk, "Flood plan", 1)]
    assert facets.reviewers == [(admin_member.pk, "ada", 1), (reviewer.pk, "rita", 2)]
    assert ("verdict", "Verdict", 1) in facets.kinds
    assert facets.tags == [(statistic.pk, "statistic", 1)]


@pytest.mark.parametrize("count", [3, 6])
def test_queue_query_count_does_not_grow_with_items(editor_client, article, reviewer, statistic, count,
                                                    django_assert_num_queries):
    for _ in range(count):
        annotation = submitted(reviewer, article, tags=[statistic])
        services.evidence_attach(annotation=annotation, by=reviewer, url="https://example.org/")
    # session, user, editor memberships; facets: articles, reviewers, kind counts, tags;
    # paginator count, the page of annotations with their joins and context, tags, evidence
    with django_assert_num_queries(11):
        response = editor_client.get(QUEUE)
    assert len(response.context["items"]) == count


def test_editors_own_annotation_is_listed_without_decision_buttons(editor_client, article, editor):
    own = submitted(editor, article)
    response = editor_client.get(QUEUE)
    assert [i.own for i in response.context["items"]] == [True]
    assert "another editor decides" in response.content.decode()
    assert f'action="{decide_url(own)}"' not in response.content.decode()


def test_queue_page_has_no_inline_script_or_style(editor_client, item):
    html = editor_client.get(QUEUE).content.decode()
    assert "style=" not in html
    assert "<script>" not in html
    assert '<script type="module" src="/static/annotations/js/queue.js">' in html


# --- Decisions from the page --------------------------------------------------------------------------------------


def test_editor_approves_from_the_queue_and_returns_to_it_with_the_filters(editor_client, editor, item):
    next_url = f"{QUEUE}?article={item.article_id}"
    response = editor_client.post(decide_url(item), {"version": 1, "decision": "approve", "next": next_url})
    assert response.status_code == 302
    assert response.url == next_url
    assert messages_of(response) == [f"Approved #{item.pk} (version 1)."]
    item.refresh_from_db()
    assert item.state == S.APPROVED
    assert ReviewDecision.objects.get(annotation=item).editor == editor


def test_request_changes_with_a_comment_sends_it_back(editor_client, item):
    response = editor_client.post(decide_url(item), {"version": 1, "decision": "request_changes",
                                                     "comment": "Link the minutes."})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.state == S.CHANGES_REQUESTED
    assert ReviewDecision.objects.get(annotation=item).comment == "Link the minutes."


@pytest.mark.parametrize("decision", ["reject", "request_changes"])
def test_reject_or_send_back_without_comment_is_400_naming_the_field(editor_client, item, decision):
    response = editor_client.post(decide_url(item), {"version": 1, "decision": decision, "comment": "  "})
    assert response.status_code == 400
    [failed] = [i for i in response.context["items"] if i.form is not None]
    assert failed.annotation == item
    assert failed.form.errors == {"comment": [services.COMMENT_REQUIRED]}
    assert services.COMMENT_REQUIRED in response.content.decode()
    item.refresh_from_db()
    assert item.state == S.SUBMITTED
    assert not ReviewDecision.objects.exists()


def test_self_approval_through_the_page_is_refused_and_the_comment_kept(editor_client, editor, article):
    own = submitted(editor, article)
    events = AuditEvent.objects.count()
    response = editor_client.post(decide_url(own), {"version": 1, "decision": "approve",
                                  "comment": "Looks right to me"})
    assert response.status_code == 400
    [failed] = [i for i in response.context["items"] if i.form is not None]
    assert failed.form.errors == {"decision": [services.OWN_ANNOTATION]}
    html = response.content.decode()
    assert services.OWN_ANNOTATION in html
    assert ">Looks right to me</textarea>" in html
    own.refresh_from_db()
    assert own.state == S.SUBMITTED
    assert not ReviewDecision.objects.exists()
    assert AuditEvent.objects.count() == events


@pytest.mark.parametrize("role, status", [(Membership.Role.REVIEWER, 403), (Membership.Role.FACTCHECKER, 404)])
def test_reviewer_and_factchecker_cannot_decide_through_the_page(client, workspace, item, role, status):
    user = MembershipFactory(workspace=workspace, role=role).user
    response = login(client, user).post(decide_url(item), {"version": 1, "decision": "approve"})
    assert response.status_code == status
    item.refresh_from_db()
    assert item.state == S.SUBMITTED
    assert not ReviewDecision.objects.exists()


def test_outsider_cannot_decide_and_gets_404(outsider_client, item):
    response = outsider_client.post(decide_url(item), {"version": 1, "decision": "approve"})
    assert response.status_code == 404
    assert not ReviewDecision.objects.exists()


def test_deciding_needs_post(editor_client, item):
    assert editor_client.get(decide_url(item)).status_code == 405


def test_decision_already_taken_by_another_editor_is_told_and_not_doubled(editor_client, admin_member, item):
    services.annotation_decide(annotation=item, version=item.version, by=admin_member, decision="approve")
    response = editor_client.post(decide_url(item), {"version": 1, "decision": "reject", "comment": "No."})
    assert response.status_code == 302
    assert messages_of(response) == [f"#{item.pk}: {services.ALREADY_DECIDED}"]
    assert ReviewDecision.objects.filter(annotation=item).count() == 1
    item.refresh_from_db()
    assert item.state == S.APPROVED


def test_decision_never_redirects_off_the_queue(editor_client, item):
    response = editor_client.post(decide_url(item), {"version": 1, "decision": "approve",
                                                     "next": "https://evil.example/queue/"})
    assert response.status_code == 302
    assert response.url == QUEUE


def test_script_gets_the_decided_item_back_instead_of_a_redirect(editor_client, item):
    response = editor_client.post(decide_url(item), {"version": 1, "decision": "approve"},
                                  headers={"X-Axis-Fragment": "queue-item"})
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith("<article") and "is-decided" in html
    assert "Approved version 1." in html
    assert "<html" not in html
    assert messages_of(response) == []
    item.refresh_from_db()
    assert item.state == S.APPROVED


def test_script_gets_the_item_with_its_error_and_comment_on_a_refusal(editor_client, item):
    response = editor_client.post(decide_url(item), {"version": 1, "decision": "reject", "comment": ""},
                                  headers={"X-Axis-Fragment": "queue-item"})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'aria-invalid="true"' in html and services.COMMENT_REQUIRED in html
    assert "<html" not in html
    assert not ReviewDecision.objects.exists()


def test_a_stale_decision_says_who_changed_what_and_shows_the_newer_version_to_decide_on(editor_client, reviewer,
                                                                                         article):
    item = submitted(reviewer, article, note="Version one.")
    services.annotation_update(annotation=item, by=reviewer, version=1, note="Version two.")
    response = editor_client.post(decide_url(item), {"version": 1, "decision": "approve", "comment": "Fine."})
    assert response.status_code == 400
    message = services.CHANGED_SINCE_READ.format(author="rita", current=2, read=1)
    [failed] = [i for i in response.context["items"] if i.form is not None]
    assert failed.form.errors == {"version": [message]}
    html = response.content.decode()
    assert f'<div class="form-error" role="alert"><p>{escape(message)}</p>' in html
    assert "<li>Note: “Version one.” → “Version two.”</li>" in html
    assert "Version two." in html and '<input type="hidden" name="version" value="2"' in html
    assert ">Fine.</textarea>" in html
    assert not ReviewDecision.objects.exists()


def test_script_gets_the_newer_version_on_a_stale_decision_and_can_decide_on_it(editor_client, reviewer, article):
    item = submitted(reviewer, article, note="Version one.")
    services.annotation_update(annotation=item, by=reviewer, version=1, note="Version two.")
    fragment = {"X-Axis-Fragment": "queue-item"}
    response = editor_client.post(decide_url(item), {"version": 1, "decision": "approve"}, headers=fragment)
    assert response.status_code == 400
    html = response.content.decode()
    assert 'role="alert"><p>rita changed this annotation after you opened it (now version 2; you read version 1).' \
        in html
    assert "Version two." in html and '<input type="hidden" name="version" value="2"' in html
    assert f'value="{item.pk}:2"' in html
    assert not ReviewDecision.objects.exists()
    again = editor_client.post(decide_url(item), {"version": 2, "decision": "approve"}, headers=fragment)
    assert again.status_code == 200 and "Approved version 2." in again.content.decode()


@pytest.mark.parametrize("version", ["", "x", "0"])
def test_a_decision_without_the_version_read_is_refused_visibly(editor_client, item, version):
    response = editor_client.post(decide_url(item), {"version": version, "decision": "approve"},
                                  headers={"X-Axis-Fragment": "queue-item"})
    assert response.status_code == 400
    assert f'role="alert"><p>{escape(views.VERSION_MISSING)}</p>' in response.content.decode()
    item.refresh_from_db()
    assert item.state == S.SUBMITTED
    assert not ReviewDecision.objects.exists()


# --- Bulk approval ------------------------------------------------------------------------------------------------


APPROVE_MANY = reverse("annotations:queue-approve")


def checkbox_values(html: str) -> list[str]:
    """Return what the queue's "Select" boxes post: id and version of each item as the page shows it."""
    return re.findall(r'<input type="checkbox" name="items" value="([^"]+)" form="bulk-form"', html)


def test_bulk_approval_approves_each_selected_version(editor_client, editor, reviewer, article):
    first, second = submitted(reviewer, article), submitted(reviewer, article)
    values = checkbox_values(editor_client.get(QUEUE).content.decode())
    assert values == [f"{first.pk}:1", f"{second.pk}:1"]
    response = editor_client.post(APPROVE_MANY, {"items": values, "next": QUEUE})
    assert response.status_code == 302
    assert response.url == QUEUE
    assert messages_of(response) == [f"Approved 2: #{first.pk} (version 1), #{second.pk} (version 1)."]
    assert set(Annotation.objects.filter(state=S.APPROVED)) == {first, second}
    assert set(ReviewDecision.objects.values_list("annotation_id", "annotation_version", "editor")) == {
        (first.pk, 1, editor.pk), (second.pk, 1, editor.pk)}


def test_bulk_approval_refuses_a_version_edited_after_the_queue_was_loaded(editor_client, reviewer, article):
    item = submitted(reviewer, article, note="Version one.")
    values = checkbox_values(editor_client.get(QUEUE).content.decode())
    services.annotation_update(annotation=item, by=reviewer, version=1, note="Version two, never seen.")
    events = AuditEvent.objects.count()

    response = editor_client.post(APPROVE_MANY, {"items": values, "next": QUEUE})

    assert response.status_code == 400
    message = services.CHANGED_SINCE_READ.format(author="rita", current=2, read=1)
    [failed] = [i for i in response.context["items"] if i.form is not None]
    assert failed.annotation == item and failed.form.errors == {"version": [message]}
    html = response.content.decode()
    assert re.search(r'<div class="form-error" role="alert"><p>' + re.escape(escape(message)), html)
    assert failed.changes == ["Note: “Version one.” → “Version two, never seen.”"]
    # The newer version is on the page, ready to be read and decided on in place.
    assert '<dd class="note">Version two, never seen.</dd>' in html
    assert '<input type="hidden" name="version" value="2"' in html
    assert checkbox_values(html) == [f"{item.pk}:2"]
    assert messages_of(response) == [views.BULK_REFUSED.format(n=1)]
    item.refresh_from_db()
    assert (item.state, item.version) == (S.SUBMITTED, 2)
    assert not ReviewDecision.objects.exists()
    assert AuditEvent.objects.count() == events

    again = editor_client.post(APPROVE_MANY, {"items": checkbox_values(html), "next": QUEUE})
    assert again.status_code == 302
    assert list(ReviewDecision.objects.values_list("annotation_id", "annotation_version")) == [(item.pk, 2)]


def test_bulk_approval_approves_the_rest_and_shows_each_refusal_on_its_item(editor_client, editor, reviewer,
                                                                            article):
    fresh, stale = submitted(reviewer, article), submitted(reviewer, article)
    own = submitted(editor, article)
    values = checkbox_values(editor_client.get(QUEUE).content.decode())
    services.annotation_update(annotation=stale, by=reviewer, version=1, note="Edited meanwhile.")

    response = editor_client.post(APPROVE_MANY, {"items": values, "next": QUEUE})

    assert response.status_code == 200
    assert messages_of(response) == [f"Approved 1: #{fresh.pk} (version 1).", views.BULK_REFUSED.format(n=2)]
    errors = {i.annotation.pk: i.form.errors for i in response.context["items"] if i.form is not None}
    assert errors == {
        stale.pk: {"version": [services.CHANGED_SINCE_READ.format(author="rita", current=2, read=1)]},
        own.pk: {"decision": [services.OWN_ANNOTATION]},
    }
    assert escape(services.OWN_ANNOTATION) in response.content.decode()
    assert list(ReviewDecision.objects.values_list("annotation_id", flat=True)) == [fresh.pk]
    assert set(Annotation.objects.filter(state=S.SUBMITTED)) == {stale, own}


def test_bulk_approval_of_a_correction_that_no_longer_fits_refuses_only_that_item(editor_client, reviewer,
                                                                                  article):
    plain = submitted(reviewer, article)
    claim = ClaimFactory(article=article)
    split = services.annotation_create(article=article, claim=claim, by=reviewer, correction="split_claim",
                                       correction_data={"at": claim.start + 3})
    services.annotation_submit(annotation=split, by=reviewer)
    # A split point the claim no longer holds, as after another change of the claim.
    Annotation.objects.filter(pk=split.pk).update(correction_data={"at": claim.end + 500})
    claims = list(article.claims.values_list("pk", "start", "end", "text"))

    response = editor_client.post(APPROVE_MANY, {"items": [f"{plain.pk}:1", f"{split.pk}:1"], "next": QUEUE})

    assert response.status_code == 200
    [failed] = [i for i in response.context["items"] if i.form is not None]
    assert failed.annotation == split and failed.form.errors
    assert list(ReviewDecision.objects.values_list("annotation_id", flat=True)) == [plain.pk]
    split.refresh_from_db()
    assert split.state == S.SUBMITTED
    assert list(article.claims.values_list("pk", "start", "end", "text")) == claims


def test_bulk_refusal_of_an_item_the_page_does_not_show_is_told_in_a_message(editor_client, editor, reviewer,
                                                                            workspace, article):
    other = ArticleFactory(workspace=workspace, title="Flood plan")
    shown, own = submitted(reviewer, other), submitted(editor, article)
    next_url = f"{QUEUE}?article={other.pk}"
    response = editor_client.post(APPROVE_MANY, {"items": [f"{shown.pk}:1", f"{own.pk}:1"], "next": next_url})
    assert response.status_code == 302
    assert response.url == next_url
    assert messages_of(response) == [f"Approved 1: #{shown.pk} (version 1).",
                                     f"Skipped 1: #{own.pk}: {services.OWN_ANNOTATION}"]
    own.refresh_from_db()
    assert own.state == S.SUBMITTED


def test_bulk_approval_without_the_version_read_approves_nothing(editor_client, item):
    response = editor_client.post(APPROVE_MANY, {"items": [str(item.pk)], "next": QUEUE})
    assert response.status_code == 400
    [failed] = [i for i in response.context["items"] if i.form is not None]
    assert failed.form.errors == {"version": [views.VERSION_MISSING]}
    assert views.VERSION_MISSING in response.content.decode()
    item.refresh_from_db()
    assert item.state == S.SUBMITTED
    assert not ReviewDecision.objects.exists()


def test_bulk_approval_skips_annotations_of_another_workspace(outsider_client, item):
    response = outsider_client.post(APPROVE_MANY, {"items": [f"{item.pk}:1"]})
    assert response.status_code == 302
    assert messages_of(response) == [f"Skipped 1: #{item.pk}: It is no longer awaiting review."]
    item.refresh_from_db()
    assert item.state == S.SUBMITTED
    assert not ReviewDecision.objects.exists()


def test_bulk_approval_with_nothing_selected_says_so(editor_client, item):
    response = editor_client.post(APPROVE_MANY, {})
    assert response.status_code == 302
    assert messages_of(response) == ["Select at least one annotation to approve."]
    assert not ReviewDecision.objects.exists()


def test_reviewer_cannot_bulk_approve(reviewer_client, item):
    response = reviewer_client.post(APPROVE_MANY, {"items": [f"{item.pk}:1"]})
    assert response.status_code == 403
    assert not ReviewDecision.objects.exists()


# --- An annotation's page -----------------------------------------------------------------------------------------


def test_annotation_page_tells_its_history_as_a_timeline(client, editor, reviewer, article):
    with time_machine.travel(datetime(2026, 11, 26, 9, 0, tzinfo=UTC), tick=False):
        annotation = submitted(reviewer, article)
    with time_machine.travel(datetime(2026, 11, 26, 9, 30, tzinfo=UTC), tick=False):
        services.annotation_decide(annotation=annotation, version=annotation.version, by=editor,
                                   decision="request_changes",
                                   comment="Which minutes? Link them.")
    with time_machine.travel(datetime(2026, 11, 26, 10, 0, tzinfo=UTC), tick=False):
        annotation.refresh_from_db()
        services.evidence_attach(annotation=annotation, by=reviewer, url="https://example.org/minutes",
                                 title="Council minutes")
        annotation.refresh_from_db()
        services.annotation_update(annotation=annotation, by=reviewer, version=annotation.version,
                                   note="Minutes linked.")
        services.annotation_submit(annotation=annotation, by=reviewer)
    with time_machine.travel(datetime(2026, 11, 26, 10, 14, tzinfo=UTC), tick=False):
        annotation.refresh_from_db()
        services.annotation_decide(annotation=annotation, version=annotation.version, by=editor, decision="approve")

    response = login(client, reviewer).get(detail_url(annotation))

    assert response.status_code == 200
    lines = [f"{e.actor} {e.text}" for e in response.context["timeline"]]
    assert lines == [
        "rita created the annotation (version 1)",
        "rita submitted version 1 for review",
        "ed sent version 1 back for changes",
        "rita attached evidence (context): Council minutes",
        "rita edited it, making version 2",
        "rita resubmitted it for review as version 2",
        "ed approved version 2",
    ]
    html = response.content.decode()
    assert "<strong>ed</strong> approved version 2 — <time" in html
    assert ">26 Nov 2026 10:14</time>" in html
    assert "Which minutes? Link them." in html
    assert "Approved" in html


# --- The audit trail ----------------------------------------------------------------------------------------------


def test_audit_trail_lists_events_newest_first_and_filters_them(editor_client, editor, reviewer, article, item):
    services.annotation_decide(annotation=item, version=item.version, by=editor, decision="approve")
    response = editor_client.get(AUDIT)
    assert response.status_code == 200
    events = [row.event for row in response.context["rows"]]
    assert events == sorted(events, key=lambda e: (e.created, e.id), reverse=True)
    assert events[0].action == "annotation.decide"

    by_action = editor_client.get(AUDIT, {"action": "annotation.submit"}).context["rows"]
    assert [(r.event.action, r.event.object_id) for r in by_action] == [("annotation.submit", str(item.pk))]
    by_actor = editor_client.get(AUDIT, {"actor": editor.pk}).context["rows"]
    assert {r.event.action for r in by_actor} == {"annotation.decide", "decision.approve"}
    by_type = editor_client.get(AUDIT, {"object_type": "reviewdecision"}).context["rows"]
    assert [r.annotation_id for r in by_type] == [item.pk]
    nobody = editor_client.get(AUDIT, {"actor": "none"}).context["rows"]
    assert [r.event.action for r in nobody] == ["workspace.create"]  # the fixture's workspace has no creator


def test_audit_trail_filters_by_date_range(editor_client, reviewer, article, statistic):
    with time_machine.travel(datetime(2026, 11, 1, 12, 0, tzinfo=UTC), tick=False):
        early = submitted(reviewer, article, tags=[statistic])
    with time_machine.travel(datetime(2026, 11, 20, 12, 0, tzinfo=UTC), tick=False):
        late = submitted(reviewer, article, tags=[statistic])
    response = editor_client.get(AUDIT, {"date_from": "2026-11-10", "date_to": "2026-11-30"})
    assert response.status_code == 200
    assert {r.event.object_id for r in response.context["rows"] if r.event.object_type == "annotation"} == {
        str(late.pk)}
    response = editor_client.get(AUDIT, {"date_to": "2026-11-02"})
    assert {r.event.object_id for r in response.context["rows"] if r.event.object_type == "annotation"} == {
        str(early.pk)}


def test_audit_date_range_backwards_is_400_naming_the_field(editor_client, item):
    response = editor_client.get(AUDIT, {"date_from": "2026-11-30", "date_to": "2026-11-01"})
    assert response.status_code == 400
    assert response.context["form"].errors == {"date_to": ["The end date comes before the start date."]}
    assert 'aria-invalid="true"' in response.content.decode()


def test_audit_trail_is_paginated(editor_client, reviewer, article, statistic):
    for _ in range(30):  # two events each: create and submit
        submitted(reviewer, article, tags=[statistic])
    first = editor_client.get(AUDIT)
    second = editor_client.get(AUDIT, {"page": 2})
    assert len(first.context["rows"]) == 50
    assert first.context["page"].paginator.count == AuditEvent.objects.filter(workspace=article.workspace).count()
    assert not {r.event.pk for r in first.context["rows"]} & {r.event.pk for r in second.context["rows"]}


@pytest.mark.parametrize("count", [3, 6])
def test_audit_query_count_does_not_grow_with_events(editor_client, reviewer, article, count,
                                                     django_assert_num_queries):
    for _ in range(count):
        submitted(reviewer, article)
    # session, user, editor memberships, paginator count, the page of events with actors and workspaces,
    # filter options: actors, actions, object types
    with django_assert_num_queries(8):
        response = editor_client.get(AUDIT)
    assert len(response.context["rows"]) >= 2 * count


def test_audit_csv_export_has_every_column_and_the_filters(editor_client, editor, item):
    decision = services.annotation_decide(annotation=item, version=item.version, by=editor, decision="approve")
    response = editor_client.get(EXPORT, {"object_type": "reviewdecision"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="axis-audit-')
    data = b"".join(response.streaming_content)
    assert data.startswith(b"\xef\xbb\xbftime,")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == ["time", "actor", "action", "object_type", "object_id", "before", "after"]
    [row] = rows[1:]
    event = AuditEvent.objects.get(object_type="reviewdecision")
    assert row[:5] == [event.created.isoformat(), "ed", "decision.approve", "reviewdecision", str(decision.pk)]
    assert json.loads(row[5]) is None
    assert json.loads(row[6])["annotation_id"] == item.pk
    assert json.loads(row[6])["decision"] == "approve"


def test_audit_csv_keeps_spreadsheet_formulas_inert(client, workspace):
    admin = MembershipFactory(workspace=workspace, role=Membership.Role.ADMIN, user=UserFactory(username="=1+2")).user
    services.membership_set(workspace=workspace, user=UserFactory(username="newbie"), role="reviewer", by=admin)
    body = b"".join(login(client, admin).get(EXPORT).streaming_content).decode()
    [row] = [r for r in csv.reader(io.StringIO(body)) if r[2] == "membership.set"]
    assert row[1] == "'=1+2"


# --- Home page notices --------------------------------------------------------------------------------------------


def test_reviewer_sees_work_sent_back_or_rejected_with_the_editors_comment(reviewer_client, editor, article, item):
    rejected = submitted(item.author, article)
    services.annotation_decide(annotation=item, version=item.version, by=editor, decision="request_changes",
                               comment="Cite the minutes.")
    services.annotation_decide(annotation=rejected, version=rejected.version, by=editor, decision="reject",
                               comment="Not a claim.")
    response = reviewer_client.get(reverse("annotations:home"))
    assert response.status_code == 200
    assert {(a.pk, a.decision_comment, a.decision_editor) for a in response.context["sent_back"]} == {
        (item.pk, "Cite the minutes.", "ed"), (rejected.pk, "Not a claim.", "ed")}
    html = response.content.decode()
    assert "Cite the minutes." in html and "Not a claim." in html
    assert f'href="{detail_url(item)}"' in html
    assert f'href="{QUEUE}"' not in html


def test_editor_sees_the_size_of_the_queue_on_the_home_page(editor_client, reviewer, article, item):
    submitted(reviewer, article)
    response = editor_client.get(reverse("annotations:home"))
    assert response.context["queue_size"] == 2
    assert "2</strong> annotations await review" in response.content.decode()
    assert f'href="{QUEUE}"' in response.content.decode()


def test_home_shows_each_articles_annotations_per_state(reviewer_client, editor, reviewer, article):
    approved, sent_back, waiting = (submitted(reviewer, article) for _ in range(3))
    services.annotation_decide(annotation=approved, version=approved.version, by=editor, decision="approve")
    services.annotation_decide(annotation=sent_back, version=sent_back.version, by=editor,
                               decision="request_changes", comment="Why?")
    services.annotation_create(article=article, claim=ClaimFactory(article=article), by=reviewer, note="Draft")
    html = reviewer_client.get(reverse("annotations:home")).content.decode()
    assert "1 of 4 approved" in html
    for shown in ("1 awaiting review", "1 sent back", "1 draft"):
        assert shown in html
    assert "rejected</li>" not in html


# --- The admin ----------------------------------------------------------------------------------------------------


@pytest.fixture
def superuser_editor(workspace):
    user = UserFactory(username="root", is_staff=True, is_superuser=True)
    MembershipFactory(workspace=workspace, user=user, role=Membership.Role.ADMIN)
    return user


def test_admin_cannot_record_a_review_decision(client, superuser_editor, article):
    own = submitted(superuser_editor, article)
    login(client, superuser_editor)
    add = reverse("admin:annotations_reviewdecision_add")
    assert client.get(add).status_code == 403
    response = client.post(add, {"annotation": own.pk, "annotation_version": 1, "editor": superuser_editor.pk,
                                 "decision": "approve"})
    assert response.status_code == 403
    assert not ReviewDecision.objects.exists()


def test_admin_cannot_approve_own_annotation_by_editing_its_state(client, superuser_editor, article):
    own = submitted(superuser_editor, article)
    login(client, superuser_editor)
    change = reverse("admin:annotations_annotation_change", args=[own.pk])
    form = client.get(change).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None and name != "tags"}
    data |= {"state": "approved", "version": 9, "correction_data": "{}", "evidence-TOTAL_FORMS": 0,
             "evidence-INITIAL_FORMS": 0, "evidence-MIN_NUM_FORMS": 0, "evidence-MAX_NUM_FORMS": 1000}
    response = client.post(change, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    own.refresh_from_db()
    assert (own.state, own.version) == (S.SUBMITTED, 1)
    assert not ReviewDecision.objects.exists()
