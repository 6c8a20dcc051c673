"""Approved corrections change what the machine found; pending ones change nothing."""

import pytest
from django.core.exceptions import ValidationError

from annotations import services
from annotations.models import Annotation, AuditEvent, Quote, ReviewDecision, Source
from annotations.services import corrections
from tests.factories import ArticleFactory, ClaimFactory, QuoteFactory, SourceFactory

pytestmark = pytest.mark.django_db

TEXT = "The bridge cost $4 million and it opened in May. Critics were not convinced. Nobody spoke."


@pytest.fixture
def article(workspace):
    article = ArticleFactory(workspace=workspace, raw_text=TEXT, clean_text=TEXT)
    for i, sentence in enumerate(["The bridge cost $4 million and it opened in May.", "Critics were not convinced.",
                                  "Nobody spoke."]):
        start = TEXT.index(sentence)
        ClaimFactory(article=article, ordinal=i, start=start, end=start + len(sentence))
    return article


def approve(annotation, reviewer, editor):
    services.annotation_submit(annotation=annotation, by=reviewer)
    return services.annotation_decide(annotation=annotation, version=annotation.version, by=editor, decision="approve")


def propose(article, reviewer, **kwargs):
    return services.annotation_create(article=article, by=reviewer, **kwargs)


def test_split_waits_for_approval_then_splits_the_claim(article, reviewer, editor):
    first = article.claims.get(ordinal=0)
    at = TEXT.index(" and it")
    annotation = propose(article, reviewer, claim=first, correction="split_claim", correction_data={"at": at})
    assert article.claims.count() == 3
    approve(annotation, reviewer, editor)
    texts = list(article.claims.order_by("ordinal").values_list("text", "ordinal"))
    assert texts == [("The bridge cost $4 million", 0), ("and it opened in May.", 1),
                     ("Critics were not convinced.", 2), ("Nobody spoke.", 3)]
    assert AuditEvent.objects.filter(action="claim.split").count() == 1


def test_split_point_outside_the_claim_is_refused_when_proposed(article, reviewer):
    first = article.claims.get(ordinal=0)
    with pytest.raises(ValidationError) as info:
        propose(article, reviewer, claim=first, correction="split_claim", correction_data={"at": 60})
    assert info.value.message_dict == {"correction_data.at": [corrections.SPLIT_OUTSIDE]}
    assert Annotation.objects.count() == 0


def test_a_split_point_no_longer_inside_the_claim_refuses_the_approval(article, reviewer, editor):
    first = article.claims.get(ordinal=0)
    annotation = propose(article, reviewer, claim=first, correction="split_claim",
                         correction_data={"at": TEXT.index(" and it")})
    services.annotation_submit(annotation=annotation, by=reviewer)
    first.end = TEXT.index(" and it") - 4  # the claim was cut short since
    first.text = TEXT[first.start:first.end]
    first.save()
    with pytest.raises(ValidationError) as info:
        services.annotation_decide(annotation=annotation, version=annotation.version, by=editor, decision="approve")
    assert info.value.message_dict == {"correction_data.at": [corrections.SPLIT_OUTSIDE]}
    annotation.refresh_from_db()
    assert annotation.state == Annotation.State.SUBMITTED
    assert article.claims.count() == 3


@pytest.mark.parametrize("at", [TEXT.index("ridge"), TEXT.index("illion"), TEXT.index(".")])
def test_a_split_inside_a_word_is_refused(article, reviewer, at):
    first = article.claims.get(ordinal=0)
    with pytest.raises(ValidationError) as info:
        propose(article, reviewer, claim=first, correction="split_claim", correction_data={"at": at})
    assert info.value.message_dict == {"correction_data.at": [corrections.SPLIT_INSIDE_WORD]}
    assert Annotation.objects.count() == 0


