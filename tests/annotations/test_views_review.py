"""The review page and each action a reviewer takes on it."""

import re

import pytest
from django.urls import reverse

from annotations import selectors
from annotations.models import Annotation, AuditEvent, Evidence, Membership, Rating, Source
from annotations.selectors.articles import rows_digest
from annotations.views.fragments import text_segments
from tests.factories import AnnotationFactory, ArticleFactory, ClaimFactory, MembershipFactory, QuoteFactory

pytestmark = pytest.mark.django_db

FRAGMENT = {"HTTP_X_AXIS_FRAGMENT": "1"}


@pytest.fixture
def article(workspace):
    article = ArticleFactory(workspace=workspace)
    ClaimFactory(article=article, ordinal=0)
    QuoteFactory(article=article, source__name="Maria Lopez")
    return article


@pytest.fixture
def claim(article):
    return article.claims.get()


def page_url(article):
    return reverse("annotations:article-detail", args=[article.pk])


def create_url(article):
    return reverse("annotations:annotation-create", args=[article.pk])


def test_review_page_shows_text_claims_and_speakers(reviewer_client, article, claim):
    response = reviewer_client.get(page_url(article))
    body = response.content.decode()
    assert response.status_code == 200
    assert f'data-c="{claim.pk}"' in body
    assert "— Maria Lopez" in body
    assert "Check-worthiness at least" in body


def test_review_page_text_runs_reproduce_the_clean_text(article):
    claims = list(selectors.claims_for_review(article=article))
    quotes = list(selectors.quotes_for_review(article=article))
    segments = text_segments(article.clean_text, claims=claims, quotes=quotes, spans=[(3, 9)])
    assert "".join(article.clean_text[s.start:s.end] for s in segments) == article.clean_text
    assert all(s.start < s.end for s in segments)
    assert [s.spans for s in segments if s.start < 9 and s.end > 3] == [1] * len(
        [s for s in segments if s.start < 9 and s.end > 3])


def test_outsider_gets_404_for_page_panel_and_actions(outsider_client, article, claim, reviewer):
    annotation = AnnotationFactory(claim=claim, author=reviewer)
    urls = [
        page_url(article),
        reverse("annotations:review-panel", args=[article.pk]) + f"?target=claim:{claim.pk}",
    ]
    for url in urls:
        assert outsider_client.get(url).status_code == 404
    posts = [
        (create_url(article), {"target": f"claim:{claim.pk}", "note": "sneaky"}),
        (reverse("annotations:annotation-edit", args=[article.pk, annotation.pk]), {"a%d-version" % annotation.pk: 1}),
        (reverse("annotations:annotation-submit", args=[article.pk, annotation.pk]), {}),
        (reverse("annotations:evidence-add", args=[article.pk, annotation.pk]), {}),
    ]
    for url, data in posts:
        assert outsider_client.post(url, data).status_code == 404
    assert Annotation.objects.count() == 1


def test_panel_for_a_claim_offers_the_labels(reviewer_client, article, claim):
    response = reviewer_client.get(reverse("annotations:review-panel", args=[article.pk]),
                                   {"target": f"claim:{claim.pk}"}, **FRAGMENT)
    body = response.content.decode()
    assert response.status_code == 200
    assert "check-worthy" in body and "Mostly true" in body
    assert "<html" not in body


def test_reviewer_tags_and_gives_a_verdict(reviewer_client, reviewer, article, claim, workspace):
    label = workspace.labels.get(name="statistic")
    rating = workspace.ratings.get(name="Half true")
    response = reviewer_client.post(create_url(article), {
        "target": f"claim:{claim.pk}", "tags": [label.pk], "verdict": rating.pk, "note": "Budget was $4.1m.",
    }, **FRAGMENT)
    assert response.status_code == 201
    annotation = Annotation.objects.get()
    assert (annotation.claim, annotation.verdict, annotation.author) == (claim, rating, reviewer)
    assert list(annotation.tags.all()) == [label]
    assert "Saved as a draft." in response.content.decode()


def test_review_page_shows_each_change_though_its_text_and_claim_list_are_cached(reviewer_client, article, claim,
                                                                                   workspace):
    for _ in range(2):  # the second time from the cache
        first = reviewer_client.get(page_url(article)).content.decode()
        assert 'data-verdict="0"' in first and "q-rejected" not in first and "Maria Lopez" in first

    rating = workspace.ratings.get(name="Half true")
    reviewer_client.post(create_url(article), {"target": f"claim:{claim.pk}", "verdict": rating.pk, "note": "ok"})
    for _ in range(2):  # built, then from the cache: the counts come from the claims' summary
        body = reviewer_client.get(page_url(article)).content.decode()
        assert 'data-verdict="1"' in body
        assert 'without a verdict</label>\n          <span class="count">0</span>' in body
        assert '<span class="count" id="f-score-count">1 claim</span>' in body

    Source.objects.filter(quotes__article=article).update(name="Maria López")
    assert 'data-speaker="— Maria López' in reviewer_client.get(page_url(article)).content.decode()

    article.quotes.update(state="rejected")
    assert "q-rejected" in reviewer_client.get(page_url(article)).content.decode()


