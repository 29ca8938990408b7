"""The platform's own account emails (templates/account/email/): French, the platform's name,
from DEFAULT_FROM_EMAIL, a text and an HTML part — never allauth's default text."""

import re

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

from apps.stakeholders.models import ActorCategory
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "motdepasse-Cornouaille-29"
ALLAUTH_DEFAULTS = ("Bonjour, c'est", "Hello from", "example.com", "Merci d'utiliser", "&#x27;")


@pytest.fixture
def post(client, django_capture_on_commit_callbacks):
    def _post(path, data):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(path, data)

    return _post


def _check(message, *, subject: str, says: str, link: str | None = None):
    """One account email, as a person reads it."""
    assert message.subject == f"[{settings.SITE_NAME}] {subject}"
    assert "&" not in message.subject  # plain text, never autoescaped
    assert message.from_email == settings.DEFAULT_FROM_EMAIL
    html = {mime: body for body, mime in message.alternatives}["text/html"]
    for body in (message.body, html):
        assert settings.SITE_NAME in body
        assert says in body.replace("&#x27;", "'")
        for default in ALLAUTH_DEFAULTS[:-1]:
            assert default not in body
    assert message.body.startswith("Bonjour,")
    assert "&#x27;" not in message.body and "&quot;" not in message.body
    assert html.lstrip().startswith("<!DOCTYPE html>") and '<html lang="fr">' in html
    if link:
        assert re.search(link, message.body) and re.search(link, html)
    return html


def test_sign_up_confirmation(post):
    post(
        reverse("account_signup"),
        {
            "email": "maiwenn@example.org",
            "first_name": "Maïwenn",
            "last_name": "Le Bihan",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "actor_category": ActorCategory.objects.get(slug="entreprise").pk,
            "territory": "hors",
            "consent": "on",
        },
    )
    (message,) = mail.outbox
    assert message.to == ["maiwenn@example.org"]
    html = _check(
        message,
        subject="Confirmez votre adresse électronique",
        says="Merci de votre inscription",
        link=r"/accounts/confirm-email/[^\s\"<]+/",
    )
    assert "Confirmer mon adresse électronique" in html


def test_password_reset(post):
    UserFactory(email="yann@example.org")
    post(reverse("account_reset_password"), {"email": "yann@example.org"})
    (message,) = mail.outbox
    _check(
        message,
        subject="Choisissez un nouveau mot de passe",
        says="Une demande de nouveau mot de passe",
        link=r"/accounts/password/reset/key/[^\s\"<]+/",
    )


def test_password_reset_for_an_unknown_address(post):
    post(reverse("account_reset_password"), {"email": "personne@example.org"})
    (message,) = mail.outbox
    _check(
        message,
        subject="Aucun compte à cette adresse",
        says="aucun compte n'utilise cette adresse",
        link=r"/accounts/signup/",
    )


def test_already_registered(post):
    UserFactory(email="anne@example.org")
    post(
        reverse("account_signup"),
        {
            "email": "anne@example.org",
            "first_name": "Anne",
            "last_name": "Autre",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "actor_category": ActorCategory.objects.get(slug="entreprise").pk,
            "territory": "hors",
            "consent": "on",
        },
    )
    (message,) = mail.outbox
    _check(
        message,
        subject="Vous avez déjà un compte",
        says="Un compte existe déjà avec cette adresse",
        link=r"/accounts/password/reset/",
    )


def test_email_change_confirms_the_new_address_and_tells_the_old_one(client, post):
    user = UserFactory(email="ancienne@example.org")
    client.force_login(user)
    post(reverse("account_email"), {"action_add": "", "email": "nouvelle@example.org"})
    (confirmation,) = mail.outbox
    assert confirmation.to == ["nouvelle@example.org"]
    link = _check(
        confirmation,
        subject="Confirmez votre nouvelle adresse électronique",
        says="Vous avez demandé à utiliser cette adresse électronique",
        link=r"/accounts/confirm-email/[^\s\"<]+/",
    )
    path = re.search(r"(/accounts/confirm-email/[^\s\"<]+/)", link).group(1)
    post(path, {})
    changed = [m for m in mail.outbox if m.to == ["ancienne@example.org"]]
    assert changed, [m.subject for m in mail.outbox]
    _check(
        changed[-1],
        subject="Votre adresse électronique a changé",
        says="nouvelle@example.org",
    )