def test_a_split_anywhere_in_the_space_between_words_lands_after_the_first(article, reviewer, editor):
    first = article.claims.get(ordinal=0)
    at = TEXT.index(" and it") + 1  # after the space, before "and"
    annotation = propose(article, reviewer, claim=first, correction="split_claim", correction_data={"at": at})
    assert annotation.correction_data == {"at": TEXT.index(" and it")}
    approve(annotation, reviewer, editor)
    assert list(article.claims.order_by("ordinal").values_list("text", flat=True))[:2] == [
        "The bridge cost $4 million", "and it opened in May."]


def test_a_split_stored_inside_a_word_is_refused_at_approval(article, reviewer, editor):
    first = article.claims.get(ordinal=0)
    annotation = propose(article, reviewer, claim=first, correction="split_claim",
                         correction_data={"at": TEXT.index(" and it")})
    services.annotation_submit(annotation=annotation, by=reviewer)
    # Made before proposals were checked.
    Annotation.objects.filter(pk=annotation.pk).update(correction_data={"at": TEXT.index("ridge")})
    with pytest.raises(ValidationError) as info:
        services.annotation_decide(annotation=annotation, version=annotation.version, by=editor, decision="approve")
    assert info.value.message_dict == {"correction_data.at": [corrections.SPLIT_INSIDE_WORD]}
    assert article.claims.count() == 3
    assert not ReviewDecision.objects.exists()


def test_merge_joins_a_claim_with_the_next_and_keeps_its_annotations(article, reviewer, editor):
    second = article.claims.get(ordinal=1)
    noted = propose(article, reviewer, claim=article.claims.get(ordinal=2), note="Who is nobody?")
    annotation = propose(article, reviewer, claim=second, correction="merge_claims")
    approve(annotation, reviewer, editor)
    assert list(article.claims.order_by("ordinal").values_list("text", "ordinal")) == [
        ("The bridge cost $4 million and it opened in May.", 0),
        ("Critics were not convinced. Nobody spoke.", 1),
    ]
    noted.refresh_from_db()
    assert noted.claim_id == second.pk


def test_speaker_correction_moves_the_quote_to_the_new_source(workspace, reviewer, editor):
    quote = QuoteFactory(article=ArticleFactory(workspace=workspace), source__name="Wrong Person")
    annotation = propose(quote.article, reviewer, quote=quote, correction="speaker",
                         correction_data={"name": "Maria Lopez", "role": "director", "organization": "Flood Office"})
    approve(annotation, reviewer, editor)
    quote.refresh_from_db()
    assert (quote.source.name, quote.source.role, quote.state) == ("Maria Lopez", "director", "corrected")


def test_a_speaker_named_in_a_correction_is_the_workspaces_source_of_that_name(workspace, reviewer, editor):
    # The panel offers only the article's own speakers; anyone else is named, and found by name.
    elsewhere = QuoteFactory(article=ArticleFactory(workspace=workspace), source__name="Maria Lopez").source
    quote = QuoteFactory(article=ArticleFactory(workspace=workspace), source__name="Wrong Person")
    annotation = propose(quote.article, reviewer, quote=quote, correction="speaker",
                         correction_data={"name": "maria lopez", "role": "", "organization": ""})
    approve(annotation, reviewer, editor)
    quote.refresh_from_db()
    assert quote.source == elsewhere
    assert Source.objects.filter(name__iexact="maria lopez").count() == 1


def test_not_a_quote_rejects_the_machine_quote(workspace, reviewer, editor):
    quote = QuoteFactory(article=ArticleFactory(workspace=workspace))
    approve(propose(quote.article, reviewer, quote=quote, correction="not_a_quote"), reviewer, editor)
    quote.refresh_from_db()
    assert quote.state == Quote.State.REJECTED


def test_missed_quote_becomes_a_quote_of_a_person(article, reviewer, editor):
    start = TEXT.index("were not convinced")
    annotation = propose(article, reviewer, start=start, end=start + len("were not convinced"),
                         correction="missed_quote", correction_data={"name": "A. Critic"})
    approve(annotation, reviewer, editor)
    quote = Quote.objects.get(article=article)
    assert (quote.text, quote.origin, quote.source.name) == ("were not convinced", "person", "A. Critic")
    assert Source.objects.filter(name="A. Critic").count() == 1


