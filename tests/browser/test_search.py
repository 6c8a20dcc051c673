"""Searching the archive from the header's box, in a real browser."""

import pytest
from playwright.sync_api import expect

from annotations.models import Article
from tests.factories import AnnotationFactory, ArticleFactory, ClaimFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TEXT = ("Measles returns to the capital.\n\n"
        "The measles outbreak has spread to 40 schools, officials said on Monday.\n\n"
        "Parents were asked to check their children's vaccination records.")


def test_a_reviewer_searches_from_the_header_and_lands_on_the_claim(page, live_server, sign_in, screenshot,
                                                                     reviewer, workspace):
    article = ArticleFactory(workspace=workspace, title="Measles in the capital", raw_text=TEXT, clean_text=TEXT,
                             content_hash=Article.hash_text(TEXT))
    sentence = "The measles outbreak has spread to 40 schools, officials said on Monday."
    start = TEXT.index(sentence)
    claim = ClaimFactory(article=article, ordinal=0, start=start, end=start + len(sentence), text=sentence)
    AnnotationFactory(claim=claim, article=article, author=reviewer, note="The outbreak figure is the ministry's.")
    sign_in(page, reviewer)

    box = page.get_by_role("search").get_by_label("Search your workspaces")
    box.fill('"measles outbreak"')
    box.press("Enter")

    page.wait_for_url("**/search/?q=*")
    claims = page.locator('section[data-kind="claim"]')
    expect(claims.get_by_role("heading", name="Claims")).to_be_visible()
    expect(page.locator('section[data-kind="article"]')).to_be_visible()
    expect(claims.locator(".snippet mark").first).to_have_text("measles")
    screenshot(page, "search-results")

    claims.get_by_role("link", name="Measles in the capital").click()

    page.wait_for_url(f"**/articles/{article.pk}/?target=claim:{claim.pk}")
    expect(page.get_by_role("heading", name="Claim 1")).to_be_visible()
    expect(page.locator("blockquote.target-text")).to_have_text(sentence)
    screenshot(page, "search-claim-selected")
