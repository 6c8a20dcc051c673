"""Reviewer journeys on the review page, in a real browser."""

from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import expect

from annotations import services
from annotations.models import Annotation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARTICLE = (
    "Zoë Ó Briain, director of the Løvström Institute, said the river rose 2.5 metres.\n\n"
    "“We  saw  it  coming 🙂,” she said. “The U.S. team agreed.”\n\n"
    "Officials did not comment."
)


def select_text(page, start_text: str, end_text: str) -> None:
    """Drag the mouse from the first character of start_text to the last of end_text."""
    box = page.evaluate(
        """([a, b]) => {
            const root = document.getElementById('article-text');
            const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
            const nodes = []; let all = '';
            while (walker.nextNode()) { nodes.push([walker.currentNode, all.length]); all += walker.currentNode.data; }
            function point(index) {
                for (const [node, base] of nodes) {
                    if (index < base + node.data.length) return [node, index - base];
                }
            }
            function rect(index) {
                const [node, off] = point(index);
                const r = document.createRange(); r.setStart(node, off); r.setEnd(node, off + 1);
                return r.getClientRects()[0];
            }
            const s = all.indexOf(a), e = all.indexOf(b, s) + b.length - 1;
            const rs = rect(s), re = rect(e);
            return {x1: rs.left + 1, y1: rs.top + rs.height / 2, x2: re.right - 1, y2: re.top + re.height / 2};
        }""",
        [start_text, end_text],
    )
    page.mouse.move(box["x1"], box["y1"])
    page.mouse.down()
    page.mouse.move((box["x1"] + box["x2"]) / 2, box["y2"], steps=5)
    page.mouse.move(box["x2"], box["y2"], steps=5)
    page.mouse.up()


@pytest.fixture
def article(workspace, reviewer):
    article, _ = services.article_create(workspace=workspace, raw_text=ARTICLE, by=reviewer, title="River report")
    return article


def test_reviewer_selects_a_span_with_the_mouse_and_annotates_it(page, live_server, sign_in, reviewer, article,
                                                                 screenshot):
    sign_in(page, reviewer)
    page.goto(f"{live_server.url}/articles/{article.pk}/")
    # Across a paragraph break, repeated spaces, curly quotes, an emoji and a claim boundary.
    select_text(page, "2.5 metres", "coming 🙂")
    panel = page.locator("#panel")
    expect(panel.get_by_role("heading", name="Selected text")).to_be_visible()
    panel.get_by_label("Note or rationale").fill("Check the gauge data.")
    panel.get_by_role("button", name="Save draft").click()
    expect(panel.get_by_text("Saved as a draft.")).to_be_visible()
    screenshot(page, "review-span-annotated")

    annotation = Annotation.objects.get()
    text = article.clean_text
    expected = text[text.index("2.5 metres") : text.index("coming 🙂") + len("coming 🙂")]
    assert annotation.exact == expected
    assert text[annotation.start : annotation.end] == expected
    assert annotation.note == "Check the gauge data."


def test_reviewer_tags_and_gives_a_verdict_from_the_keyboard(page, live_server, sign_in, reviewer, article,
                                                             screenshot):
    sign_in(page, reviewer)
    page.goto(f"{live_server.url}/articles/{article.pk}/")
    page.locator("body").press("j")
    panel = page.locator("#panel")
    expect(panel.get_by_role("heading", name="Claim 1")).to_be_visible()
    page.keyboard.press("t")
    page.keyboard.press("Space")  # the first tag: check-worthy
    page.keyboard.press("Escape")
    page.keyboard.press("v")
    page.keyboard.press("ArrowDown")  # True
    expect(panel.get_by_label("Verdict")).to_have_value(str(article.workspace.ratings.get(name="True").pk))
    panel.get_by_label("Note or rationale").focus()
    page.keyboard.type("The gauge read 2.5 m.")
    panel.get_by_role("button", name="Save draft").focus()
    page.keyboard.press("Enter")
    expect(panel.get_by_text("Saved as a draft.")).to_be_visible()
    page.keyboard.press("s")
    expect(panel.get_by_text("Submitted for review.")).to_be_visible()
    screenshot(page, "review-keyboard-verdict")

    annotation = Annotation.objects.get()
    assert annotation.claim.ordinal == 0
    assert [t.name for t in annotation.tags.all()] == ["check-worthy"]
    assert annotation.verdict.name == "True"
    assert annotation.state == Annotation.State.SUBMITTED


