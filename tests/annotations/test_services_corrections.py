"""Approved corrections change what the machine found; pending ones change nothing."""

import pytest
from django.core.exceptions import ValidationError

from annotations import services
from annotations.models import Annotation, AuditEvent, Quote, Source
from tests.factories import ArticleFactory, ClaimFactory, QuoteFactory

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


def test_split_point_outside_the_claim_refuses_the_approval(article, reviewer, editor):
    first = article.claims.get(ordinal=0)
    annotation = propose(article, reviewer, claim=first, correction="split_claim", correction_data={"at": 60})
    services.annotation_submit(annotation=annotation, by=reviewer)
    with pytest.raises(ValidationError) as info:
        services.annotation_decide(annotation=annotation, version=annotation.version, by=editor, decision="approve")
    assert set(info.value.message_dict) == {"correction"}
    annotation.refresh_from_db()
    assert annotation.state == Annotation.State.SUBMITTED
    assert article.claims.count() == 3


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
