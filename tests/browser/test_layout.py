"""Every page on a 390 px phone and a 1440 px screen, the review page's sheet, the keys dialog, contrast."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from annotations import services
from annotations.models import Annotation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
WIDE = {"width": 1440, "height": 900}
# Long enough that, on a phone, the panel below the text sits thousands of pixels down.
LONG_ARTICLE = "\n\n".join(
    f"The council said on {day} that spending on item {n} rose by {n * 3} per cent to £{n}.{n % 10} million. "
    f"“We will publish figure {n} in March,” said Ana Ruiz, the finance director of Westshire County Council."
    for n, day in zip(range(1, 61), ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"] * 12, strict=True)
)


@pytest.fixture
def article(workspace, admin_member):
    article, _ = services.article_create(workspace=workspace, raw_text=LONG_ARTICLE, by=admin_member,
                                         title="Council spending, item by item")
    return article


@pytest.fixture
def pages(article, admin_member, reviewer):
    claim = article.claims.order_by("ordinal").first()
    annotation = services.annotation_create(article=article, by=reviewer, claim=claim, note="Checked the budget.")
    services.annotation_submit(annotation=annotation, by=reviewer)
    review = reverse("annotations:article-detail", args=[article.pk])
    return {
        "articles": reverse("annotations:home"),
        "add-article": reverse("annotations:article-add"),
        "tokens": reverse("annotations:tokens"),
        "workspace-settings": reverse("annotations:workspace-settings", args=[article.workspace.slug]),
        "review": review,
        "review-claim": f"{review}?target=claim:{claim.pk}",
        "queue": reverse("annotations:queue"),
        "annotation": reverse("annotations:annotation-detail", args=[annotation.pk]),
        "audit": reverse("annotations:audit"),
    }


def open_as(browser, live_server, sign_in, user, viewport):
    context = browser.new_context(viewport=viewport, has_touch=viewport == PHONE)
    page = context.new_page()
    sign_in(page, user)
    return context, page


def sideways(page) -> int:
    """How far the page scrolls sideways (0 when it does not)."""
    return page.evaluate("document.scrollingElement.scrollWidth - innerWidth")


def test_no_page_scrolls_sideways_on_a_phone_and_sign_out_stays_on_screen(browser, live_server, sign_in,
                                                                        admin_member, pages, screenshot):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(f"{live_server.url}/login/")
    overflow = {"login": sideways(page)}
    screenshot(page, "phone-login")
    sign_in(page, admin_member)
    for name, path in pages.items():
        page.goto(f"{live_server.url}{path}")
        page.wait_for_load_state("networkidle")
        overflow[name] = sideways(page)
        screenshot(page, f"phone-{name}")
        page.evaluate("scrollTo(0, 0)")  # a review page opened on a claim scrolls down to it
        sign_out = page.get_by_role("button", name="Sign out")
        expect(sign_out).to_be_in_viewport(ratio=1)
    context.close()
    assert overflow == dict.fromkeys(overflow, 0)


def test_tapping_a_claim_on_a_phone_brings_the_panel_into_view_beside_the_claim(browser, live_server, sign_in,
                                                                              admin_member, article, screenshot):
    context, page = open_as(browser, live_server, sign_in, admin_member, PHONE)
    page.goto(f"{live_server.url}/articles/{article.pk}/")
    claim = article.claims.order_by("ordinal")[2]
    run = page.locator(f'.s[data-c="{claim.pk}"]').first
    run.scroll_into_view_if_needed()
    run.tap()
    panel = page.locator("#panel")
    heading = panel.get_by_role("heading", name=f"Claim {claim.ordinal + 1}")
    expect(heading).to_be_in_viewport()
    expect(panel.get_by_role("button", name="Save draft")).to_be_visible()
    # The claim stays readable above the sheet.
    claim_box = run.bounding_box()
    assert claim_box["y"] >= 0 and claim_box["y"] + claim_box["height"] <= panel.bounding_box()["y"]
    assert sideways(page) == 0
    screenshot(page, "phone-review-claim-tapped")
    # The sheet holds the whole panel: it scrolls within itself and saves as on a wide screen.
    panel.get_by_label("Note or rationale").fill("Budget papers say otherwise.")
    panel.get_by_role("button", name="Save draft").click()
    expect(panel.get_by_text("Saved as a draft.")).to_be_visible()
    assert Annotation.objects.get(claim=claim).note == "Budget papers say otherwise."
    page.get_by_role("button", name="Hide the panel").click()
    expect(heading).not_to_be_in_viewport()
    context.close()


def test_on_a_wide_screen_the_panel_sits_next_to_the_text(browser, live_server, sign_in, admin_member, article,
                                                          screenshot):
    context, page = open_as(browser, live_server, sign_in, admin_member, WIDE)
    claim = article.claims.order_by("ordinal").first()
    page.goto(f"{live_server.url}/articles/{article.pk}/?target=claim:{claim.pk}")
    text = page.locator("#article-text").bounding_box()
    panel = page.locator("#panel").bounding_box()
    gap = panel["x"] - (text["x"] + text["width"])
    assert 0 < gap <= 120, f"{gap:.0f} px between the text and the panel"
    assert sideways(page) == 0
    screenshot(page, "wide-review-claim")
    for name in ["home", "queue"]:
        page.goto(live_server.url + reverse(f"annotations:{name}"))
        screenshot(page, f"wide-{name}")
    context.close()


def test_keys_dialog_holds_focus_and_gives_it_back(page, live_server, sign_in, admin_member, article, screenshot):
    sign_in(page, admin_member)
    page.goto(f"{live_server.url}/articles/{article.pk}/")
    page.locator("#f-score").focus()
    page.locator("body").click(position={"x": 5, "y": 300})
    page.keyboard.press("?")
    dialog = page.get_by_role("dialog", name="Keyboard")
    expect(dialog).to_be_visible()
    expect(dialog.get_by_role("button", name="Close")).to_be_focused()
    screenshot(page, "review-keys-dialog")
    for key in ["Tab", "Tab", "Shift+Tab", "Tab"]:
        page.keyboard.press(key)
        assert page.evaluate("document.getElementById('keys-help').contains(document.activeElement)"), key
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()


CONTRAST = """(el) => {
    const rgb = (s) => s.match(/[\\d.]+/g).slice(0, 3).map(Number);
    const lum = ([r, g, b]) => {
        const f = (c) => { c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; };
        return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
    };
    let bg = el, color = getComputedStyle(el).backgroundColor;
    while (bg && (color === "rgba(0, 0, 0, 0)" || color === "transparent")) {
        bg = bg.parentElement;
        color = bg ? getComputedStyle(bg).backgroundColor : "rgb(255, 255, 255)";
    }
    const [a, b] = [lum(rgb(getComputedStyle(el).color)), lum(rgb(color))].sort((x, y) => y - x);
    return (a + 0.05) / (b + 0.05);
}"""


def test_claims_the_filter_dims_keep_a_readable_contrast(page, live_server, sign_in, admin_member, article):
    sign_in(page, admin_member)
    page.goto(f"{live_server.url}/articles/{article.pk}/")
    page.locator("#f-score").fill("0.95")
    dimmed = page.locator(".article-text .c.dim").first
    expect(dimmed).to_be_attached()
    assert dimmed.evaluate(CONTRAST) >= 4.5
