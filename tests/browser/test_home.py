"""The article list as a newsroom sees it after an archive import: a page at a time, and a search."""

import pytest

from annotations.views.articles import ARTICLES_PER_PAGE
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_reviewer_pages_through_the_articles_and_finds_one_by_title(page, live_server, sign_in, screenshot,
                                                                      reviewer, workspace):
    for i in range(ARTICLES_PER_PAGE + 5):
        ArticleFactory(workspace=workspace, title=f"Council report {i:02d}")
    ArticleFactory(workspace=workspace, title="Bridge repairs run late")
    sign_in(page, reviewer)

    rows = page.locator("table.articles tbody tr")
    assert rows.count() == ARTICLES_PER_PAGE
    assert rows.first.locator(".article-title").inner_text() == "Bridge repairs run late"
    screenshot(page, "home-first-page")

    page.get_by_role("link", name="Older →").click()
    page.wait_for_url("**/?older=*")
    assert rows.count() == 6
    assert rows.last.locator(".article-title").inner_text() == "Council report 00"
    assert page.get_by_role("link", name="Older →").count() == 0
    page.get_by_role("link", name="← Newer").click()
    page.wait_for_url("**/?newer=*")
    assert rows.first.locator(".article-title").inner_text() == "Bridge repairs run late"

    page.get_by_label("Title contains").fill("bridge")
    page.get_by_role("button", name="Find").click()
    page.wait_for_url("**/?title=bridge")
    assert rows.count() == 1
    assert page.get_by_text("Showing 1 article whose title contains “bridge”").is_visible()
    screenshot(page, "home-title-search")
