"""Public fact checks (issue 14, item 8): an admin's switch, an editor's publish, a page anyone reads."""

import json
import re
import uuid
from datetime import date

import pytest
from django.core.exceptions import ValidationError

from annotations import services
from annotations.exports.jsonld import expand
from annotations.models import AuditEvent, Publication, Workspace
from tests.factories import ArticleFactory, ClaimFactory, MembershipFactory

pytestmark = pytest.mark.django_db

SCHEMA = "https://schema.org/"
HOSTILE = "</script><script>alert(1)</script> & more"
JSONLD_RE = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def approve(annotation, *, by, editor):
    services.annotation_submit(annotation=annotation, by=by)
    services.annotation_decide(annotation=annotation, by=editor, decision="approve", version=annotation.version)
    annotation.refresh_from_db()
    return annotation


def page_url(publication: Publication, slug: str = "herald") -> str:
    return f"/checks/{slug}/{publication.public_id}/"


def jsonld_of(response) -> dict:
    """Return the JSON-LD of the page's one ld+json script element, as a search engine reads it."""
    (text,) = JSONLD_RE.findall(response.content.decode())
    return json.loads(text)


@pytest.fixture
def article(workspace):
    return ArticleFactory(workspace=workspace, title="Flood budget", source_url="https://herald.example/flood",
                          byline="Jane Doe", published=date(2026, 5, 1))


@pytest.fixture
def verdict(workspace, article, reviewer, editor):
    """An approved "Mostly false" on the article's first claim, with a note and evidence."""
    claim = ClaimFactory(article=article, ordinal=0)
    return approve(services.annotation_create(
        article=article, by=reviewer, claim=claim, verdict=workspace.ratings.get(name="Mostly false"),
        note="The minutes say $3.9 million.",
        evidence=[{"url": "https://council.example/minutes", "title": "Council minutes", "publisher": "City",
                   "stance": "refutes"}],
    ), by=reviewer, editor=editor)


@pytest.fixture
def publishing(workspace, admin_member):
    return services.workspace_publishing_set(workspace=workspace, enabled=True, by=admin_member)


@pytest.fixture
def published(publishing, verdict, editor):
    return services.publication_publish(annotation=verdict, by=editor)


# The public page


def test_a_published_fact_check_is_readable_without_signing_in(client, published, verdict, article):
    response = client.get(page_url(published))
    assert response.status_code == 200
    page = response.content.decode()
    for seen in (verdict.claim.text, "Mostly false", "rated 2 on a scale from 1 (least true) to 5 (most true)",
                 "The minutes say $3.9 million.", "Council minutes", "Flood budget", "Jane Doe", "1 May 2026"):
        assert seen in page, seen
    assert 'href="https://herald.example/flood"' in page
    # Nothing of Axis's own, signed-in side: no author's username, no link to the annotation.
    assert "rita" not in page and f"/annotations/{verdict.pk}/" not in page


def test_the_page_embeds_its_claimreview_which_names_the_page_as_url(client, published, verdict):
    response = client.get(page_url(published))
    review = jsonld_of(response)
    assert review["url"] == f"http://testserver{page_url(published)}"
    assert review["claimReviewed"] == verdict.claim.text
    (node,) = expand(review)
    assert node["@type"] == [SCHEMA + "ClaimReview"]
    assert node[SCHEMA + "url"][0]["@value"] == review["url"]
    rating = node[SCHEMA + "reviewRating"][0]
    assert rating[SCHEMA + "alternateName"][0]["@value"] == "Mostly false"
    assert rating[SCHEMA + "ratingValue"][0]["@value"] == 2
    appearance = node[SCHEMA + "itemReviewed"][0][SCHEMA + "appearance"][0]
    assert appearance[SCHEMA + "url"][0]["@value"] == "https://herald.example/flood"
    assert appearance[SCHEMA + "datePublished"][0]["@value"] == "2026-05-01"


def test_the_page_says_the_same_as_the_export(client, published, factchecker):
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(factchecker)
    (exported,) = json.loads(b"".join(api.get("/api/v1/exports/claimreview/?workspace=herald").streaming_content))
    assert jsonld_of(client.get(page_url(published))) == exported


def test_the_page_keeps_the_content_security_policy_and_a_data_block_is_all_it_adds(client, published):
    response = client.get(page_url(published))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    page = response.content.decode()
    # One script element, a JSON-LD data block (never run, so the policy leaves it alone), and no style="".
    assert page.count("<script") == 1 and '<script type="application/ld+json">' in page
    assert "style=" not in page