def test_speaker_correction_by_source_id_copies_the_sources_details(workspace, reviewer):
    quote = QuoteFactory(article=ArticleFactory(workspace=workspace), source__name="Wrong Person")
    right = SourceFactory(workspace=workspace, name="Maria Lopez", role="director", organization="Flood Office")
    annotation = propose(quote.article, reviewer, quote=quote, correction="speaker",
                         correction_data={"source_id": right.pk})
    assert annotation.correction_data == {"source_id": right.pk, "name": "Maria Lopez", "role": "director",
                                          "organization": "Flood Office"}


def _targets(workspace):
    article = ArticleFactory(workspace=workspace)
    claim = ClaimFactory(article=article, ordinal=0)
    ClaimFactory(article=article, ordinal=1, start=claim.end + 1, end=claim.end + 10)
    quote = QuoteFactory(article=article)
    return article, {"claim": {"claim": claim}, "quote": {"quote": quote}, "span": {"start": 0, "end": 3}}


# (target, correction, correction_data, the exact errors)
BAD_PROPOSALS = [
    ("quote", "speaker", {}, {"correction_data.name": [corrections.NAME_REQUIRED]}),
    ("quote", "speaker", {"name": ""}, {"correction_data.name": [corrections.NAME_REQUIRED]}),
    ("quote", "speaker", {"name": "   "}, {"correction_data.name": [corrections.NAME_REQUIRED]}),
    ("quote", "speaker", {"name": 7}, {"correction_data.name": [corrections.TEXT_REQUIRED]}),
    ("quote", "speaker", {"name": "x" * 301}, {"correction_data.name": ["Keep it to 300 characters."]}),
    ("quote", "speaker", {"name": "A\x00B"}, {"correction_data.name": [corrections.NO_NUL]}),
    ("quote", "speaker", {"name": "A", "speaker": "B"}, {"correction_data.speaker": [corrections.UNKNOWN_KEY]}),
    ("quote", "speaker", {"source_id": "abc"}, {"correction_data.source_id": [corrections.SOURCE_ID_NUMBER]}),
    ("quote", "speaker", {"source_id": True}, {"correction_data.source_id": [corrections.SOURCE_ID_NUMBER]}),
    ("quote", "speaker", {"source_id": 999999}, {"correction_data.source_id": [corrections.NO_SUCH_SOURCE]}),
    ("quote", "speaker", {"source_id": 10**30}, {"correction_data.source_id": [corrections.NO_SUCH_SOURCE]}),
    ("quote", "speaker", {"source_id": -1}, {"correction_data.source_id": [corrections.NO_SUCH_SOURCE]}),
    ("claim", "speaker", {"name": "A"}, {"correction": [corrections.WRONG_TARGET["speaker"]]}),
    ("span", "speaker", {"name": "A"}, {"correction": [corrections.WRONG_TARGET["speaker"]]}),
    ("claim", "not_a_quote", {}, {"correction": [corrections.WRONG_TARGET["not_a_quote"]]}),
    ("quote", "not_a_quote", {"at": 3}, {"correction_data": [corrections.NO_DATA_WANTED]}),
    ("quote", "missed_quote", {"name": "A"}, {"correction": [corrections.WRONG_TARGET["missed_quote"]]}),
    ("span", "missed_quote", {}, {"correction_data.name": [corrections.NAME_REQUIRED]}),
    ("quote", "split_claim", {"at": 5}, {"correction": [corrections.WRONG_TARGET["split_claim"]]}),
    ("claim", "split_claim", {}, {"correction_data.at": [corrections.AT_REQUIRED]}),
    ("claim", "split_claim", {"at": "x"}, {"correction_data.at": [corrections.AT_NUMBER]}),
    ("claim", "split_claim", {"at": 3.5}, {"correction_data.at": [corrections.AT_NUMBER]}),
    ("claim", "split_claim", {"at": 10**30}, {"correction_data.at": [corrections.SPLIT_OUTSIDE]}),
    ("span", "merge_claims", {}, {"correction": [corrections.WRONG_TARGET["merge_claims"]]}),
    ("claim", "merge_claims", {"with": 2}, {"correction_data": [corrections.NO_DATA_WANTED]}),
    ("claim", "", {"name": "A"}, {"correction_data": [corrections.NO_CORRECTION]}),
]


