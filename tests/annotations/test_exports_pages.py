"""Downloads from the pages, the Download links on the home and review pages, and the API schema."""

import csv
import io

import pytest
from django.urls import reverse

from annotations import services
from tests.factories import ArticleFactory, ClaimFactory

pytestmark = pytest.mark.django_db


def download_url(fmt: str, query: str) -> str:
    return f"{reverse('annotations:export', args=[fmt])}?{query}"


@pytest.fixture
def article(workspace, reviewer, editor):
    """An article with one approved and one submitted annotation."""
    article = ArticleFactory(workspace=workspace, title="Flood budget")
    claim = ClaimFactory(article=article, ordinal=0)
    approved = services.annotation_create(article=article, by=reviewer, claim=claim, note="approved note")
    services.annotation_submit(annotation=approved, by=reviewer)
    services.annotation_decide(annotation=approved, version=approved.version, by=editor, decision="approve")
    pending = services.annotation_create(article=article, by=reviewer, start=0, end=3, note="pending note")
    services.annotation_submit(annotation=pending, by=reviewer)
    return article


def test_a_member_downloads_the_articles_approved_work_as_a_file(client, factchecker, article):
    client.force_login(factchecker)
    response = client.get(download_url("csv", f"workspace=herald&article={article.pk}"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith(f'attachment; filename="axis-herald-article-{article.pk}-csv-')
    assert response["X-Content-Type-Options"] == "nosniff"
    data = b"".join(response.streaming_content)
    assert data.startswith("\ufeffannotation_id,".encode())
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert [r["note"] for r in rows] == ["approved note"]


def test_an_editor_downloads_every_state(editor_client, article):
    response = editor_client.get(download_url("jsonl", "workspace=herald&states=all"))
    text = b"".join(response.streaming_content).decode()
    assert "approved note" in text and "pending note" in text


def test_a_fact_checker_asking_for_every_state_is_403(client, factchecker, article):
    client.force_login(factchecker)
    assert client.get(download_url("csv", "workspace=herald&states=all")).status_code == 403


def test_downloads_need_a_sign_in(client, article):
    response = client.get(download_url("csv", "workspace=herald"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_another_workspaces_download_is_404(outsider_client, article):
    assert outsider_client.get(download_url("csv", "workspace=herald")).status_code == 404
    assert outsider_client.get(download_url("csv", f"workspace=post&article={article.pk}")).status_code == 404


def test_an_unknown_format_is_404(editor_client, article):
    assert editor_client.get(download_url("pdf", "workspace=herald")).status_code == 404


@pytest.mark.parametrize("query,field", [("", "workspace"), ("workspace=herald&since=soon", "since"),
                                         ("workspace=herald&states=every", "states"),
                                         ("workspace=herald&article=x", "article")])
def test_a_bad_parameter_is_400_naming_it(editor_client, article, query, field):
    response = editor_client.get(download_url("csv", query))
    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode().startswith(f"{field}: ")


def test_the_review_page_offers_the_articles_downloads(client, factchecker, editor, article):
    client.force_login(factchecker)
    page = client.get(reverse("annotations:article-detail", args=[article.pk])).content.decode()
    query = f"?workspace=herald&amp;article={article.pk}"
    for fmt in ("claimreview", "webannotation", "csv", "jsonl"):
        assert f'href="{reverse("annotations:export", args=[fmt])}{query}"' in page
    assert "<summary>Download</summary>" in page
    assert "states=all" not in page
    client.force_login(editor)
    page = client.get(reverse("annotations:article-detail", args=[article.pk])).content.decode()
    assert f'href="{reverse("annotations:export", args=["csv"])}{query}&amp;states=all"' in page


def test_the_home_page_offers_each_workspaces_downloads(editor_client, article):
    page = editor_client.get(reverse("annotations:home")).content.decode()
    assert "Download approved work" in page
    assert f'href="{reverse("annotations:export", args=["claimreview"])}?workspace=herald"' in page


def test_the_api_schema_documents_the_exports_and_the_import(client):
    schema = client.get("/api/schema/?format=json").json()
    paths = schema["paths"]
    content = {fmt: paths[f"/api/v1/exports/{fmt}/"]["get"]["responses"]["200"]["content"]
               for fmt in ("claimreview", "webannotation", "csv", "jsonl")}
    assert list(content["claimreview"]) == ["application/ld+json"]
    assert list(content["webannotation"]) == ['application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"']
    assert list(content["csv"]) == ["text/csv"] and list(content["jsonl"]) == ["application/x-ndjson"]
    parameters = {p["name"] for p in paths["/api/v1/exports/webannotation/"]["get"]["parameters"]}
    assert parameters == {"workspace", "article", "since", "states", "page"}
    for fmt in content:
        assert {"400", "401", "403", "404"} <= set(paths[f"/api/v1/exports/{fmt}/"]["get"]["responses"])
    post = paths["/api/v1/articles/{id}/import-webannotations/"]["post"]
    assert set(post["requestBody"]["content"]) == {"application/json", "application/ld+json"}
    assert {"200", "400", "401", "403", "404"} <= set(post["responses"])