def test_markup_in_the_claim_neither_ends_the_script_nor_renders(client, workspace, reviewer, editor, publishing):
    article = ArticleFactory(workspace=workspace, title=f"Title {HOSTILE}", byline="A & B",
                             raw_text=f"Officials said {HOSTILE}.\n\nNothing else.")
    start = article.clean_text.index("</script>")
    claim = ClaimFactory(article=article, ordinal=0, start=start, end=start + len(HOSTILE))
    annotation = approve(services.annotation_create(article=article, by=reviewer, claim=claim,
                                                    verdict=workspace.ratings.get(name="False"),
                                                    note=f"Note {HOSTILE}"), by=reviewer, editor=editor)
    publication = services.publication_publish(annotation=annotation, by=editor)
    response = client.get(page_url(publication))
    page = response.content.decode()
    assert page.count("<script") == 1 and page.count("</script>") == 1
    (text,) = JSONLD_RE.findall(page)
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text)["claimReviewed"] == HOSTILE
    assert "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in page


def test_the_page_shows_the_approved_version_while_an_edit_is_under_review(client, published, verdict, reviewer):
    services.annotation_update(annotation=verdict, by=reviewer, version=verdict.version, tags=[],
                               verdict=verdict.verdict, note="A later draft that nobody approved.")
    page = client.get(page_url(published)).content.decode()
    assert "The minutes say $3.9 million." in page
    assert "nobody approved" not in page


def test_a_verdict_off_the_numeric_scale_says_so(client, workspace, article, reviewer, editor, publishing):
    annotation = approve(services.annotation_create(
        article=article, by=reviewer, claim=ClaimFactory(article=article, ordinal=1),
        verdict=workspace.ratings.get(name="Misleading")), by=reviewer, editor=editor)
    response = client.get(page_url(services.publication_publish(annotation=annotation, by=editor)))
    assert "a verdict outside the numeric true-to-false scale" in response.content.decode()
    assert jsonld_of(response)["reviewRating"] == {"@type": "Rating", "alternateName": "Misleading",
                                                   "name": "Misleading"}


def test_the_page_costs_three_queries(client, published, django_assert_num_queries):
    # The workspace; the fact check with everything it shows; the rating scale.
    with django_assert_num_queries(3):
        assert client.get(page_url(published)).status_code == 200


# What is never shown: 404, as for an address that never existed


def _unpublished(publication, editor, **_):
    services.publication_unpublish(annotation=publication.annotation, by=editor)
    return page_url(publication)


def _publishing_off(publication, admin_member, **_):
    services.workspace_publishing_set(workspace=publication.annotation.article.workspace, enabled=False,
                                      by=admin_member)
    return page_url(publication)


def _another_workspace(publication, other_workspace, **_):
    Workspace.objects.filter(pk=other_workspace.pk).update(publish_fact_checks=True)
    return page_url(publication, slug=other_workspace.slug)


def _unknown_id(publication, **_):
    return f"/checks/herald/{uuid.uuid4()}/"


def _not_a_uuid(publication, **_):
    return f"/checks/herald/{publication.annotation_id}/"


def _forced_on(state):
    """A publication row put by hand on an annotation that is not approved: the page still refuses it."""

    def make(publication, article, reviewer, editor, workspace, **_):
        annotation = services.annotation_create(article=article, by=reviewer,
                                                claim=ClaimFactory(article=article, ordinal=5),
                                                verdict=workspace.ratings.get(name="True"), note=f"{state} note")
        if state == "submitted":
            services.annotation_submit(annotation=annotation, by=reviewer)
        forced = Publication.objects.create(annotation=annotation, published_by=editor,
                                            published_at=publication.published_at)
        return page_url(forced)

    return make


@pytest.mark.parametrize("make", [_unpublished, _publishing_off, _another_workspace, _unknown_id, _not_a_uuid,
                                  _forced_on("draft"), _forced_on("submitted")],
                         ids=["unpublished", "publishing-off", "another-workspace", "unknown-id", "internal-id",
                              "draft", "submitted"])
def test_a_page_that_is_not_published_approved_work_is_404(client, published, make, editor, admin_member,
                                                          other_workspace, article, reviewer, workspace):
    url = make(published, editor=editor, admin_member=admin_member, other_workspace=other_workspace,
               article=article, reviewer=reviewer, workspace=workspace)
    response = client.get(url)
    assert response.status_code == 404
    assert "note" not in response.content.decode()


def test_a_signed_in_member_sees_no_more_than_anyone(client, published, editor):
    services.publication_unpublish(annotation=published.annotation, by=editor)
    client.force_login(editor)
    assert client.get(page_url(published)).status_code == 404


# The list of a workspace's fact checks