@pytest.mark.parametrize("target,correction,data,errors", BAD_PROPOSALS,
                         ids=[f"{c or 'none'} on {t}: {d!r}"[:60] for t, c, d, _ in BAD_PROPOSALS])
def test_a_proposal_that_does_not_fit_its_kind_or_target_is_refused_naming_the_field(
        workspace, reviewer, target, correction, data, errors):
    article, targets = _targets(workspace)
    with pytest.raises(ValidationError) as info:
        propose(article, reviewer, **targets[target], correction=correction, correction_data=data, note="n")
    assert info.value.message_dict == errors
    assert Annotation.objects.count() == 0


# PostgreSQL never stores a NUL, and an annotation without a correction is never applied.
STORABLE = [row for row in BAD_PROPOSALS if row[1] and "\\x00" not in repr(row[2])]


@pytest.mark.parametrize("target,correction,data,errors", STORABLE,
                         ids=[f"{c} on {t}: {d!r}"[:60] for t, c, d, _ in STORABLE])
def test_a_stored_proposal_that_does_not_fit_refuses_its_approval_and_changes_nothing(
        workspace, reviewer, editor, target, correction, data, errors):
    # Rows written before proposals were checked: their approval answered 500.
    article, targets = _targets(workspace)
    annotation = propose(article, reviewer, **targets[target], note="n")
    Annotation.objects.filter(pk=annotation.pk).update(correction=correction, correction_data=data,
                                                       state=Annotation.State.SUBMITTED)
    claims, quotes, sources = article.claims.count(), Quote.objects.count(), Source.objects.count()
    with pytest.raises(ValidationError) as info:
        services.annotation_decide(annotation=annotation, version=annotation.version, by=editor, decision="approve")
    assert info.value.message_dict == errors
    annotation.refresh_from_db()
    assert annotation.state == Annotation.State.SUBMITTED and annotation.approved_snapshot is None
    assert (article.claims.count(), Quote.objects.count(), Source.objects.count()) == (claims, quotes, sources)
    assert not ReviewDecision.objects.exists()


def test_merging_the_last_claim_is_refused_when_proposed(article, reviewer):
    with pytest.raises(ValidationError) as info:
        propose(article, reviewer, claim=article.claims.get(ordinal=2), correction="merge_claims")
    assert info.value.message_dict == {"correction": [corrections.NO_NEXT_CLAIM]}


def test_a_missed_quote_on_a_quoted_span_is_refused_when_proposed(workspace, reviewer):
    quote = QuoteFactory(article=ArticleFactory(workspace=workspace))
    with pytest.raises(ValidationError) as info:
        propose(quote.article, reviewer, start=quote.start, end=quote.end, correction="missed_quote",
                correction_data={"name": "A"})
    assert info.value.message_dict == {"correction": [corrections.QUOTE_EXISTS]}


def test_a_source_of_another_workspace_is_no_such_source(workspace, other_workspace, reviewer):
    quote = QuoteFactory(article=ArticleFactory(workspace=workspace))
    foreign = SourceFactory(workspace=other_workspace, name="Elsewhere")
    with pytest.raises(ValidationError) as info:
        propose(quote.article, reviewer, quote=quote, correction="speaker", correction_data={"source_id": foreign.pk})
    assert info.value.message_dict == {"correction_data.source_id": [corrections.NO_SUCH_SOURCE]}
