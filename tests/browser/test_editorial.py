"""The whole loop in real browsers: a reviewer submits, an editor approves from the queue with the
keyboard, a fact-checker sees the approved work."""

import pytest
from playwright.sync_api import expect

from annotations import services
from annotations.models import Annotation, AuditEvent
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
