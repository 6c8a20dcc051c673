"""Run every gold article: offsets must hold per article, and the set must meet the targets."""

import pytest

from annotations.nlp import analyze
from bench._articles import TARGETS, Result, evaluate, load_articles

from .helpers import assert_offsets

ARTICLES = load_articles()


@pytest.fixture(scope="module")
def results():
    return [(art, analyze(art.raw, content_type=art.content_type)) for art in ARTICLES]


@pytest.mark.parametrize("article", ARTICLES, ids=[a.name for a in ARTICLES])
def test_article_offsets_are_exact(article):
    analysis = analyze(article.raw, content_type=article.content_type)
    assert_offsets(analysis)
    assert analysis.to_dict()["text"] == analysis.text


@pytest.mark.skipif(not ARTICLES, reason="gold set not present")
def test_gold_set_meets_the_targets(results):
    total = Result()
    failures = []
    for art, analysis in results:
        res = evaluate(art, analysis.to_dict())
        total.add(res)
        failures += [f"{art.name}: {line}" for line in res.failures]
    summary = "\n".join(failures[:40])
    assert total.f1 >= TARGETS["f1"], summary
    assert total.role_org >= TARGETS["role_org"], summary
    assert total.segmentation_faults == 0, summary
    assert total.auc >= TARGETS["auc"], summary
    assert total.not_quote_violations == 0, summary
