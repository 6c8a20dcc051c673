"""Each rule of the data model is held by PostgreSQL: try it and watch it refused."""

import pytest
from django.db import IntegrityError, ProgrammingError, transaction

from annotations import services
from annotations.models import Annotation, Article, AuditEvent, Claim, Evidence, ReviewDecision
from annotations.services.bulk import copy_rows
from tests.factories import AnnotationFactory, ArticleFactory, ClaimFactory, QuoteFactory, UserFactory

pytestmark = pytest.mark.django_db


def refused(exc=IntegrityError):
    """Expect the database to refuse the statement, inside a savepoint so the test goes on."""
    return pytest.raises(exc)


def test_claim_with_start_not_before_end_is_refused():
    article = ArticleFactory()
    with refused(), transaction.atomic():
        ClaimFactory(article=article, start=5, end=5, text="")


def test_claim_ending_past_the_clean_text_is_refused():
    article = ArticleFactory()
    length = len(article.clean_text)
    with refused(), transaction.atomic():
        ClaimFactory(article=article, start=length - 3, end=length + 2, text=article.clean_text[-3:])


def test_claim_whose_text_does_not_match_its_offsets_is_refused():
    article = ArticleFactory()
    with refused(), transaction.atomic():
        ClaimFactory(article=article, start=0, end=10, text="Not these!")
    assert Claim.objects.count() == 0


def test_claim_text_changed_later_to_mismatch_is_refused():
    claim = ClaimFactory()
    with refused(), transaction.atomic():
        Claim.objects.filter(pk=claim.pk).update(text="Something else entirely.")
    claim.refresh_from_db()
    assert claim.text == claim.article.clean_text[claim.start : claim.end]


def test_claim_offsets_count_code_points_not_bytes():
    article = ArticleFactory(raw_text="Zoë said 🙂 “ok”. Then more.", clean_text="Zoë said 🙂 “ok”. Then more.")
    claim = ClaimFactory(article=article, start=0, end=16)
    assert claim.text == "Zoë said 🙂 “ok”."


def test_spans_anywhere_in_a_long_text_are_checked_exactly():
    # Long enough that spans start, end and cross every way around the check's 200-character pieces.
    text = "".join(f"Zoë’s line {i} — “ok” 🙂\n" for i in range(60))
    article = ArticleFactory(raw_text=text, clean_text=text)
    spans = [(0, 1), (199, 200), (199, 201), (200, 201), (150, 650), (399, 1000), (len(text) - 1, len(text))]
    Claim.objects.bulk_create(
        Claim(article=article, ordinal=i, start=start, end=end, text=text[start:end])
        for i, (start, end) in enumerate(spans)
    )
    assert Claim.objects.filter(article=article).count() == len(spans)
    for start, end in [(199, 201), (150, 650), (len(text) - 1, len(text))]:
        wrong = text[start + 1 : end + 1] if end < len(text) else "x"
        with refused(), transaction.atomic():
            ClaimFactory(article=article, ordinal=99, start=start, end=end, text=wrong)


def _claims_across(articles, wrong: dict | None = None) -> list[tuple]:
    """Return COPY rows of two claims per article; `wrong` maps (article index, ordinal) to a wrong text."""
    rows = []
    for n, article in enumerate(articles):
        for ordinal, (start, end) in enumerate([(0, 3), (4, 11)]):
            text = (wrong or {}).get((n, ordinal), article.clean_text[start:end])
            rows.append((article.pk, ordinal, start, end, text, 0.5, [], "machine"))
    return rows


CLAIM_COPY_FIELDS = ["article", "ordinal", "start", "end", "text", "checkworthiness", "reasons", "origin"]


def test_one_copy_of_claims_across_articles_checks_each_against_its_own_text():
    texts = ["The council passed the budget.", "The mayor rejected the budget.", "Our board delayed the budget."]
    articles = [ArticleFactory(raw_text=text, clean_text=text) for text in texts]
    copy_rows(Claim, CLAIM_COPY_FIELDS, _claims_across(articles))
    assert Claim.objects.count() == 6
    Claim.objects.all().delete()
    # A claim carrying another article's text at the same offsets, in the middle and at the end of the COPY.
    for wrong in ({(1, 1): texts[0][4:11]}, {(2, 0): texts[0][0:3]}, {(0, 1): texts[1][4:11]}):
        with refused(), transaction.atomic():
            copy_rows(Claim, CLAIM_COPY_FIELDS, _claims_across(articles, wrong))
    assert Claim.objects.count() == 0


def test_bulk_insert_across_articles_refuses_a_span_past_one_articles_text():
    short = ArticleFactory(raw_text="Short.", clean_text="Short.")
    long = ArticleFactory()
    with refused(), transaction.atomic():
        Claim.objects.bulk_create([
            Claim(article=long, ordinal=0, start=0, end=8, text=long.clean_text[:8]),
            Claim(article=short, ordinal=0, start=0, end=8, text=long.clean_text[:8]),
        ])
    assert Claim.objects.count() == 0


def test_update_across_articles_refuses_a_span_moved_off_its_text():
    first, second = ArticleFactory(), ArticleFactory(raw_text="A different text.", clean_text="A different text.")
    ClaimFactory(article=first, start=0, end=3)
    ClaimFactory(article=second, start=0, end=3)
    with refused(), transaction.atomic():
        Claim.objects.update(start=1)
    assert sorted(Claim.objects.values_list("start", flat=True)) == [0, 0]


