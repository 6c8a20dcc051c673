"""The API's documentation page, Swagger UI served from this server under Axis's own CSP."""

import pytest
from playwright.sync_api import expect

from tests.test_production import HTTPS, production_server, static_root  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db(transaction=True)


def open_docs(page, url: str) -> list[str]:
    """Open the docs page; return the list that collects its console errors and uncaught exceptions."""
    problems = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    response = page.goto(url)
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "style-src 'self'" in policy and "unsafe-inline" not in policy
    return problems


def test_the_api_docs_list_the_operations_with_no_csp_refusal(page, live_server, screenshot):
    problems = open_docs(page, f"{live_server.url}/api/docs/")
    expect(page.get_by_text("List your workspaces, with your role in each")).to_be_visible()
    expect(page.get_by_text("Add an article (admins)")).to_be_visible()
    assert page.locator(".opblock").count() >= 27
    # The page's own layout rules (a static file, not an inline <style>) apply.
    assert page.evaluate("getComputedStyle(document.body).margin") == "0px"
    screenshot(page, "api-docs")
    assert problems == []


def test_a_signed_in_reviewer_tries_an_operation_from_the_docs(page, live_server, sign_in, reviewer, workspace):
    sign_in(page, reviewer)
    page.goto(f"{live_server.url}/api/docs/")
    operation = page.locator("#operations-workspaces-workspaces_list")
    operation.get_by_text("List your workspaces, with your role in each").click()
    operation.get_by_role("button", name="Try it out").click()
    operation.get_by_role("button", name="Execute").click()
    live = operation.locator(".live-responses-table")
    expect(live.locator("tbody .response-col_status")).to_have_text("200")
    expect(live.locator("tbody .response-col_description pre").first).to_contain_text('"slug": "herald"')


def test_the_api_docs_render_on_a_production_server(browser, request):
    # gunicorn with DEBUG off: hashed static files from collectstatic, and the proxy's header for HTTPS.
    server = request.getfixturevalue("production_server")
    context = browser.new_context(extra_http_headers=HTTPS)
    page = context.new_page()
    problems = open_docs(page, f"{server.base_url}/api/docs/")
    expect(page.get_by_text("Read an article with its claims and quotes")).to_be_visible()
    assert page.locator(".opblock").count() >= 27
    assert page.evaluate("getComputedStyle(document.body).margin") == "0px"
    context.close()
    assert problems == []
