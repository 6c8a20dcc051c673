"""Every HTML page's ids are unique, and every attribute that points at an id finds one.

A dangling `aria-describedby` or `<label for>` gives a screen reader nothing, and two
elements sharing an id make a label name the wrong field.
"""

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from tests.factories import AnnotationFactory, ArticleFactory, ClaimFactory, QuoteFactory

pytestmark = pytest.mark.django_db

# Attributes whose value is one id, or a space-separated list of ids.
ID_REFERENCES = {"for", "aria-describedby", "aria-labelledby", "aria-controls", "aria-owns", "aria-details",
                 "aria-errormessage", "aria-activedescendant", "list", "form"}


class Ids(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids: list[str] = []
        self.references: list[tuple[str, str, str]] = []  # (tag, attribute, id)

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name == "id" and value:
                self.ids.append(value)
            elif name in ID_REFERENCES and value and not (tag == "form" and name == "form"):
                for ref in value.split():
                    self.references.append((tag, name, ref))


def problems(html: str) -> list[str]:
    parser = Ids()
    parser.feed(html)
    found = []
    seen = set()
    for value in parser.ids:
        if value in seen:
            found.append(f'id "{value}" is used twice')
        seen.add(value)
    for tag, attribute, ref in parser.references:
        if ref not in seen:
            found.append(f'<{tag} {attribute}="{ref}"> points at no element')
    return found


@pytest.fixture
def pages(workspace, reviewer, editor, admin_member):
    article = ArticleFactory(workspace=workspace)
    claim = ClaimFactory(article=article, ordinal=0)
    quote = QuoteFactory(article=article)
    annotation = AnnotationFactory(claim=claim, author=reviewer, state="submitted")
    AnnotationFactory(claim=claim, author=reviewer, note="A draft, so the panel holds an edit form too.")
    review = reverse("annotations:article-detail", args=[article.pk])
    return {
        "the sign-in page": (None, reverse("login")),
        "the article list": (reviewer, reverse("annotations:home")),
        "the add-article page": (admin_member, reverse("annotations:article-add")),
        "the API tokens page": (reviewer, reverse("annotations:tokens")),
        "the workspace settings": (admin_member, reverse("annotations:workspace-settings", args=[workspace.slug])),
        "the review page": (reviewer, review),
        "the review page of a claim": (reviewer, f"{review}?target=claim:{claim.pk}"),
        "the review page of a quote": (reviewer, f"{review}?target=quote:{quote.pk}"),
        "the review page of a span": (reviewer, f"{review}?target=span:0-5"),
        "the queue": (editor, reverse("annotations:queue")),
        "an annotation's page": (editor, reverse("annotations:annotation-detail", args=[annotation.pk])),
        "the audit trail": (editor, reverse("annotations:audit")),
    }


PAGES = ["the sign-in page", "the article list", "the add-article page", "the API tokens page",
         "the workspace settings", "the review page", "the review page of a claim", "the review page of a quote",
         "the review page of a span", "the queue", "an annotation's page", "the audit trail"]


@pytest.mark.parametrize("name", PAGES)
def test_page_ids_are_unique_and_every_reference_finds_its_element(client, pages, name):
    user, url = pages[name]
    if user is not None:
        client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    assert problems(response.content.decode()) == []


@pytest.mark.parametrize("form_url", ["article-add", "workspace-settings"])
def test_pages_with_errors_keep_their_references(client, workspace, admin_member, form_url):
    client.force_login(admin_member)
    if form_url == "article-add":
        response = client.post(reverse("annotations:article-add"), {"workspace": workspace.pk, "title": "x" * 1000})
    else:
        response = client.post(reverse("annotations:label-add", args=[workspace.slug]), {"name": ""}, follow=True)
    assert response.status_code in {200, 400}
    assert problems(response.content.decode()) == []