def test_span_annotations_across_articles_are_checked_and_claim_annotations_pass():
    first, second = ArticleFactory(), ArticleFactory(raw_text="A different text.", clean_text="A different text.")
    claim = ClaimFactory(article=first)
    author = UserFactory()
    good = [Annotation(article=claim.article, claim=claim, author=author),
            Annotation(article=first, start=4, end=11, exact=first.clean_text[4:11], author=author),
            Annotation(article=second, start=2, end=11, exact=second.clean_text[2:11], author=author)]
    Annotation.objects.bulk_create(good)
    with refused(), transaction.atomic():
        Annotation.objects.bulk_create([
            Annotation(article=first, start=4, end=11, exact=first.clean_text[4:11], author=author),
            Annotation(article=second, start=4, end=11, exact=first.clean_text[4:11], author=author),
        ])
    assert Annotation.objects.count() == 3


def test_checkworthiness_outside_zero_to_one_is_refused():
    with refused(), transaction.atomic():
        ClaimFactory(checkworthiness=1.5)


def test_quote_whose_text_does_not_match_is_refused():
    article = ArticleFactory()
    with refused(), transaction.atomic():
        QuoteFactory(article=article, text="We can wait")


def test_same_text_twice_in_a_workspace_is_refused():
    article = ArticleFactory()
    with refused(), transaction.atomic():
        ArticleFactory(workspace=article.workspace, raw_text=article.raw_text)
    assert Article.objects.count() == 1


def test_same_text_in_two_workspaces_is_two_articles():
    article = ArticleFactory()
    ArticleFactory(raw_text=article.raw_text)
    assert Article.objects.count() == 2


def test_content_hash_ignores_differences_in_whitespace():
    assert Article.hash_text("One  two\nthree ") == Article.hash_text("One two three")


def test_clean_text_of_an_analysed_article_cannot_change():
    article = ArticleFactory()
    with refused(), transaction.atomic():
        Article.objects.filter(pk=article.pk).update(clean_text="Rewritten.")


def test_annotation_needs_exactly_one_target():
    claim = ClaimFactory()
    with refused(), transaction.atomic():
        AnnotationFactory(claim=claim, start=0, end=3, exact=claim.article.clean_text[:3])
    with refused(), transaction.atomic():
        AnnotationFactory(claim=None, article=claim.article)


def test_span_annotation_must_reproduce_its_text():
    article = ArticleFactory()
    with refused(), transaction.atomic():
        Annotation.objects.create(article=article, start=4, end=11, exact="wrong!!", author=UserFactory())
    ok = Annotation.objects.create(article=article, start=4, end=11, exact=article.clean_text[4:11],
                                   author=UserFactory())
    assert ok.exact == "council"


def test_evidence_with_javascript_url_is_refused():
    annotation = AnnotationFactory()
    with refused(), transaction.atomic():
        Evidence.objects.create(annotation=annotation, url="javascript:alert(1)")
    Evidence.objects.create(annotation=annotation, url="https://example.org/report")
    assert annotation.evidence.count() == 1


def test_nobody_records_a_decision_on_their_own_annotation():
    annotation = AnnotationFactory(state=Annotation.State.SUBMITTED)
    with refused(), transaction.atomic():
        ReviewDecision.objects.create(annotation=annotation, annotation_version=1, editor=annotation.author,
                                      decision="approve")
    assert ReviewDecision.objects.count() == 0


def test_reject_without_a_comment_is_refused():
    annotation = AnnotationFactory(state=Annotation.State.SUBMITTED)
    with refused(), transaction.atomic():
        ReviewDecision.objects.create(annotation=annotation, annotation_version=1, editor=UserFactory(),
                                      decision="reject", comment="")


def test_two_decisions_on_one_version_are_refused():
    annotation = AnnotationFactory(state=Annotation.State.SUBMITTED)
    ReviewDecision.objects.create(annotation=annotation, annotation_version=1, editor=UserFactory(),
                                  decision="approve")
    with refused(), transaction.atomic():
        ReviewDecision.objects.create(annotation=annotation, annotation_version=1, editor=UserFactory(),
                                      decision="reject", comment="No.")


def test_audit_events_cannot_be_updated_or_deleted(workspace):
    event = AuditEvent.objects.filter(workspace=workspace).first()
    assert event is not None and event.action == "workspace.create"
    with refused(ProgrammingError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(action="forged")
    with refused(ProgrammingError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).delete()
    event.refresh_from_db()
    assert event.action == "workspace.create"


def test_new_workspace_gets_the_default_labels_and_ratings(workspace):
    assert [label.name for label in workspace.labels.all()] == [
        "check-worthy", "statistic", "prediction", "opinion", "needs context", "not checkable",
    ]
    assert [(r.name, r.value) for r in workspace.ratings.all()] == [
        ("True", 5), ("Mostly true", 4), ("Half true", 3), ("Mostly false", 2), ("False", 1),
        ("Misleading", None), ("Unproven", None),
    ]


def test_article_create_finds_the_same_text_instead_of_duplicating(workspace, reviewer):
    first, created = services.article_create(workspace=workspace, raw_text="A  short text.", by=reviewer,
                                              analyse=False)
    again, created_again = services.article_create(workspace=workspace, raw_text="A short text.\n", by=reviewer,
                                                   analyse=False)
    assert (created, created_again) == (True, False)
    assert again.pk == first.pk
    assert Article.objects.count() == 1


def test_article_create_refuses_empty_text_and_stores_nothing(workspace, reviewer):
    with pytest.raises(Exception) as info:
        services.article_create(workspace=workspace, raw_text="  \n ", by=reviewer)
    assert info.value.message_dict == {"raw_text": [services.ARTICLE_TEXT_EMPTY]}
    assert Article.objects.count() == 0
