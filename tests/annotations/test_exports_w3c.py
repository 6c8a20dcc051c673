"""The Web Annotation export against the W3C Web Annotation Working Group's own test schemas (issue 14, item 7).

The schemas are vendored under tests/data/w3c-web-annotation-tests/ (see its README). Each `*Musts.test`
lists the assertions every annotation, page or collection must pass; the optional ones named here are
features Axis says it implements (creator with an id, timestamps, the target's language).
"""

import json
from pathlib import Path

import pytest
from jsonschema import Draft4Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

from annotations import services
from annotations.exports import webannotation
from annotations.models import Label, Rating
from tests.factories import ArticleFactory, ClaimFactory

pytestmark = pytest.mark.django_db

W3C = Path(__file__).resolve().parents[1] / "data" / "w3c-web-annotation-tests"
ANNOTATION_OPTIONALS = [
    "annotations/3.3.1-annotationCreatedImplemented.json",
    "annotations/3.3.1-annotationModifiedImplemented.json",
    "annotations/3.3.1-annotationCreatorImplemented.json",
    "annotations/3.3.1-annotationGeneratorImplemented.json",
    "annotations/3.3.2-annotationCreatorAgentIdImplemented.json",
    "annotations/3.3.2-annotationCreatorAgentNicknameImplemented.json",
    "annotations/3.3.2-annotationCreatorAgentTypeImplemented.json",
    "annotations/3.3.5-annotationMotivationImplemented.json",
    "annotations/bodiesTargets/3.2.1-targLanguage.json",
]
COLLECTION_OPTIONALS = ["collections/5.1-collectionTotalImplemented.json",
                        "collections/5.1-collectionFirstImplemented.json",
                        "collections/5.1-collectionLabelImplemented.json"]
PAGE_OPTIONALS = ["collections/pages/5.2-pagePartOfImplemented.json",
                  "collections/pages/5.2-pageStartIndexImplemented.json"]


def _registry() -> Registry:
    resources = []
    for path in (W3C / "definitions").glob("*.json"):
        resources.append((path.name, Resource.from_contents(json.loads(path.read_text()), default_specification=DRAFT4)))
    return Registry().with_resources(resources)


REGISTRY = _registry()


def assertions(test: str) -> list[str]:
    return json.loads((W3C / test).read_text())["assertions"]


def failures(document: dict, names: list[str]) -> list[str]:
    """Return the title of every named assertion the document does not pass."""
    failed = []
    for name in names:
        schema = json.loads((W3C / name).read_text())
        validator = Draft4Validator(schema, registry=REGISTRY, format_checker=Draft4Validator.FORMAT_CHECKER)
        if not validator.is_valid(document) and schema["expectedResult"] == "valid":
            failed.append(f"{name}: {schema['errorMessage']}")
    return failed


def test_the_vendored_schemas_tell_a_broken_annotation_from_a_good_one():
    good = {"@context": "http://www.w3.org/ns/anno.jsonld", "id": "http://example.org/anno1", "type": "Annotation",
            "body": "http://example.org/post1", "target": "http://example.com/page1"}
    assert failures(good, assertions("annotations/annotationMusts.test")) == []
    broken = good | {"created": "yesterday", "type": "Note"}
    assert len(failures(broken, assertions("annotations/annotationMusts.test"))) == 2


@pytest.fixture
def exported(workspace, reviewer, editor, factchecker):
    """Bodies of tags, a verdict, a note and a link on a claim; a note on a span."""
    article = ArticleFactory(workspace=workspace, language="en")
    claim = ClaimFactory(article=article, ordinal=0, end=article.clean_text.index("Tuesday.") + len("Tuesday."))
    rating = Rating.objects.filter(workspace=workspace).first()
    label = Label.objects.filter(workspace=workspace).first()
    made = [
        services.annotation_create(article=article, by=reviewer, claim=claim, verdict=rating, tags=[label],
                                   note="Which budget?", evidence=[{"url": "https://council.example/minutes"}]),
        services.annotation_create(article=article, by=reviewer, start=0, end=3, note="A span."),
    ]
    for annotation in made:
        services.annotation_submit(annotation=annotation, by=reviewer)
        services.annotation_decide(annotation=annotation, by=editor, decision="approve", version=annotation.version)
    return made


def download(user, query: str = "workspace=herald") -> dict:
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(user)
    response = client.get(f"/api/v1/exports/webannotation/?{query}")
    assert response.status_code == 200
    return json.loads(b"".join(response.streaming_content))


def test_every_exported_annotation_passes_the_w3c_annotation_schemas(exported, factchecker):
    (page, _collection) = download(factchecker)["@graph"]
    assert len(page["items"]) == 2
    names = assertions("annotations/annotationMusts.test") + ANNOTATION_OPTIONALS
    for item in page["items"]:
        assert failures(item, names) == []


def test_the_collection_and_its_pages_pass_the_w3c_collection_and_page_schemas(exported, factchecker,
                                                                               monkeypatch):
    monkeypatch.setattr(webannotation, "PAGE_SIZE", 1)
    document = download(factchecker)
    *pages, collection = document["@graph"]
    assert len(pages) == 2
    assert failures(collection | {"@context": document["@context"]},
                    assertions("collections/collectionMusts.test") + COLLECTION_OPTIONALS) == []
    for number, _page in enumerate(pages):
        alone = download(factchecker, f"workspace=herald&page={number}")
        assert failures(alone, assertions("collections/pages/pageMusts.test") + PAGE_OPTIONALS) == []
        for item in alone["items"]:
            assert failures(item, assertions("annotations/annotationMusts.test")) == []
