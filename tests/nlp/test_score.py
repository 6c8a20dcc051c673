from annotations.nlp.score import checkworthiness, features

FACT = "The council approved a $4.2 million flood plan on Tuesday, raising the tax precept by 1.5%."
OPINION = "Everyone knows the council should have acted sooner, and this is clearly a shameful failure."
PREDICTION = "The plan will probably change how the town thinks about rivers."
FRAMING = "For now, the scheme remains less a solution than a gesture of goodwill."


def test_verifiable_fact_scores_above_opinion_prediction_and_framing():
    fact = checkworthiness(FACT)[0]
    for other in (OPINION, PREDICTION, FRAMING):
        assert fact > checkworthiness(other)[0]


def test_scores_are_in_unit_interval_with_reasons():
    for sentence in (FACT, OPINION, PREDICTION, FRAMING, "Yes."):
        value, reasons = checkworthiness(sentence)
        assert 0.0 <= value <= 1.0
        assert isinstance(reasons, tuple)


def test_reasons_name_positive_and_negative_signals():
    assert {"number or quantity", "date", "named actor"} <= set(checkworthiness(FACT)[1])
    assert "opinion" in checkworthiness(OPINION)[1]
    assert "prediction" in checkworthiness(PREDICTION)[1]
    assert "hedged/framing" in checkworthiness(FRAMING)[1]


def test_direct_quote_counts_as_quoted_speech_not_reporters_fact():
    assert "quoted" in features("“We were second best for 40 minutes,” he said.")
    assert "quoted" not in features("Iran's doctors' notes were filed in 2021.")


def test_spelled_out_numbers_count_as_quantities():
    assert "number" in features("She has scored four goals in seven games.")


def test_month_that_ends_a_sentence_counts_as_a_date():
    assert "date" in features("The consultation on the new bus routes closes on 14 October.")
