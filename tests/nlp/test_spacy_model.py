"""AXIS_SPACY_MODEL adds the model's PERSON and ORG spans to the rule candidates, never removes one."""

import pytest

from annotations.nlp import analyze, mentions


@pytest.fixture
def use_model(monkeypatch):
    """Point AXIS_SPACY_MODEL at a path and reload the pipeline; restore the blank one afterwards."""

    def use(path):
        monkeypatch.setenv("AXIS_SPACY_MODEL", str(path))
        _reload()

    def _reload():
        mentions.nlp.cache_clear()
        mentions._doc_maker.cache_clear()
        mentions.clear_caches()

    yield use
    monkeypatch.delenv("AXIS_SPACY_MODEL", raising=False)
    _reload()


def _ruler_pipeline(tmp_path, patterns):
    """Save a blank English pipeline whose only component is an entity ruler with these patterns."""
    import spacy

    pipe = spacy.blank("en")
    pipe.add_pipe("entity_ruler").add_patterns(patterns)
    pipe.to_disk(tmp_path / "model")
    return tmp_path / "model"


PAGE = (
    "Title Line\n\n"
    "“The grid is fragile,” said danah boyd, a researcher.\n\n"
    "“Rates will rise,” said Ada Moss, a strategist at Keel Bank."
)


def _speakers(text):
    return {q.text: q.speaker.name for q in analyze(text).quotes}


def test_without_a_model_the_rules_miss_a_lower_case_name():
    assert "danah boyd" not in _speakers(PAGE).values()


def test_a_model_person_the_rules_missed_becomes_a_candidate(tmp_path, use_model):
    use_model(_ruler_pipeline(tmp_path, [{"label": "PERSON", "pattern": "danah boyd"}]))
    speakers = _speakers(PAGE)
    assert speakers["The grid is fragile"] == "danah boyd"
    # The model knows nothing of Ada Moss; the rules still find her.
    assert speakers["Rates will rise"] == "Ada Moss"


def test_a_model_with_no_entities_keeps_every_rule_quote(tmp_path, use_model):
    without = [(q.text, q.speaker) for q in analyze(PAGE).quotes]
    use_model(_ruler_pipeline(tmp_path, [{"label": "PERSON", "pattern": "nobody here"}]))
    assert [(q.text, q.speaker) for q in analyze(PAGE).quotes] == without


def test_a_model_org_span_the_rules_missed_is_an_organization(tmp_path, use_model):
    text = "Officials at the grid operator ercot said the plan would fail."
    assert all(name != "ercot" for _, _, name in mentions.org_runs(text, 0, len(text)))
    use_model(_ruler_pipeline(tmp_path, [{"label": "ORG", "pattern": "ercot"}]))
    assert (text.index("ercot"), text.index("ercot") + 5, "ercot") in mentions.org_runs(text, 0, len(text))


def test_a_bad_model_name_fails_loudly(use_model):
    with pytest.raises(mentions.ModelError, match="AXIS_SPACY_MODEL='no_such_pipeline' is not an installed spaCy pipeline"):
        use_model("no_such_pipeline")
        mentions.nlp()


def test_a_model_without_an_entity_recognizer_fails_loudly(tmp_path, use_model):
    import spacy

    spacy.blank("en").to_disk(tmp_path / "bare")
    with pytest.raises(mentions.ModelError, match="has no entity recognizer"):
        use_model(tmp_path / "bare")
        mentions.nlp()