def test_create_without_javascript_redirects_back_to_the_target(reviewer_client, article, claim):
    response = reviewer_client.post(create_url(article), {"target": f"claim:{claim.pk}", "note": "Check this"})
    assert response.status_code == 302
    assert response.url.endswith(f"?target=claim:{claim.pk}")


def test_span_annotation_stores_exact_offsets_across_claims_and_quotes(reviewer_client, article):
    text = article.clean_text
    start, end = text.index("Tuesday"), text.index("director")
    response = reviewer_client.post(create_url(article), {"target": f"span:{start}-{end}", "note": "context"},
                                    **FRAGMENT)
    assert response.status_code == 201
    annotation = Annotation.objects.get()
    assert (annotation.start, annotation.end) == (start, end)
    assert annotation.exact == text[start:end]
    assert "“We cannot wait" in annotation.exact


def test_empty_annotation_is_a_form_error_and_keeps_nothing(reviewer_client, article, claim):
    response = reviewer_client.post(create_url(article), {"target": f"claim:{claim.pk}", "note": "  "}, **FRAGMENT)
    assert response.status_code == 400
    assert "Add a tag, a verdict, a note or a correction." in response.content.decode()
    assert Annotation.objects.count() == 0


def test_span_outside_the_text_is_refused(reviewer_client, article):
    response = reviewer_client.post(create_url(article), {"target": "span:5-99999", "note": "x"}, **FRAGMENT)
    assert response.status_code == 400
    assert Annotation.objects.count() == 0


def test_claim_of_another_article_is_refused(reviewer_client, article, workspace):
    foreign_claim = ClaimFactory(article=ArticleFactory(workspace=workspace))
    response = reviewer_client.post(create_url(article), {"target": f"claim:{foreign_claim.pk}", "note": "x"},
                                    **FRAGMENT)
    assert response.status_code == 400
    assert "No such claim in this article." in response.content.decode()
    assert Annotation.objects.count() == 0


def test_javascript_evidence_url_is_refused_and_typed_text_kept(reviewer_client, reviewer, claim):
    annotation = AnnotationFactory(claim=claim, author=reviewer)
    url = reverse("annotations:evidence-add", args=[claim.article_id, annotation.pk])
    prefix = f"e{annotation.pk}"
    response = reviewer_client.post(url, {f"{prefix}-url": "javascript:alert(1)", f"{prefix}-title": "My title",
                                          f"{prefix}-stance": "supports"}, **FRAGMENT)
    body = response.content.decode()
    assert response.status_code == 400
    assert "Enter a web link starting with http:// or https://." in body
    assert 'value="My title"' in body
    assert Evidence.objects.count() == 0


def test_evidence_is_attached(reviewer_client, reviewer, claim):
    annotation = AnnotationFactory(claim=claim, author=reviewer)
    prefix = f"e{annotation.pk}"
    response = reviewer_client.post(reverse("annotations:evidence-add", args=[claim.article_id, annotation.pk]), {
        f"{prefix}-url": "https://stats.example.org/t1", f"{prefix}-publisher": "Stats Office",
        f"{prefix}-stance": "refutes"}, **FRAGMENT)
    assert response.status_code == 201
    assert list(annotation.evidence.values_list("url", "stance")) == [("https://stats.example.org/t1", "refutes")]


def test_stale_edit_shows_the_newer_version_and_keeps_the_typed_text(reviewer_client, reviewer, claim):
    annotation = AnnotationFactory(claim=claim, author=reviewer, note="Original")
    url = reverse("annotations:annotation-edit", args=[claim.article_id, annotation.pk])
    prefix = f"a{annotation.pk}"
    first = reviewer_client.post(url, {f"{prefix}-version": 1, f"{prefix}-note": "From tab one"}, **FRAGMENT)
    assert first.status_code == 200
    stale = reviewer_client.post(url, {f"{prefix}-version": 1, f"{prefix}-note": "From tab two"}, **FRAGMENT)
    body = stale.content.decode()
    assert stale.status_code == 409
    assert "Someone saved a newer version" in body
    assert "From tab one" in body and "From tab two" in body
    annotation.refresh_from_db()
    assert (annotation.note, annotation.version) == ("From tab one", 2)


