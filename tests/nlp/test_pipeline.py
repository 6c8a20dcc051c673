import ast
from pathlib import Path

from annotations.nlp import analyze

from .helpers import assert_offsets

NLP_DIR = Path(__file__).resolve().parents[2] / "annotations" / "nlp"


def test_to_dict_has_the_fixed_shape():
    d = analyze("Title Line\n\n“It works,” said Jo Park, a tester at Acme Labs. Prices rose 2%.").to_dict()
    assert set(d) == {"title", "byline", "text", "claims", "quotes"}
    assert set(d["claims"][0]) == {"start", "end", "text", "checkworthiness", "reasons"}
    q = d["quotes"][0]
    assert set(q) == {"start", "end", "text", "kind", "speaker", "cue", "confidence"}
    assert set(q["speaker"]) == {"name", "role", "organization"}
    assert set(q["cue"]) == {"start", "end"}


def test_empty_and_quote_free_input_is_handled():
    assert analyze("").claims == ()
    a = analyze("Just a headline")
    assert a.quotes == ()
    assert_offsets(a)


def test_pipeline_never_imports_django_or_app_modules():
    for path in NLP_DIR.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for name in names:
                assert not name.startswith("django"), path.name
                assert not name.startswith("annotations.") or name.startswith("annotations.nlp"), path.name