def test_the_list_shows_published_checks_only(client, published, verdict, article, reviewer, editor, workspace):
    critics = article.clean_text.index("Critics")
    claim = ClaimFactory(article=article, ordinal=1, start=critics, end=article.clean_text.index("rushed.") + 7)
    other = approve(services.annotation_create(article=article, by=reviewer, claim=claim,
                                               verdict=workspace.ratings.get(name="True")),
                    by=reviewer, editor=editor)
    response = client.get("/checks/herald/")
    assert response.status_code == 200
    page = response.content.decode()
    assert page_url(published) in page and verdict.claim.text in page
    assert other.claim.text not in page


def test_the_list_of_a_workspace_that_does_not_publish_is_404(client, workspace):
    assert client.get("/checks/herald/").status_code == 404
    assert client.get("/checks/nowhere/").status_code == 404


# Publishing: who, what, and the trail it leaves


def test_an_editor_publishes_an_approved_verdict_and_it_is_audited(publishing, verdict, editor):
    publication = services.publication_publish(annotation=verdict, by=editor)
    assert publication.published and publication.published_by == editor and publication.public_id.version == 4
    event = AuditEvent.objects.get(action="publication.publish")
    assert event.actor == editor and event.after["annotation_id"] == verdict.pk


def test_publishing_again_keeps_the_same_address(published, verdict, editor):
    services.publication_unpublish(annotation=verdict, by=editor)
    again = services.publication_publish(annotation=verdict, by=editor)
    assert again.public_id == published.public_id and again.published
    assert list(AuditEvent.objects.filter(object_type="publication").order_by("id")
                .values_list("action", flat=True)) == ["publication.publish", "publication.unpublish",
                                                       "publication.publish"]


@pytest.mark.parametrize("role", ["reviewer", "factchecker"])
def test_only_editors_and_admins_publish(publishing, verdict, workspace, role):
    member = MembershipFactory(workspace=workspace, role=role).user
    with pytest.raises(ValidationError) as error:
        services.publication_publish(annotation=verdict, by=member)
    assert error.value.message_dict == {"publication": [services.ONLY_EDITORS_PUBLISH]}
    assert not Publication.objects.exists()


def test_nothing_is_published_while_the_workspace_does_not_publish(verdict, editor):
    with pytest.raises(ValidationError) as error:
        services.publication_publish(annotation=verdict, by=editor)
    assert error.value.message_dict == {"publication": [services.PUBLISHING_OFF]}
    assert not Publication.objects.exists()


@pytest.mark.parametrize("state", ["draft", "submitted", "no-verdict"])
def test_only_an_approved_verdict_is_published(publishing, article, reviewer, editor, workspace, state):
    annotation = services.annotation_create(
        article=article, by=reviewer, claim=ClaimFactory(article=article, ordinal=3), note="n",
        verdict=None if state == "no-verdict" else workspace.ratings.get(name="True"))
    if state == "submitted":
        services.annotation_submit(annotation=annotation, by=reviewer)
    if state == "no-verdict":
        approve(annotation, by=reviewer, editor=editor)
    with pytest.raises(ValidationError) as error:
        services.publication_publish(annotation=annotation, by=editor)
    assert error.value.message_dict == {"publication": [services.NOT_APPROVED]}
    assert not Publication.objects.exists()


def test_only_admins_switch_publishing(workspace, editor):
    with pytest.raises(ValidationError):
        services.workspace_publishing_set(workspace=workspace, enabled=True, by=editor)
    workspace.refresh_from_db()
    assert workspace.publish_fact_checks is False


# The pages that do it


def test_an_editor_publishes_from_the_annotation_page(client, publishing, verdict, editor):
    client.force_login(editor)
    page = client.get(f"/annotations/{verdict.pk}/").content.decode()
    assert f'action="/annotations/{verdict.pk}/publish/"' in page
    response = client.post(f"/annotations/{verdict.pk}/publish/")
    assert response.status_code == 302 and response["Location"] == f"/annotations/{verdict.pk}/"
    publication = Publication.objects.get(annotation=verdict)
    page = client.get(f"/annotations/{verdict.pk}/").content.decode()
    assert page_url(publication) in page and f'action="/annotations/{verdict.pk}/unpublish/"' in page
    client.post(f"/annotations/{verdict.pk}/unpublish/")
    publication.refresh_from_db()
    assert publication.published is False


def test_a_reviewer_gets_no_publish_button_and_a_refusal(client, publishing, verdict, reviewer):
    client.force_login(reviewer)
    assert "/publish/" not in client.get(f"/annotations/{verdict.pk}/").content.decode()
    response = client.post(f"/annotations/{verdict.pk}/publish/", follow=True)
    assert services.ONLY_EDITORS_PUBLISH in response.content.decode()
    assert not Publication.objects.exists()