def test_second_browser_editing_the_same_annotation_sees_the_conflict(browser, live_server, sign_in, reviewer,
                                                                      article, screenshot):
    claim = article.claims.first()
    services.annotation_create(article=article, claim=claim, by=reviewer, note="First draft")
    url = f"{live_server.url}/articles/{article.pk}/?target=claim:{claim.pk}"
    pages = []
    for _ in range(2):
        context = browser.new_context(viewport={"width": 1280, "height": 860})
        page = context.new_page()
        sign_in(page, reviewer)
        page.goto(url)
        pages.append(page)
    first, second = pages
    first.locator(".edit-form").get_by_label("Note or rationale").fill("Saved in the first window")
    first.locator(".edit-form").get_by_role("button", name="Save").click()
    expect(first.get_by_text("Saved.", exact=True)).to_be_visible()

    second.locator(".edit-form").get_by_label("Note or rationale").fill("Typed in the second window")
    second.locator(".edit-form").get_by_role("button", name="Save").click()
    expect(second.get_by_text("Someone saved a newer version")).to_be_visible()
    expect(second.locator(".edit-form").get_by_label("Note or rationale")).to_have_value("Typed in the second window")
    expect(second.locator(".conflict")).to_contain_text("Saved in the first window")
    screenshot(second, "review-conflict")

    assert Annotation.objects.get().note == "Saved in the first window"


def test_two_tabs_conflict_keeps_tags_verdict_note_and_evidence_and_saving_again_stores_them(
        browser, live_server, sign_in, reviewer, article, screenshot):
    claim = article.claims.first()
    services.annotation_create(article=article, claim=claim, by=reviewer, note="First draft")
    url = f"{live_server.url}/articles/{article.pk}/?target=claim:{claim.pk}"
    context = browser.new_context(viewport={"width": 1280, "height": 860})
    sign_in(context.new_page(), reviewer)
    tab_a, tab_b = context.new_page(), context.new_page()
    tab_a.goto(url)
    tab_b.goto(url)

    card_a = tab_a.get_by_role("article", name=f"Annotation by {reviewer.get_username()}")
    card_a.get_by_label("statistic").check()
    card_a.get_by_label("Verdict").select_option(label="Half true")
    card_a.get_by_label("Note or rationale").fill("Tab A's rationale")
    card_a.get_by_text("Attach evidence").click()
    card_a.get_by_label("Link").fill("https://stats.example.org/gauge")
    card_a.get_by_label("Title").fill("Gauge readings")

    card_b = tab_b.get_by_role("article", name=f"Annotation by {reviewer.get_username()}")
    card_b.get_by_label("opinion").check()
    card_b.get_by_label("Note or rationale").fill("Tab B's rationale")
    card_b.get_by_role("button", name="Save").click()
    expect(tab_b.get_by_text("Saved.", exact=True)).to_be_visible()

    card_a.get_by_role("button", name="Save").click()
    conflict = tab_a.locator(".conflict")
    expect(conflict).to_contain_text("Someone saved a newer version")
    expect(conflict).to_contain_text("tags “opinion”")
    expect(conflict).to_contain_text("Tab B's rationale")
    expect(card_a.get_by_label("statistic")).to_be_checked()
    expect(card_a.get_by_label("opinion")).not_to_be_checked()
    expect(card_a.get_by_label("Verdict")).to_have_value(str(article.workspace.ratings.get(name="Half true").pk))
    expect(card_a.get_by_label("Note or rationale")).to_have_value("Tab A's rationale")
    expect(card_a.get_by_label("Link")).to_have_value("https://stats.example.org/gauge")
    expect(card_a.get_by_label("Title")).to_have_value("Gauge readings")
    screenshot(tab_a, "review-conflict-two-tabs")

    card_a.get_by_role("button", name="Save").click()
    expect(tab_a.get_by_text("Saved.", exact=True)).to_be_visible()
    expect(card_a.get_by_label("Link")).to_have_value("https://stats.example.org/gauge")
    card_a.get_by_role("button", name="Attach").click()
    expect(tab_a.get_by_text("Evidence attached.")).to_be_visible()

    annotation = Annotation.objects.get()
    assert [t.name for t in annotation.tags.all()] == ["statistic"]
    assert (annotation.verdict.name, annotation.note, annotation.version) == ("Half true", "Tab A's rationale", 3)
    assert list(annotation.evidence.values_list("url", "title")) == [("https://stats.example.org/gauge",
                                                                      "Gauge readings")]
    context.close()


