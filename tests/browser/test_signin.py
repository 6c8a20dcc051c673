"""A locked-out sign-in says why on the sign-in page itself."""

import pytest
from playwright.sync_api import expect

from axis.signin import LOCKED_OUT
from tests.browser.conftest import PASSWORD
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_ten_wrong_passwords_lock_the_account_and_the_form_says_so(page, live_server, screenshot):
    user = UserFactory(username="rita")
    user.set_password(PASSWORD)
    user.save()
    page.goto(f"{live_server.url}/login/")
    for _ in range(10):
        page.get_by_label("Username").fill("rita")
        page.get_by_label("Password").fill("wrong")
        page.get_by_role("button", name="Sign in").click()
    page.get_by_label("Username").fill("rita")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_have_text(LOCKED_OUT.format(minutes=15))
    expect(page.get_by_label("Username")).to_have_value("rita")
    assert page.url == f"{live_server.url}/login/"
    screenshot(page, "signin-locked-out")
