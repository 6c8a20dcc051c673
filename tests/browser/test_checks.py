"""A public fact check in a real browser: an admin switches publishing on, an editor publishes an approved
verdict, and anyone, signed in or not, reads its page and its ClaimReview (issue 14, item 8)."""

import json
import re
from datetime import date

import pytest
from playwright.sync_api import expect

from annotations import services
from annotations.exports.jsonld import expand
from annotations.models import Publication
from tests.factories import ArticleFactory, ClaimFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HOSTILE = "</script><script>alert(1)</script> & more"
# Registered before any page script: every CSP refusal on the page lands in this list.
WATCH_CSP = "window.__csp = []; document.addEventListener('securitypolicyviolation', e => " \
            "window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));"


def test_admin_switches_on_editor_publishes_and_anyone_reads_the_fact_check(
    browser, live_server, sign_in, workspace, reviewer, editor, admin_member, screenshot
):
    article = ArticleFactory(workspace=workspace, title="River report", source_url="https://herald.example/river",
                             byline="Jane Doe", published=date(2026, 5, 1),
                             raw_text=f"The river rose 9 metres, {HOSTILE}.\n\nOfficials did not comment.")
    claim = ClaimFactory(article=article, ordinal=0, start=0, end=article.clean_text.index("\n"))
    annotation = services.annotation_create(
        article=article, by=reviewer, claim=claim, verdict=workspace.ratings.get(name="Mostly false"),
        note="The gauge shows 2.5 metres.", evidence=[{"url": "https://gauges.example/river", "title": "Gauge log",
                                                       "stance": "refutes"}])
    services.annotation_submit(annotation=annotation, by=reviewer)
    services.annotation_decide(annotation=annotation, by=editor, decision="approve", version=annotation.version)

    contexts = []

    def new_page(user=None):
        contexts.append(browser.new_context(viewport={"width": 1280, "height": 860}))
        page = contexts[-1].new_page()
        if user is not None:
            sign_in(page, user)
        return page

    admin = new_page(admin_member)
    admin.goto(f"{live_server.url}/workspaces/herald/")
    admin.get_by_label("Publish fact checks").check()
    admin.get_by_role("button", name="Save", exact=True).click()
    expect(admin.get_by_text("Public fact checks saved.")).to_be_visible()

    desk = new_page(editor)
    desk.goto(f"{live_server.url}/annotations/{annotation.pk}/")
    desk.get_by_role("button", name="Publish", exact=True).click()
    expect(desk.get_by_text("Published: the fact check has a public page.")).to_be_visible()
    desk.get_by_role("link", name="its public page").click()
    public_id = Publication.objects.get(annotation=annotation).public_id
    url = f"{live_server.url}/checks/herald/{public_id}/"
    expect(desk).to_have_url(url)

    reader = new_page()
    reader.add_init_script(WATCH_CSP)
    dialogs, errors = [], []
    reader.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    reader.on("console", lambda message: message.type == "error" and errors.append(message.text))
    response = reader.goto(url)
    assert response.status == 200
    assert "script-src 'self'" in response.headers["content-security-policy"]
    expect(reader.get_by_role("heading", name="Claim")).to_be_visible()
    expect(reader.get_by_text(f"The river rose 9 metres, {HOSTILE}")).to_be_visible()
    expect(reader.get_by_text("Mostly false", exact=True)).to_be_visible()
    expect(reader.get_by_text("rated 2 on a scale from 1 (least true) to 5 (most true)")).to_be_visible()
    expect(reader.get_by_text("The gauge shows 2.5 metres.")).to_be_visible()
    expect(reader.get_by_role("link", name="Gauge log")).to_have_attribute("href", "https://gauges.example/river")
    expect(reader.get_by_role("link", name="River report")).to_have_attribute("href", "https://herald.example/river")
    screenshot(reader, "public-fact-check")
    reader.set_viewport_size({"width": 390, "height": 844})
    assert reader.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(reader, "public-fact-check-390")

    # The markup as a search engine reads it: the page's one ld+json data block.
    blocks = reader.locator('script[type="application/ld+json"]')
    expect(blocks).to_have_count(1)
    assert reader.locator("script").count() == 1
    review = json.loads(blocks.text_content())
    assert review["url"] == url and review["claimReviewed"] == f"The river rose 9 metres, {HOSTILE}."
    (node,) = expand(review)
    assert node["@type"] == ["https://schema.org/ClaimReview"]
    assert node["https://schema.org/reviewRating"][0]["https://schema.org/alternateName"][0]["@value"] == "Mostly false"
    # Nothing in the claim ran, and the policy refused nothing: a data block is not a script to run.
    assert dialogs == [] and reader.evaluate("window.__csp") == []
    assert not [e for e in errors if re.search("Content Security Policy|Refused", e)]

    desk.goto(f"{live_server.url}/annotations/{annotation.pk}/")
    desk.get_by_role("button", name="Unpublish").click()
    expect(desk.get_by_text("Unpublished")).to_be_visible()
    assert reader.goto(url).status == 404
    for context in contexts:
        context.close()
