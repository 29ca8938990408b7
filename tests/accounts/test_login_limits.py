"""Sign-in limits: per account AND client, on the client address the trusted proxy reports."""

import pytest
from django.urls import reverse

from tests.accounts.factories import UserFactory

PASSWORD = "Kerné-Iroise-2026!"
PROXY = "10.0.0.2"  # the TLS proxy of the compose topology: every request comes from it


@pytest.fixture
def official(db):
    return UserFactory(email="maire@example.org", password=PASSWORD, role="elu")


def _login(client, password, *, client_ip, **extra):
    client.logout()
    return client.post(
        reverse("account_login"),
        {"login": "maire@example.org", "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=client_ip,
        **extra,
    )


def _signed_in(response):
    return response.status_code == 302 and response.url == reverse("my_space")


@pytest.mark.django_db
class TestBehindTheProxy:
    @pytest.fixture(autouse=True)
    def _one_proxy(self, settings):
        settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1

    def test_wrong_passwords_from_elsewhere_do_not_lock_the_official_out(self, client, official):
        for _ in range(8):
            assert not _signed_in(_login(client, "mauvais", client_ip="203.0.113.66"))
        assert _signed_in(_login(client, PASSWORD, client_ip="198.51.100.7"))

    def test_the_attacking_client_is_locked_even_with_the_right_password(self, client, official):
        for _ in range(5):
            _login(client, "mauvais", client_ip="203.0.113.66")
        response = _login(client, PASSWORD, client_ip="203.0.113.66")
        assert not _signed_in(response)
        assert "Trop de tentatives" in response.content.decode() or response.status_code == 429

    def test_a_spoofed_first_hop_is_ignored(self, client, official):
        """The proxy appends the real client: a client-written first entry changes nothing."""
        for n in range(5):
            _login(client, "mauvais", client_ip=f"192.0.2.{n}, 203.0.113.66")
        assert not _signed_in(_login(client, PASSWORD, client_ip="192.0.2.99, 203.0.113.66"))

    def test_a_client_ip_header_can_be_trusted_instead(self, client, official, settings):
        settings.ALLAUTH_TRUSTED_CLIENT_IP_HEADER = "X-Real-IP"
        for _ in range(5):
            _login(client, "mauvais", client_ip="", HTTP_X_REAL_IP="203.0.113.66")
        assert _signed_in(_login(client, PASSWORD, client_ip="", HTTP_X_REAL_IP="198.51.100.7"))


@pytest.mark.django_db
def test_without_a_trusted_proxy_the_header_is_ignored(client, official, settings):
    """Default (no proxy): X-Forwarded-For is the client's own words, not trusted."""
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    for n in range(5):
        _login(client, "mauvais", client_ip=f"203.0.113.{n}")
    assert not _signed_in(_login(client, PASSWORD, client_ip="198.51.100.7"))
