"""Correction journeys in a real browser: a split chosen by a click lands between words; the editor sees it."""

import pytest
from playwright.sync_api import expect

from annotations import services
from annotations.models import Annotation
from tests.factories import ArticleFactory, ClaimFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TEXT = "Inspectors counted 40 cracks in the bridge, and the council closed it on Monday.\n\nNobody objected."


@pytest.fixture
def article(workspace):
    article = ArticleFactory(workspace=workspace, raw_text=TEXT, clean_text=TEXT, title="Bridge report")
    ClaimFactory(article=article, ordinal=0, start=0, end=TEXT.index("\n"))
    return article


def click_inside(page, word: str, offset: int) -> None:
    """Click just right of the middle of the character `offset` into the first `word` of the article text."""
    box = page.evaluate(
        """([word, offset]) => {
            const root = document.getElementById('article-text');
            const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
            let all = '', nodes = [];
            while (walker.nextNode()) { nodes.push([walker.currentNode, all.length]); all += walker.currentNode.data; }
            const index = all.indexOf(word) + offset;
            for (const [node, base] of nodes) {
                if (index < base + node.data.length) {
                    const r = document.createRange(); r.setStart(node, index - base); r.setEnd(node, index - base + 1);
                    const rect = r.getClientRects()[0];
                    return {x: rect.left + rect.width * 0.8, y: rect.top + rect.height / 2};
                }
            }
        }""",
        [word, offset],
    )
    page.mouse.click(box["x"], box["y"])


def test_a_click_inside_a_word_proposes_a_split_between_words_and_the_editor_sees_both_claims(
        page, live_server, sign_in, reviewer, editor, article, screenshot):
    sign_in(page, reviewer)
    page.goto(f"{live_server.url}/articles/{article.pk}/")
    click_inside(page, "Inspectors", 3)  # between "Insp" and "ectors"
    panel = page.locator("#panel")
    split = panel.get_by_label("Split after")
    expect(split).to_have_value(str(len("Inspectors")))
    expect(panel.get_by_text("Split: Inspectors | counted 40 cracks in …")).to_be_visible()
    # The editor's choice of a clause boundary is one option away.
    split.select_option(label="… cracks in the bridge, | and the council closed …")
    panel.get_by_role("button", name="Split the claim there").click()
    expect(panel.get_by_text("Saved as a draft.")).to_be_visible()
    expect(panel.get_by_role("group", name="Correction: Split the claim")).to_be_visible()
    panel.get_by_role("group", name="Correction: Split the claim").scroll_into_view_if_needed()
    screenshot(page, "review-split-proposed")
    annotation = Annotation.objects.get()
    assert annotation.correction_data == {"at": TEXT.index(", and") + 1}
    services.annotation_submit(annotation=annotation, by=reviewer)

    page.context.clear_cookies()
    sign_in(page, editor)
    page.goto(f"{live_server.url}/queue/")
    proposal = page.get_by_role("group", name="Correction: Split the claim")
    expect(proposal.get_by_text("“Inspectors counted 40 cracks in the bridge,”")).to_be_visible()
    expect(proposal.get_by_text("“and the council closed it on Monday.”")).to_be_visible()
    screenshot(page, "queue-split-proposal")
