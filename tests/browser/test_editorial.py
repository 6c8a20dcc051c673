"""The whole loop in real browsers: a reviewer submits, an editor approves from the queue with the
keyboard, a fact-checker sees the approved work; a version edited after the queue loaded is refused."""

import pytest
from playwright.sync_api import expect

from annotations import services
from annotations.models import Annotation, AuditEvent, ReviewDecision
from tests.browser.test_review import ARTICLE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_reviewer_submits_editor_approves_with_the_keyboard_factchecker_sees_it(
    browser, live_server, sign_in, workspace, reviewer, editor, factchecker, screenshot
):
    article, _ = services.article_create(workspace=workspace, raw_text=ARTICLE, by=reviewer, title="River report")

    def new_page(user):
        page = browser.new_context(viewport={"width": 1280, "height": 860}).new_page()
        sign_in(page, user)
        return page

    writer = new_page(reviewer)
    writer.goto(f"{live_server.url}/articles/{article.pk}/")
    writer.keyboard.press("j")
    panel = writer.locator("#panel")
    panel.get_by_label("Note or rationale").fill("The gauge data agrees: 2.5 m.")
    panel.get_by_role("button", name="Save draft").click()
    expect(panel.get_by_text("Saved as a draft.")).to_be_visible()
    writer.keyboard.press("s")
    expect(panel.get_by_text("Submitted for review.")).to_be_visible()

    desk = new_page(editor)
    desk.goto(f"{live_server.url}/queue/")
    expect(desk.get_by_text("The gauge data agrees: 2.5 m.")).to_be_visible()
    desk.keyboard.press("j")
    desk.keyboard.press("a")
    expect(desk.get_by_text("Approved version 2.").or_(desk.get_by_text("Approved version 1."))).to_be_visible()
    screenshot(desk, "queue-approved")
    annotation = Annotation.objects.get()
    assert annotation.state == Annotation.State.APPROVED

    reader = new_page(factchecker)
    reader.goto(f"{live_server.url}/articles/{article.pk}/?target=claim:{annotation.claim_id}")
    expect(reader.locator("#panel").get_by_text("The gauge data agrees: 2.5 m.")).to_be_visible()
    expect(reader.locator("#panel").get_by_text("Approved", exact=True)).to_be_visible()
    screenshot(reader, "factchecker-sees-approved")

    actions = set(AuditEvent.objects.filter(object_type="annotation", object_id=str(annotation.pk))
                  .values_list("action", flat=True))
    assert {"annotation.create", "annotation.submit", "annotation.decide"} <= actions


def _submitted(workspace, reviewer, note):
    article, _ = services.article_create(workspace=workspace, raw_text=ARTICLE, by=reviewer, title="River report")
    claim = article.claims.order_by("ordinal").first()
    annotation = services.annotation_create(article=article, claim=claim, by=reviewer, note=note)
    return services.annotation_submit(annotation=annotation, by=reviewer)


def test_bulk_approval_of_a_version_edited_after_the_queue_loaded_is_refused_then_decided_in_place(
    page, live_server, sign_in, workspace, reviewer, editor, screenshot
):
    annotation = _submitted(workspace, reviewer, "Version one: the gauge read 2.5 m.")
    sign_in(page, editor)
    page.goto(f"{live_server.url}/queue/")
    expect(page.get_by_text("Version one: the gauge read 2.5 m.")).to_be_visible()

    # The reviewer edits while the editor is reading the queue.
    services.annotation_update(annotation=annotation, by=reviewer, version=1, note="Version two: 3.1 m.")

    page.get_by_label(f"Select #{annotation.pk} (version 1)").check()
    page.get_by_role("button", name="Approve selected").click()

    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("rita changed this annotation after you opened it (now version 2; "
                                  "you read version 1).")
    expect(alert).to_contain_text("Note: “Version one: the gauge read 2.5 m.” → “Version two: 3.1 m.”")
    expect(page.get_by_text("Not approved 1: each is shown below with the reason.")).to_be_visible()
    expect(page.locator(".note")).to_have_text("Version two: 3.1 m.")
    screenshot(page, "queue-bulk-refused-stale")
    annotation.refresh_from_db()
    assert (annotation.state, annotation.version) == (Annotation.State.SUBMITTED, 2)
    assert not ReviewDecision.objects.exists()

    # The newer version is on the page: the editor reads it and approves it there.
    page.get_by_role("button", name="Approve", exact=True).click()
    expect(page.get_by_text("Approved version 2.")).to_be_visible()
    annotation.refresh_from_db()
    assert annotation.state == Annotation.State.APPROVED
    assert list(ReviewDecision.objects.values_list("annotation_version", flat=True)) == [2]


def test_keyboard_approval_of_a_stale_item_says_what_changed_and_offers_the_newer_version(
    page, live_server, sign_in, workspace, reviewer, editor
):
    annotation = _submitted(workspace, reviewer, "Version one.")
    sign_in(page, editor)
    page.goto(f"{live_server.url}/queue/")
    expect(page.get_by_text("Version one.")).to_be_visible()
    services.annotation_update(annotation=annotation, by=reviewer, version=1, note="Version two.")

    page.keyboard.press("j")
    page.keyboard.press("a")

    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("now version 2; you read version 1")
    expect(alert).to_be_focused()
    expect(page.locator("#queue-status")).to_contain_text("rita changed this annotation")
    expect(page.locator(".note")).to_have_text("Version two.")
    assert not ReviewDecision.objects.exists()
    page.keyboard.press("a")
    expect(page.get_by_text("Approved version 2.")).to_be_visible()
    assert list(ReviewDecision.objects.values_list("annotation_version", flat=True)) == [2]