def test_an_outsider_cannot_publish_another_workspaces_verdict(outsider_client, publishing, verdict):
    assert outsider_client.post(f"/annotations/{verdict.pk}/publish/").status_code == 404
    assert not Publication.objects.exists()


def test_publishing_needs_a_sign_in_and_a_post(client, publishing, verdict, editor):
    assert client.post(f"/annotations/{verdict.pk}/publish/").status_code == 302
    client.force_login(editor)
    assert client.get(f"/annotations/{verdict.pk}/publish/").status_code == 405
    assert not Publication.objects.exists()


def test_an_admin_switches_publishing_on_in_the_settings(client, workspace, admin_member):
    client.force_login(admin_member)
    page = client.get("/workspaces/herald/").content.decode()
    assert 'id="id_publishing-publish_fact_checks"' in page and "Off: no fact check" in page
    response = client.post("/workspaces/herald/publishing/", {"publishing-publish_fact_checks": "on"})
    assert response.status_code == 302
    workspace.refresh_from_db()
    assert workspace.publish_fact_checks is True
    assert AuditEvent.objects.filter(action="workspace.publishing", actor=admin_member).count() == 1
    assert "/checks/herald/" in client.get("/workspaces/herald/").content.decode()
    client.post("/workspaces/herald/publishing/", {})
    workspace.refresh_from_db()
    assert workspace.publish_fact_checks is False


def test_an_editor_cannot_switch_publishing(editor_client, workspace):
    assert editor_client.post("/workspaces/herald/publishing/", {"publishing-publish_fact_checks": "on"}).status_code == 403
    workspace.refresh_from_db()
    assert workspace.publish_fact_checks is False


# Cost


def _published_batch(article, reviewer, editor, n: int) -> None:
    for i in range(n):
        annotation = approve(services.annotation_create(
            article=article, by=reviewer, claim=ClaimFactory(article=article, ordinal=100 + i),
            verdict=article.workspace.ratings.get(name="False"), note=f"n{i}",
            evidence=[{"url": f"https://example.org/{i}"}]), by=reviewer, editor=editor)
        services.publication_publish(annotation=annotation, by=editor)


@pytest.mark.parametrize("rows", [3, 9])
def test_the_list_costs_three_queries_however_many_checks(client, publishing, article, reviewer, editor, rows,
                                                          django_assert_num_queries):
    _published_batch(article, reviewer, editor, rows)
    # The workspace; the paginator's count; the page of checks with everything they show.
    with django_assert_num_queries(3):
        response = client.get("/checks/herald/")
    assert response.content.decode().count("/checks/herald/") >= rows


@pytest.mark.parametrize("rows", [3, 9])
def test_the_export_with_public_pages_costs_three_queries(publishing, article, reviewer, editor, factchecker, rows,
                                                          django_assert_num_queries):
    from rest_framework.test import APIClient

    _published_batch(article, reviewer, editor, rows)
    api = APIClient()
    api.force_authenticate(factchecker)
    # The membership with its workspace; the rating scale; the reviews with their publications.
    with django_assert_num_queries(3):
        text = b"".join(api.get("/api/v1/exports/claimreview/?workspace=herald").streaming_content).decode()
    assert text.count('"@type":"ClaimReview","url":"http://testserver/checks/herald/') == rows


def test_the_admin_lists_publications_but_changes_them_only_through_the_service(client, published, workspace):
    from tests.factories import UserFactory

    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    response = client.get("/admin/annotations/publication/")
    assert response.status_code == 200 and str(published.public_id) in response.content.decode()
    page = client.get(f"/admin/annotations/workspace/{workspace.pk}/change/").content.decode()
    assert 'name="publish_fact_checks"' not in page


def test_a_newly_approved_version_replaces_the_published_one(client, published, verdict, reviewer, editor):
    services.annotation_update(annotation=verdict, by=reviewer, version=verdict.version, tags=[],
                               verdict=verdict.verdict, note="Revised: the minutes say $3.8 million.")
    verdict.refresh_from_db()
    services.annotation_decide(annotation=verdict, by=editor, decision="approve", version=verdict.version)
    page = client.get(page_url(published)).content.decode()
    assert "Revised: the minutes say $3.8 million." in page and "$3.9 million" not in page


def test_a_version_approved_without_a_verdict_takes_the_page_down(client, published, verdict, reviewer, editor):
    services.annotation_update(annotation=verdict, by=reviewer, version=verdict.version, tags=[], verdict=None,
                               note="No verdict after all.")
    verdict.refresh_from_db()
    services.annotation_decide(annotation=verdict, by=editor, decision="approve", version=verdict.version)
    assert client.get(page_url(published)).status_code == 404
