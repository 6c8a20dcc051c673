"""The REST API's behaviour: tokens, writes through the services, errors, filters, schema, query counts."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django_tasks_db.models import DBTaskResult
from knox.models import AuthToken
from rest_framework.test import APIClient

from annotations import services
from annotations.models import Annotation, Article, ReviewDecision
from tests.annotations.test_tasks import database_tasks, run_worker
from tests.factories import ARTICLE_TEXT, AnnotationFactory, ArticleFactory, ClaimFactory

pytestmark = pytest.mark.django_db


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def claim(workspace):
    return ClaimFactory(article=ArticleFactory(workspace=workspace), ordinal=0)


def test_token_made_on_the_settings_page_opens_the_api_and_is_stored_hashed(client, reviewer, claim):
    client.force_login(reviewer)
    client.post("/settings/tokens/new/")
    token = client.get("/settings/tokens/").context["new_token"]
    assert token.startswith("axis_")
    row = AuthToken.objects.get(user=reviewer)
    assert token not in (row.digest, row.token_key) and row.digest != token
    caller = APIClient()
    caller.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert caller.get(f"/api/v1/claims/{claim.pk}/").status_code == 200
    client.post(f"/settings/tokens/{row.token_key}/revoke/")
    assert caller.get(f"/api/v1/claims/{claim.pk}/").status_code == 401


def test_the_new_token_is_shown_only_once(client, reviewer):
    client.force_login(reviewer)
    client.post("/settings/tokens/new/")
    assert client.get("/settings/tokens/").context["new_token"]
    assert client.get("/settings/tokens/").context["new_token"] is None


def test_admin_adds_an_article_from_text_and_it_is_analysed(admin_member, workspace,
                                                           django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = api(admin_member).post("/api/v1/articles/", {"workspace": "herald", "text": ARTICLE_TEXT,
                                                               "title": "Budget"}, format="json")
    assert response.status_code == 201
    # The analysis ran once the article was committed; the caller polls the article's URL.
    body = api(admin_member).get(response["Location"]).json()
    assert body["status"] == "ready" and body["title"] == "Budget"
    assert body["claims"] and body["quotes"][0]["speaker"]["name"] == "Maria Lopez"
    assert response["Location"] == body["url"] == f"http://testserver/api/v1/articles/{body['id']}/"
    again = api(admin_member).post("/api/v1/articles/", {"workspace": "herald", "text": ARTICLE_TEXT},
                                   format="json")
    assert again.status_code == 200 and again.json()["id"] == body["id"]
    assert Article.objects.count() == 1


def test_with_the_production_task_backend_a_new_article_answers_queued_with_a_url_to_poll(
        admin_member, workspace, django_capture_on_commit_callbacks):
    client = api(admin_member)
    with database_tasks():
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post("/api/v1/articles/", {"workspace": "herald", "text": ARTICLE_TEXT}, format="json")
        assert response.status_code == 201
        body = response.json()
        # Nothing is analysed before the answer: the article waits for a worker.
        assert (body["status"], body["claims"], body["quotes"], body["analysed_at"]) == ("queued", [], [], None)
        assert response["Location"] == body["url"] == f"http://testserver/api/v1/articles/{body['id']}/"
        assert DBTaskResult.objects.get().args_kwargs["kwargs"]["article_ids"] == [body["id"]]
        assert client.get(response["Location"]).json()["status"] == "queued"
        run_worker()
    polled = client.get(response["Location"])
    assert polled.status_code == 200
    assert polled.json()["status"] == "ready" and polled.json()["claims"]
    assert polled.json()["quotes"][0]["speaker"]["name"] == "Maria Lopez"
    assert Article.objects.get().claims.count() == len(polled.json()["claims"])
    # The same text again is the stored article, with no Location: nothing new to poll.
    again = client.post("/api/v1/articles/", {"workspace": "herald", "text": ARTICLE_TEXT}, format="json")
    assert again.status_code == 200 and again.json()["id"] == body["id"] and "Location" not in again


def test_the_schema_promises_a_queued_article_not_an_analysed_one(client):
    operation = client.get("/api/schema/", {"format": "json"}).json()["paths"]["/api/v1/articles/"]["post"]
    assert "analysed before" not in operation["description"] + operation["summary"]
    assert "queued" in operation["responses"]["201"]["description"]
    assert "Location" in operation["responses"]["201"]["description"]


def test_admin_uploads_an_html_file(admin_member, workspace, django_capture_on_commit_callbacks):
    page = b"<html><head><title>Flood plan</title></head><body><article><p>" + \
        ARTICLE_TEXT.encode() + b"</p></article></body></html>"
    with django_capture_on_commit_callbacks(execute=True):
        response = api(admin_member).post("/api/v1/articles/", {
            "workspace": "herald", "file": SimpleUploadedFile("plan.html", page, content_type="text/html")},
            format="multipart")
    assert response.status_code == 201, response.content
    assert api(admin_member).get(response["Location"]).json()["title"] == "Flood plan"


@override_settings(AXIS_MAX_UPLOAD_BYTES=100)
def test_oversized_upload_is_413_and_stores_nothing(admin_member, workspace):
    response = api(admin_member).post("/api/v1/articles/", {
        "workspace": "herald", "file": SimpleUploadedFile("big.txt", b"word " * 100)}, format="multipart")
    assert response.status_code == 413
    assert Article.objects.count() == 0


def test_unsupported_file_type_is_415(admin_member, workspace):
    response = api(admin_member).post("/api/v1/articles/", {
        "workspace": "herald", "file": SimpleUploadedFile("report.pdf", b"%PDF-1.7")}, format="multipart")
    assert response.status_code == 415
    assert Article.objects.count() == 0


def test_binary_text_file_names_the_field(admin_member, workspace):
    response = api(admin_member).post("/api/v1/articles/", {
        "workspace": "herald", "file": SimpleUploadedFile("x.txt", b"\x00\x01\x02")}, format="multipart")
    assert response.status_code == 400
    assert "file" in response.json()


def test_text_and_file_missing_names_the_field(admin_member, workspace):
    response = api(admin_member).post("/api/v1/articles/", {"workspace": "herald"}, format="json")
    assert response.status_code == 400
    assert "text" in response.json()


def test_reviewer_annotates_a_claim_with_tags_verdict_and_evidence(reviewer, claim):
    response = api(reviewer).post("/api/v1/annotations/", {
        "article": claim.article_id, "claim": claim.pk, "tags": ["statistic"], "verdict": "Mostly true",
        "note": "Close to the audited figure.",
        "evidence": [{"url": "https://audit.example.org/2026", "stance": "supports"}],
    }, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["tags"], body["verdict"], body["verdict_value"], body["state"]) == (
        ["statistic"], "Mostly true", 4, "draft")
    assert body["evidence"][0]["url"] == "https://audit.example.org/2026"


def test_the_list_shows_each_annotations_own_tags_and_evidence(reviewer, claim):
    tagged = AnnotationFactory(claim=claim, author=reviewer, state="submitted")
    tagged.tags.set(claim.article.workspace.labels.filter(name__in=["statistic", "check-worthy", "opinion"]))
    tagged.evidence.create(url="https://a.example.org/", title="Audit", publisher="Office", stance="supports")
    tagged.evidence.create(url="https://b.example.org/", stance="refutes")
    bare = AnnotationFactory(claim=claim, author=reviewer, state="submitted")
    results = {row["id"]: row for row in api(reviewer).get("/api/v1/annotations/").json()["results"]}
    assert results[tagged.pk]["tags"] == ["check-worthy", "opinion", "statistic"]
    assert results[tagged.pk]["evidence"] == [
        {"id": tagged.evidence.get(url="https://a.example.org/").pk, "url": "https://a.example.org/",
         "title": "Audit", "publisher": "Office", "stance": "supports"},
        {"id": tagged.evidence.get(url="https://b.example.org/").pk, "url": "https://b.example.org/",
         "title": "", "publisher": "", "stance": "refutes"},
    ]
    assert (results[bare.pk]["tags"], results[bare.pk]["evidence"]) == ([], [])


@pytest.mark.parametrize("payload,field", [
    ({"tags": ["no-such-tag"]}, "tags"),
    ({"verdict": "Pants on fire"}, "verdict"),
    ({"evidence": [{"url": "javascript:alert(1)"}]}, "evidence"),
    ({"claim": None}, "claim"),
    ({"note": ""}, "note"),
])
def test_bad_annotation_input_names_the_field_and_stores_nothing(reviewer, claim, payload, field):
    body = {"article": claim.article_id, "claim": claim.pk, "note": "x"} | payload
    response = api(reviewer).post("/api/v1/annotations/", body, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert Annotation.objects.count() == 0


def test_stale_version_is_409_with_the_current_annotation(reviewer, claim):
    annotation = AnnotationFactory(claim=claim, author=reviewer, note="v1")
    client = api(reviewer)
    assert client.patch(f"/api/v1/annotations/{annotation.pk}/", {"version": 1, "note": "v2"},
                        format="json").status_code == 200
    stale = client.patch(f"/api/v1/annotations/{annotation.pk}/", {"version": 1, "note": "v2 again"}, format="json")
    assert stale.status_code == 409
    assert stale.json()["current"]["note"] == "v2" and stale.json()["current"]["version"] == 2
    assert stale.json()["current"]["tags"] == [] and stale.json()["current"]["author"] == "rita"
    annotation.refresh_from_db()
    assert annotation.note == "v2"


def test_a_span_posted_inside_an_emoji_sequence_is_stored_with_the_whole_emoji(reviewer, workspace):
    family = "\U0001F468\u200d\U0001F469\u200d\U0001F467"
    text = f"The {family} family moved."
    article = ArticleFactory(workspace=workspace, raw_text=text, clean_text=text)
    start = text.index(family) + 2  # after the man and the ZWJ
    response = api(reviewer).post("/api/v1/annotations/", {"article": article.pk, "start": start, "end": start + 13,
                                                           "note": "Which family?"}, format="json")
    assert response.status_code == 201
    body = response.json()
    assert (body["start"], body["end"], body["exact"]) == (start - 2, start + 13, f"{family} family mo")
    assert Annotation.objects.get().exact == f"{family} family mo"


def test_patch_of_the_note_alone_keeps_the_tags_and_verdict(reviewer, claim):
    created = api(reviewer).post("/api/v1/annotations/", {
        "article": claim.article_id, "claim": claim.pk, "tags": ["statistic"], "verdict": "Mostly true",
        "note": "v1"}, format="json")
    assert created.status_code == 201
    pk = created.json()["id"]
    response = api(reviewer).patch(f"/api/v1/annotations/{pk}/", {"version": 1, "note": "v2"}, format="json")
    assert response.status_code == 200
    assert (response.json()["tags"], response.json()["verdict"], response.json()["note"]) == (
        ["statistic"], "Mostly true", "v2")
    annotation = Annotation.objects.get(pk=pk)
    assert [t.name for t in annotation.tags.all()] == ["statistic"] and annotation.verdict.name == "Mostly true"


def test_resending_after_a_409_stores_what_was_sent_and_keeps_what_was_not(reviewer, claim):
    annotation = AnnotationFactory(claim=claim, author=reviewer, note="v1")
    client = api(reviewer)
    client.patch(f"/api/v1/annotations/{annotation.pk}/", {"version": 1, "tags": ["statistic"]}, format="json")
    stale = client.patch(f"/api/v1/annotations/{annotation.pk}/", {"version": 1, "note": "mine", "verdict": "True"},
                         format="json")
    assert stale.status_code == 409
    current = stale.json()["current"]
    assert (current["tags"], current["note"], current["version"]) == (["statistic"], "v1", 2)
    again = client.patch(f"/api/v1/annotations/{annotation.pk}/",
                         {"version": current["version"], "note": "mine", "verdict": "True"}, format="json")
    assert again.status_code == 200
    annotation.refresh_from_db()
    assert ([t.name for t in annotation.tags.all()], annotation.verdict.name, annotation.note, annotation.version) == (
        ["statistic"], "True", "mine", 3)


def test_patch_with_empty_tags_clears_them(reviewer, claim):
    annotation = AnnotationFactory(claim=claim, author=reviewer, note="v1")
    annotation.tags.set(claim.article.workspace.labels.filter(name="statistic"))
    response = api(reviewer).patch(f"/api/v1/annotations/{annotation.pk}/", {"version": 1, "tags": []},
                                   format="json")
    assert response.status_code == 200 and response.json()["tags"] == []
    assert not annotation.tags.exists()


def test_patch_without_version_names_it(reviewer, claim):
    annotation = AnnotationFactory(claim=claim, author=reviewer)
    response = api(reviewer).patch(f"/api/v1/annotations/{annotation.pk}/", {"note": "x"}, format="json")
    assert response.status_code == 400 and "version" in response.json()


def test_submit_then_editor_decides_and_self_approval_is_400(reviewer, editor, claim):
    annotation = AnnotationFactory(claim=claim, author=editor)
    editor_api = api(editor)
    assert editor_api.post(f"/api/v1/annotations/{annotation.pk}/submit/").json()["state"] == "submitted"
    own = editor_api.post("/api/v1/decisions/", {"annotation": annotation.pk, "version": 1, "decision": "approve"},
                          format="json")
    assert own.status_code == 400
    assert own.json() == {"decision": [services.OWN_ANNOTATION]}
    theirs = AnnotationFactory(claim=claim, author=reviewer, state="submitted")
    response = editor_api.post("/api/v1/decisions/", {"annotation": theirs.pk, "version": 1, "decision": "reject"},
                               format="json")
    assert response.status_code == 400 and "comment" in response.json()
    ok = editor_api.post("/api/v1/decisions/", {"annotation": theirs.pk, "version": 1, "decision": "approve"},
                         format="json")
    assert ok.status_code == 201
    theirs.refresh_from_db()
    assert theirs.state == "approved"


def test_decision_without_the_version_read_is_400_naming_version(editor, reviewer, claim):
    theirs = AnnotationFactory(claim=claim, author=reviewer, state="submitted")
    response = api(editor).post("/api/v1/decisions/", {"annotation": theirs.pk, "decision": "approve"},
                                format="json")
    assert response.status_code == 400
    assert set(response.json()) == {"version"}
    theirs.refresh_from_db()
    assert theirs.state == "submitted"
    assert not ReviewDecision.objects.exists()


def test_decision_on_a_version_edited_since_is_409_with_the_newer_one(editor, reviewer, claim):
    theirs = AnnotationFactory(claim=claim, author=reviewer, state="submitted", note="v1")
    assert api(reviewer).patch(f"/api/v1/annotations/{theirs.pk}/", {"version": 1, "note": "v2"},
                               format="json").status_code == 200
    response = api(editor).post("/api/v1/decisions/", {"annotation": theirs.pk, "version": 1, "decision": "approve"},
                                format="json")
    assert response.status_code == 409
    body = response.json()
    assert body["version"] == [services.CHANGED_SINCE_READ.format(author="rita", current=2, read=1)]
    assert (body["current"]["version"], body["current"]["note"]) == (2, "v2")
    assert not ReviewDecision.objects.exists()
    ok = api(editor).post("/api/v1/decisions/", {"annotation": theirs.pk, "version": 2, "decision": "approve"},
                          format="json")
    assert ok.status_code == 201 and ok.json()["annotation_version"] == 2


def test_undeclared_filters_are_ignored_not_applied(reviewer, claim):
    AnnotationFactory(claim=claim, author=reviewer, state="submitted")
    client = api(reviewer)
    everything = client.get("/api/v1/annotations/").json()["results"]
    probed = client.get("/api/v1/annotations/", {"author__password__startswith": "pbkdf2"}).json()["results"]
    assert probed == everything
    ordered = client.get("/api/v1/annotations/", {"ordering": "author__password"})
    assert ordered.status_code == 200 and ordered.json()["results"] == everything


def test_filters_by_state_tag_verdict_and_checkworthiness(reviewer, claim, workspace):
    wanted = services.annotation_create(article=claim.article, claim=claim, by=reviewer,
                                        tags=[workspace.labels.get(name="statistic")],
                                        verdict=workspace.ratings.get(name="False"))
    services.annotation_create(article=claim.article, claim=claim, by=reviewer, note="other")
    client = api(reviewer)
    for params in ({"tag": "statistic"}, {"verdict": "false"}, {"tag": "statistic", "state": "draft"}):
        ids = [row["id"] for row in client.get("/api/v1/annotations/", params).json()["results"]]
        assert ids == [wanted.pk], params
    assert client.get("/api/v1/claims/", {"checkworthiness_min": 0.9}).json()["results"] == []


def test_lists_are_cursor_paginated(reviewer, claim):
    for _ in range(3):
        AnnotationFactory(claim=claim, author=reviewer)
    first = api(reviewer).get("/api/v1/annotations/", {"page_size": 2}).json()
    assert len(first["results"]) == 2 and "cursor=" in first["next"]
    second = api(reviewer).get(first["next"]).json()
    assert len(second["results"]) == 1


@pytest.mark.parametrize("page_size", [3, 9])
def test_annotation_list_queries_do_not_grow_with_page_size(reviewer, claim, page_size, django_assert_num_queries):
    for _ in range(9):
        AnnotationFactory(claim=claim, author=reviewer, state="submitted")
    client = api(reviewer)
    # roles; annotations with their authors, verdicts, tags and evidence
    with django_assert_num_queries(2):
        response = client.get("/api/v1/annotations/", {"page_size": page_size})
    assert len(response.json()["results"]) == page_size


def test_schema_documents_every_endpoint_and_the_docs_page_uses_local_assets(client, reviewer):
    schema = api(reviewer).get("/api/schema/", {"format": "json"}).json()
    paths = schema["paths"]
    for path in ["/api/v1/articles/", "/api/v1/annotations/{id}/", "/api/v1/annotations/{id}/submit/",
                 "/api/v1/decisions/", "/api/v1/audit-events/", "/api/v1/claims/", "/api/v1/quotes/",
                 "/api/v1/sources/", "/api/v1/workspaces/"]:
        assert path in paths, path
    assert "409" in paths["/api/v1/annotations/{id}/"]["patch"]["responses"]
    assert {"413", "415", "400", "401", "403"} <= set(paths["/api/v1/articles/"]["post"]["responses"])
    client.force_login(reviewer)
    page = client.get("/api/docs/").content.decode()
    assert "/static/drf_spectacular_sidecar/" in page
    assert "cdn" not in page.lower() and "https://" not in page
    # Nothing inline for the CSP to refuse: the start-up script and the page's styles are files.
    assert "<style" not in page and "<script>" not in page and 'src="/api/docs/?script="' in page
    script = client.get("/api/docs/", {"script": ""})
    assert script.status_code == 200 and script["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle(" in script.content.decode()


def test_annotations_and_decisions_name_their_people_by_username(reviewer, editor, claim):
    annotation = services.annotation_create(article=claim.article, claim=claim, by=reviewer, note="Check")
    services.annotation_submit(annotation=annotation, by=reviewer)
    services.annotation_decide(annotation=annotation, version=annotation.version, by=editor, decision="approve")
    client = api(editor)
    assert client.get(f"/api/v1/annotations/{annotation.pk}/").json()["author"] == reviewer.username
    assert client.get("/api/v1/decisions/", {"annotation": annotation.pk}).json()["results"][0]["editor"] == \
        editor.username