@pytest.mark.parametrize("headers", [FRAGMENT, {}], ids=["fetch", "plain form"])
def test_stale_edit_keeps_the_ticked_tags_verdict_and_note_and_saving_again_stores_them(
        reviewer_client, reviewer, claim, workspace, headers):
    annotation = AnnotationFactory(claim=claim, author=reviewer, note="Original")
    statistic, opinion = workspace.labels.get(name="statistic"), workspace.labels.get(name="opinion")
    rating = workspace.ratings.get(name="Half true")
    url = reverse("annotations:annotation-edit", args=[claim.article_id, annotation.pk])
    prefix = f"a{annotation.pk}"
    reviewer_client.post(url, {f"{prefix}-version": 1, f"{prefix}-note": "Tab B", f"{prefix}-tags": [opinion.pk]},
                         **FRAGMENT)
    mine = {f"{prefix}-version": 1, f"{prefix}-note": "Tab A", f"{prefix}-tags": [statistic.pk],
            f"{prefix}-verdict": rating.pk}
    stale = reviewer_client.post(url, mine, **headers)
    body = stale.content.decode()
    assert stale.status_code == 409
    assert "Newer version 2: tags “opinion”;" in body
    assert re.search(rf'name="{prefix}-tags" value="{statistic.pk}"[^>]* checked', body)
    assert not re.search(rf'name="{prefix}-tags" value="{opinion.pk}"[^>]* checked', body)
    assert f'<option value="{rating.pk}" selected>Half true</option>' in body
    assert "Tab A</textarea>" in body
    assert f'name="{prefix}-version" value="2"' in body

    again = reviewer_client.post(url, mine | {f"{prefix}-version": 2}, **FRAGMENT)
    assert again.status_code == 200
    annotation.refresh_from_db()
    assert (list(annotation.tags.all()), annotation.verdict, annotation.note, annotation.version) == (
        [statistic], rating, "Tab A", 3)


def test_refused_new_annotation_keeps_its_evidence_row_tags_and_note(reviewer_client, claim, workspace):
    statistic = workspace.labels.get(name="statistic")
    response = reviewer_client.post(create_url(claim.article), {
        "target": f"claim:{claim.pk}", "tags": [statistic.pk], "note": "See the table",
        "new-url": "ftp://stats.example.org/t1", "new-title": "Table 1", "new-publisher": "Stats Office",
        "new-stance": "refutes"}, **FRAGMENT)
    body = response.content.decode()
    assert response.status_code == 400
    assert "Enter a web link starting with http:// or https://." in body
    assert 'value="ftp://stats.example.org/t1"' in body
    assert 'id="id_new-title" value="Table 1"' in body and 'id="id_new-publisher" value="Stats Office"' in body
    assert '<option value="refutes" selected>Refutes</option>' in body
    assert re.search(rf'name="tags" value="{statistic.pk}"[^>]* checked', body)
    assert "See the table</textarea>" in body
    assert Annotation.objects.count() == 0


def test_refused_speaker_correction_keeps_the_speaker_typed(reviewer_client, article):
    quote = article.quotes.get()
    response = reviewer_client.post(create_url(article), {
        "target": f"quote:{quote.pk}", "correction": "speaker", "speaker_name": "  ",
        "speaker_role": "deputy director", "speaker_organization": "Flood Office", "note": "Named in para 3",
    }, **FRAGMENT)
    body = response.content.decode()
    assert response.status_code == 400
    assert "Choose an existing source or name the speaker." in body
    assert 'value="deputy director"' in body and 'value="Flood Office"' in body
    assert ">Named in para 3</textarea>" in body
    assert "<details open>\n                <summary>Change the speaker</summary>" in body
    assert Annotation.objects.count() == 0


def test_panel_for_a_span_inside_a_character_shows_and_saves_the_whole_character(reviewer_client, workspace):
    text = "Zoe\u0301 said the river rose."
    article = ArticleFactory(workspace=workspace, raw_text=text, clean_text=text)
    panel = reviewer_client.get(reverse("annotations:review-panel", args=[article.pk]),
                                {"target": "span:3-9"}, **FRAGMENT)  # from the accent, without its e
    body = panel.content.decode()
    assert panel.status_code == 200
    assert "Characters 2–9" in body and 'name="target" value="span:2-9"' in body
    assert "e\u0301 said</blockquote>" in body
    response = reviewer_client.post(create_url(article), {"target": "span:3-9", "note": "Spelling"}, **FRAGMENT)
    assert response.status_code == 201
    annotation = Annotation.objects.get()
    assert (annotation.start, annotation.end, annotation.exact) == (2, 9, "e\u0301 said")


