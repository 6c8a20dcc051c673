"""Failed sign-ins are throttled per account and per address (django-axes); an admin unlocks."""

import pytest
from axes.models import AccessAttempt
from django.core.management import call_command

from axis.signin import LOCKED_OUT, client_address
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery staple"
MESSAGE = LOCKED_OUT.format(minutes=15)


@pytest.fixture
def rita(db):
    user = UserFactory(username="rita")
    user.set_password(PASSWORD)
    user.save()
    return user


def sign_in(client, username, password, address="203.0.113.7"):
    return client.post("/login/", {"username": username, "password": password}, REMOTE_ADDR=address)


def fail(client, username, times, address="203.0.113.7"):
    # The failure that reaches the limit already answers 429.
    for _ in range(times):
        assert sign_in(client, username, "wrong", address).status_code in {200, 429}


def test_ten_wrong_passwords_then_the_right_one_is_refused_with_a_message_on_the_form(client, rita):
    fail(client, "rita", 10)
    response = sign_in(client, "rita", PASSWORD)
    assert response.status_code == 429
    body = response.content.decode()
    # The sign-in page itself, with the reason where the form's errors go; not a bare 403 page.
    assert f'<div class="form-error" role="alert"><p>{MESSAGE}</p></div>' in body
    assert 'id="id_username"' in body and "Please enter a correct username" not in body
    assert "_auth_user_id" not in client.session


def test_nine_wrong_passwords_then_the_right_one_signs_in_and_resets_the_count(client, rita):
    fail(client, "rita", 9)
    assert sign_in(client, "rita", PASSWORD).status_code == 302
    assert client.session["_auth_user_id"] == str(rita.pk)
    assert not AccessAttempt.objects.filter(username="rita").exists()


def test_the_account_is_locked_from_every_address(client, rita):
    for i in range(10):
        fail(client, "rita", 1, address=f"198.51.100.{i}")
    assert sign_in(client, "rita", PASSWORD, address="192.0.2.1").status_code == 429


def test_an_address_that_failed_ten_times_is_locked_for_every_account(client, rita):
    # Ten guesses spread over ten accounts lock the address, not only each account.
    for i in range(10):
        fail(client, f"guess{i}", 1)
    assert sign_in(client, "rita", PASSWORD).status_code == 429
    assert sign_in(client, "rita", PASSWORD, address="192.0.2.1").status_code == 302


def test_a_site_administrator_unlocks_the_account_in_the_admin(client, rita):
    fail(client, "rita", 10)
    superuser = UserFactory(username="root", is_staff=True, is_superuser=True)
    client.force_login(superuser)
    attempt = AccessAttempt.objects.get(username="rita")
    assert client.post(f"/admin/axes/accessattempt/{attempt.pk}/delete/", {"post": "yes"}).status_code == 302
    client.logout()
    assert sign_in(client, "rita", PASSWORD).status_code == 302


def test_the_reset_command_unlocks_the_account(client, rita):
    fail(client, "rita", 10)
    call_command("axes_reset_username", "rita")
    assert sign_in(client, "rita", PASSWORD).status_code == 302


def test_the_lockout_ends_after_the_cool_off(client, rita, time_machine):
    time_machine.move_to("2026-01-01 12:00Z")
    fail(client, "rita", 10)
    time_machine.move_to("2026-01-01 12:16Z")
    assert sign_in(client, "rita", PASSWORD).status_code == 302


def test_the_admin_sign_in_is_throttled_too(client, rita):
    rita.is_staff = True
    rita.save()
    for _ in range(10):
        client.post("/admin/login/", {"username": "rita", "password": "wrong"}, REMOTE_ADDR="203.0.113.7")
    response = client.post("/admin/login/", {"username": "rita", "password": PASSWORD}, REMOTE_ADDR="203.0.113.7")
    assert response.status_code == 429


@pytest.mark.parametrize(("peer", "forwarded", "address"), [
    ("203.0.113.7", "", "203.0.113.7"),
    # A client's own X-Forwarded-For counts for nothing unless the local proxy relays it.
    ("203.0.113.7", "10.0.0.1", "203.0.113.7"),
    ("127.0.0.1", "10.9.9.9, 198.51.100.4", "198.51.100.4"),
    ("127.0.0.1", "", "127.0.0.1"),
])
def test_the_address_is_the_one_the_local_proxy_saw(rf, peer, forwarded, address):
    request = rf.post("/login/", REMOTE_ADDR=peer, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_address(request) == address


def test_a_proxy_elsewhere_is_trusted_as_gunicorn_trusts_it(rf, monkeypatch):
    monkeypatch.setenv("AXIS_FORWARDED_ALLOW_IPS", "10.0.0.5")
    request = rf.post("/login/", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="198.51.100.4")
    assert client_address(request) == "198.51.100.4"
    local = rf.post("/login/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.4")
    assert client_address(local) == "127.0.0.1"


def test_api_tokens_keep_their_own_throttle():
    from django.conf import settings

    assert "annotations.api.throttling.TokenRateThrottle" in settings.REST_FRAMEWORK["DEFAULT_THROTTLE_CLASSES"]