def select_units(page, start_text: str, start_shift: int, end_text: str, end_shift: int) -> None:
    """Select from start_shift UTF-16 units into start_text to end_shift units into end_text, as a script can."""
    page.evaluate(
        """([a, sa, b, sb]) => {
            const root = document.getElementById('article-text');
            const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
            const nodes = []; let all = '';
            while (walker.nextNode()) { nodes.push([walker.currentNode, all.length]); all += walker.currentNode.data; }
            function point(index) {
                for (const [node, base] of nodes) if (index < base + node.data.length) return [node, index - base];
            }
            const s = all.indexOf(a) + sa, e = all.indexOf(b, s) + sb;
            window.getSelection().setBaseAndExtent(...point(s), ...point(e));
        }""",
        [start_text, start_shift, end_text, end_shift],
    )


FAMILY = "\U0001F468\u200d\U0001F469\u200d\U0001F467"
FLAG = "\U0001F1EB\U0001F1F7"


@pytest.mark.parametrize(("start_text", "start_shift", "end_text", "end_shift", "exact"), [
    # From inside the family (after the man and the ZWJ) to between the flag's two letters.
    (FAMILY, 3, FLAG, 2, f"{FAMILY} family flew the {FLAG}"),
    # From the combining accent, without its e, to the accent of the next one.
    ("e\u0301 led", 1, "cafe\u0301", 4, "e\u0301 led them to the cafe\u0301"),
], ids=["ZWJ family to flag", "combining accents"])
def test_selection_cutting_a_character_is_shown_and_saved_whole(page, live_server, sign_in, reviewer, workspace,
                                                               start_text, start_shift, end_text, end_shift, exact):
    text = f"The {FAMILY} family flew the {FLAG} flag.\n\nZoe\u0301 led them to the cafe\u0301 at noon."
    article, _ = services.article_create(workspace=workspace, raw_text=text, by=reviewer, title="Flags")
    assert exact in article.clean_text
    sign_in(page, reviewer)
    page.goto(f"{live_server.url}/articles/{article.pk}/")
    select_units(page, start_text, start_shift, end_text, end_shift)
    page.locator("body").press("a")
    panel = page.locator("#panel")
    expect(panel.get_by_role("heading", name="Selected text")).to_be_visible()
    expect(panel.locator("blockquote")).to_have_text(exact)
    # Snapped in the page already: the selection on screen and the span asked for (in code points).
    start = article.clean_text.index(exact)
    assert parse_qs(urlparse(page.url).query)["target"] == [f"span:{start}-{start + len(exact)}"]
    assert page.evaluate("window.getSelection().toString()") == exact
    panel.get_by_label("Note or rationale").fill("Whole characters")
    panel.get_by_role("button", name="Save draft").click()
    expect(panel.get_by_text("Saved as a draft.")).to_be_visible()

    annotation = Annotation.objects.get()
    assert annotation.exact == exact
    assert article.clean_text[annotation.start:annotation.end] == exact