def test_submit_for_review(reviewer_client, reviewer, claim):
    annotation = AnnotationFactory(claim=claim, author=reviewer)
    response = reviewer_client.post(reverse("annotations:annotation-submit", args=[claim.article_id, annotation.pk]),
                                    **FRAGMENT)
    assert response.status_code == 200
    annotation.refresh_from_db()
    assert annotation.state == Annotation.State.SUBMITTED
    assert AuditEvent.objects.filter(action="annotation.submit", object_id=str(annotation.pk)).exists()


def test_someone_elses_annotation_cannot_be_edited(editor_client, reviewer, claim):
    # Submitted, so the editor reads it; someone else's draft is a 404 (test_visibility.py).
    annotation = AnnotationFactory(claim=claim, author=reviewer, note="Mine", state=Annotation.State.SUBMITTED)
    url = reverse("annotations:annotation-edit", args=[claim.article_id, annotation.pk])
    response = editor_client.post(url, {f"a{annotation.pk}-version": 1, f"a{annotation.pk}-note": "Edited"},
                                  **FRAGMENT)
    assert response.status_code == 400
    annotation.refresh_from_db()
    assert annotation.note == "Mine"


def test_quote_speaker_correction_is_a_pending_annotation(reviewer_client, article):
    quote = article.quotes.get()
    response = reviewer_client.post(create_url(article), {
        "target": f"quote:{quote.pk}", "correction": "speaker", "speaker_name": "María López",
        "speaker_role": "deputy director", "speaker_organization": "Flood Office",
    }, **FRAGMENT)
    assert response.status_code == 201
    annotation = Annotation.objects.get()
    assert (annotation.correction, annotation.state) == ("speaker", "draft")
    assert annotation.correction_data == {"name": "María López", "role": "deputy director",
                                          "organization": "Flood Office"}
    quote.refresh_from_db()
    assert quote.source.name == "Maria Lopez"


def test_speaker_correction_needs_a_speaker(reviewer_client, article):
    quote = article.quotes.get()
    response = reviewer_client.post(create_url(article), {"target": f"quote:{quote.pk}", "correction": "speaker"},
                                    **FRAGMENT)
    assert response.status_code == 400
    assert "Choose an existing source or name the speaker." in response.content.decode()


def test_factchecker_sees_only_approved_annotations_and_cannot_annotate(client, factchecker, reviewer, claim):
    AnnotationFactory(claim=claim, author=reviewer, note="Draft note", state="submitted")
    AnnotationFactory(claim=claim, author=reviewer, note="Approved note", state="approved")
    client.force_login(factchecker)
    body = client.get(page_url(claim.article), {"target": f"claim:{claim.pk}"}).content.decode()
    assert "Approved note" in body and "Draft note" not in body
    assert "Save draft" not in body
    response = client.post(create_url(claim.article), {"target": f"claim:{claim.pk}", "note": "x"}, **FRAGMENT)
    assert response.status_code == 400
    assert Annotation.objects.count() == 2


def test_each_workspace_gives_the_role_held_there(client, factchecker, claim, other_workspace):
    # The same person reviews at the Post and only checks at the Herald, beside other members of both.
    MembershipFactory(workspace=other_workspace, user=factchecker, role="reviewer")
    MembershipFactory(workspace=other_workspace, role="editor")
    other_claim = ClaimFactory(article=ArticleFactory(workspace=other_workspace))
    client.force_login(factchecker)
    herald = client.get(page_url(claim.article), {"target": f"claim:{claim.pk}"}).content.decode()
    post = client.get(page_url(other_claim.article), {"target": f"claim:{other_claim.pk}"}).content.decode()
    assert "Save draft" not in herald and "Save draft" in post
    article, membership = selectors.article_get_for_user(user=factchecker, pk=other_claim.article_id)
    stored = Membership.objects.get(user=factchecker, workspace=other_workspace)
    assert (article.pk, membership.pk, membership.role, membership.workspace) == (
        other_claim.article_id, stored.pk, "reviewer", other_workspace)


