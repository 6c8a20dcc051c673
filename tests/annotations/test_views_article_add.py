"""Adding an article by pasting or uploading: analysed on save, duplicates found, bad input refused."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from annotations.models import Article
from tests.factories import ARTICLE_TEXT

pytestmark = pytest.mark.django_db
URL = reverse("annotations:article-add")


def test_pasted_article_is_analysed_and_opens_in_the_review_page(reviewer_client, workspace, reviewer,
                                                                 django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = reviewer_client.post(URL, {"workspace": workspace.pk, "text": ARTICLE_TEXT, "title": "Budget",
                                              "byline": "Ana Ruiz", "published": "2026-11-20"})
    article = Article.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("annotations:article-detail", args=[article.pk])
    assert (article.title, article.byline, str(article.published), article.status) == (
        "Budget", "Ana Ruiz", "2026-11-20", "ready")
    assert article.added_by == reviewer
    assert article.claims.count() >= 3 and article.quotes.exists()


def test_uploaded_html_file_is_read_with_its_title(reviewer_client, workspace, django_capture_on_commit_callbacks):
    page = f"<html><head><title>Flood plan</title></head><body><article><p>{ARTICLE_TEXT}</p></article></body></html>"
    with django_capture_on_commit_callbacks(execute=True):
        response = reviewer_client.post(URL, {"workspace": workspace.pk,
                                              "file": SimpleUploadedFile("plan.html", page.encode())})
    assert response.status_code == 302
    assert Article.objects.get().title == "Flood plan"


def test_the_same_text_again_opens_the_existing_article(reviewer_client, workspace):
    reviewer_client.post(URL, {"workspace": workspace.pk, "text": ARTICLE_TEXT})
    response = reviewer_client.post(URL, {"workspace": workspace.pk, "text": ARTICLE_TEXT + "\n"}, follow=True)
    assert Article.objects.count() == 1
    assert "already in the workspace" in response.content.decode()


@pytest.mark.parametrize("data,field,message", [
    ({"text": "   "}, "text", "Paste the article"),
    ({"file": SimpleUploadedFile("a.pdf", b"%PDF")}, "file", "Upload a .txt or .html file."),
    ({"file": SimpleUploadedFile("a.txt", b"\x00\x01binary")}, "file", "binary file"),
    ({"file": SimpleUploadedFile("a.txt", "Café".encode("latin-1"))}, "file", "not UTF-8"),
    ({"file": SimpleUploadedFile("a.txt", b"  \n")}, "file", "empty"),
])
def test_bad_input_is_a_form_error_on_its_field_and_stores_nothing(reviewer_client, workspace, data, field, message):
    response = reviewer_client.post(URL, {"workspace": workspace.pk, **data})
    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors[field])
    assert Article.objects.count() == 0


@override_settings(AXIS_MAX_UPLOAD_BYTES=50)
def test_oversized_file_is_refused(reviewer_client, workspace):
    response = reviewer_client.post(URL, {"workspace": workspace.pk, "file": SimpleUploadedFile("a.txt", b"w " * 40)})
    assert response.status_code == 400
    assert "limit" in " ".join(response.context["form"].errors["file"])
    assert Article.objects.count() == 0


def test_cannot_add_to_another_workspace(reviewer_client, other_workspace):
    response = reviewer_client.post(URL, {"workspace": other_workspace.pk, "text": ARTICLE_TEXT})
    assert response.status_code == 400
    assert "workspace" in response.context["form"].errors
    assert Article.objects.count() == 0


def test_factchecker_cannot_add_articles(client, factchecker):
    client.force_login(factchecker)
    assert client.get(URL).status_code == 403
