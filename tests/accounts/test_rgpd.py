"""RGPD: a person downloads their data and erases their account from /profil/."""

import json

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from apps.accounts.models import User
from tests.accounts.factories import UserFactory
from tests.stakeholders.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

PASSWORD = "motdepasse-Cornouaille-29"


def test_export_requires_login(client):
    response = client.get(reverse("accounts:export"))
    assert response.status_code == 302
    assert reverse("account_login") in response.url


def test_export_contains_ones_own_data_only(client):
    me = UserFactory(first_name="Katell", organisation=OrganisationFactory(name="Ty Coz"))
    UserFactory(first_name="Autre")
    client.force_login(me)
    response = client.get(reverse("accounts:export"))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["identity"]["email"] == me.email
    assert data["identity"]["first_name"] == "Katell"
    assert data["profile"]["organisation"] == "Ty Coz"
    assert data["consent"]["policy_version"] == "2026-11"
    assert data["email_addresses"] == [{"email": me.email, "verified": True, "primary": True}]
    assert "Autre" not in response.content.decode()


def test_erase_with_the_wrong_password_changes_nothing(client):
    me = UserFactory(first_name="Katell")
    client.force_login(me)
    response = client.post(reverse("accounts:erase"), {"password": "faux", "confirm": "on"})
    assert response.status_code == 200
    assert "Mot de passe incorrect" in response.content.decode()
    me.refresh_from_db()
    assert me.is_active and me.first_name == "Katell"
    assert EmailAddress.objects.filter(user=me).exists()


def test_erase_without_the_checkbox_changes_nothing(client):
    me = UserFactory()
    client.force_login(me)
    response = client.post(reverse("accounts:erase"), {"password": PASSWORD})
    assert response.status_code == 200
    assert "Cochez la case" in response.content.decode()
    me.refresh_from_db()
    assert me.is_active


def test_erase_anonymises_and_signs_out(client):
    me = UserFactory(
        email="katell.nedelec@example.org", role="elu", organisation=OrganisationFactory()
    )
    token = me.calendar_token
    client.force_login(me)
    response = client.post(reverse("accounts:erase"), {"password": PASSWORD, "confirm": "on"})
    assert response.status_code == 302
    assert response.url == reverse("home")
    me.refresh_from_db()
    assert not me.is_active
    assert "katell" not in me.email and me.first_name == "Compte"
    assert me.organisation is None and me.territory is None and me.consent_at is None
    assert not me.has_usable_password()
    assert me.calendar_token != token
    assert not me.groups.exists()
    assert not EmailAddress.objects.filter(user=me).exists()
    assert "_auth_user_id" not in client.session
    # The address is free again: the person may sign up anew later.
    assert not User.objects.filter(email__iexact="katell.nedelec@example.org").exists()
    login = client.post(
        reverse("account_login"), {"login": "katell.nedelec@example.org", "password": PASSWORD}
    )
    assert "_auth_user_id" not in client.session
    assert login.status_code == 200