def test_a_claim_has_a_verdict_from_any_annotation_with_one_but_a_rejected_one(article, claim, workspace):
    rating = Rating.objects.filter(workspace=workspace).first()
    others = [ClaimFactory(article=article, ordinal=i) for i in (1, 2, 3)]
    AnnotationFactory(claim=claim, verdict=rating, state=Annotation.State.APPROVED)
    AnnotationFactory(claim=others[0], verdict=rating, state=Annotation.State.REJECTED)
    AnnotationFactory(claim=others[1], state=Annotation.State.SUBMITTED)
    AnnotationFactory(claim=others[2], verdict=rating, state=Annotation.State.DRAFT)
    # A verdict on a quote has no claim: it must not make the other claims' flags unknown.
    AnnotationFactory(claim=None, quote=article.quotes.get(), article=article, verdict=rating,
                      state=Annotation.State.APPROVED)
    rows = selectors.claims_for_review(article=article)
    assert [row.has_verdict for row in rows] == [True, False, False, True]
    summary = selectors.claims_summary(article=article)
    assert (summary.count, summary.without_verdict) == (4, 2)
    assert summary.digest == rows_digest(row.digest for row in rows)
    assert [row.has_verdict for row in selectors.claims_for_review(article=article, pk=others[0].pk)] == [False]


@pytest.mark.parametrize("claims", [3, 30])
def test_review_page_query_count_does_not_grow_with_the_article(reviewer_client, reviewer, workspace, claims,
                                                                django_assert_num_queries):
    text = " ".join(f"Sentence number {i} says “quote {i}” here." for i in range(claims))
    article = ArticleFactory(workspace=workspace, raw_text=text, clean_text=text)
    for i in range(claims):
        start = text.index(f"Sentence number {i} ")
        end = text.index(" here.", start) + 6
        claim = ClaimFactory(article=article, ordinal=i, start=start, end=end)
        q_start = text.index(f"quote {i}”", start)
        QuoteFactory(article=article, start=q_start, end=q_start + len(f"quote {i}"))
        AnnotationFactory(claim=claim, author=reviewer, state="submitted")
    target = {"target": f"claim:{article.claims.first().pk}"}
    # session, user, the article with the user's membership, the target claim, labels, ratings, the target's annotations
    # with authors and verdicts, their tags, their evidence, the state counts and spans, the claims'
    # count and digest, quotes with sources; and the claims themselves to build the HTML
    with django_assert_num_queries(13):
        response = reviewer_client.get(page_url(article), target)
    assert response.status_code == 200
    # The text and claim list now come from the cache: the claims are not read again.
    with django_assert_num_queries(12):
        again = reviewer_client.get(page_url(article), target)
    text_and_list = re.compile(r'id="article-text".*?</div>|id="claim-list".*?</ol>', re.S)
    assert text_and_list.findall(again.content.decode()) == text_and_list.findall(response.content.decode())
    assert len(text_and_list.findall(again.content.decode())) == 2


def test_page_without_a_target_reads_no_panel_choices(reviewer_client, article, django_assert_num_queries):
    # session, user, the article with the user's membership, the state counts and spans, the claims' count and digest,
    # quotes with sources, the claims to build the HTML: no labels, ratings, sources or annotations
    with django_assert_num_queries(7):
        response = reviewer_client.get(page_url(article))
    assert response.status_code == 200 and "Nothing selected" in response.content.decode()


def test_speaker_choices_are_the_articles_speakers_not_the_whole_workspace(reviewer_client, article, workspace):
    QuoteFactory(article=ArticleFactory(workspace=workspace), source__name="Quoted Elsewhere")
    quote = article.quotes.get()
    panel = reverse("annotations:review-panel", args=[article.pk])
    for target in (f"quote:{quote.pk}", "span:0-5"):
        body = reviewer_client.get(panel, {"target": target}, **FRAGMENT).content.decode()
        assert f'<option value="{quote.source_id}">Maria Lopez' in body
        assert "Quoted Elsewhere" not in body
    claim_panel = reviewer_client.get(panel, {"target": f"claim:{article.claims.get().pk}"}, **FRAGMENT)
    assert "Speaker in this article" not in claim_panel.content.decode()


def test_annotation_list_filters_by_state_and_hides_others_drafts(reviewer_client, reviewer, editor, claim):
    AnnotationFactory(claim=claim, author=reviewer, note="My draft")
    AnnotationFactory(claim=claim, author=editor, note="Editor draft")
    AnnotationFactory(claim=claim, author=editor, note="Editor submitted", state="submitted")
    url = reverse("annotations:annotation-list", args=[claim.article_id])
    body = reviewer_client.get(url, **FRAGMENT).content.decode()
    assert "My draft" in body and "Editor submitted" in body and "Editor draft" not in body
    body = reviewer_client.get(url, {"state": "submitted"}, **FRAGMENT).content.decode()
    assert "Editor submitted" in body and "My draft" not in body


def test_annotation_list_of_another_workspace_is_404(outsider_client, claim):
    assert outsider_client.get(reverse("annotations:annotation-list", args=[claim.article_id])).status_code == 404
