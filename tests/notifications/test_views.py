"""The pages: the centre (paginated, unread first, constant queries), reading, preferences,
follow buttons on the lower apps' pages, « what became of my ideas » and the personal space."""

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse
from django.utils.html import escape

from apps.core.templatetags.typography import french_spacing
from apps.notifications import services
from apps.notifications.models import Notification, Preference
from apps.strategy import services as strategy
from apps.strategy.models import PriorityAction
from tests.accounts.factories import UserFactory
from tests.notifications.helpers import client_for, notifications_of, publish_decision
from tests.strategy.factories import (
    ContributionFactory,
    PriorityActionFactory,
    SupportFactory,
    first_objective,
)

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]
K = Notification.Kind


def _news(person, count):
    for _ in range(count):
        action = PriorityActionFactory()
        services.notify(kind=K.ACTION_STATUS, target=action, recipients=[person.pk],
                        subject=action.title, url=action.get_absolute_url())  # fmt: skip


# ------------------------------------------------------------------------------------ centre
@pytest.mark.parametrize("count", [3, 45])
def test_the_centre_costs_the_same_whatever_the_number(count, django_assert_max_num_queries):
    person = UserFactory()
    _news(person, count)
    client = client_for(person)
    with django_assert_max_num_queries(8):  # 6 measured: session, user, count, page, visibility
        response = client.get(reverse("notifications:centre"))
    assert response.status_code == 200
    assert response.content.decode().count('class="card mb-2') == min(count, 20)


def test_unread_first_then_mark_one_and_all():
    person = UserFactory()
    _news(person, 3)
    first, second, third = notifications_of(person)
    client = client_for(person)
    client.post(reverse("notifications:mark_read", args=[third.pk]))
    page = client.get(reverse("notifications:centre")).content.decode()
    assert page.index(f'id="notification-{second.pk}"') < page.index(
        f'id="notification-{third.pk}"'
    )
    assert "2 notifications non lues" in page
    response = client.post(reverse("notifications:mark_all_read"), follow=True)
    assert "Toutes vos notifications sont marquées comme lues" in response.content.decode()
    assert not notifications_of(person).filter(read_at__isnull=True).exists()


def test_opening_goes_to_the_thing_and_marks_it_read():
    person = UserFactory()
    _news(person, 1)
    notification = notifications_of(person).get()
    response = client_for(person).get(reverse("notifications:open", args=[notification.pk]))
    assert response.url == notification.url
    assert notifications_of(person).get().read_at is not None


def test_the_header_shows_the_unread_count_from_the_cache(django_assert_max_num_queries):
    person = UserFactory()
    _news(person, 2)
    client = client_for(person)
    page = client.get(reverse("strategy:overview")).content.decode()
    assert "data-unread-count>2</span>" in page
    # A new event forgets the cached figure.
    _news(person, 1)
    page = client.get(reverse("strategy:overview")).content.decode()
    assert "data-unread-count>3</span>" in page


# ------------------------------------------------------------------------------- preferences
def test_preferences_page_saves_and_refuses_nonsense():
    person = UserFactory()
    client = client_for(person)
    response = client.post(reverse("notifications:preferences"), {"frequency": "weekly"})
    assert response.status_code == 302
    assert Preference.objects.get(user=person).frequency == "weekly"
    response = client.post(reverse("notifications:preferences"), {"frequency": "hourly"})
    assert response.status_code == 200
    assert "Choisissez une des fréquences proposées" in response.content.decode()
    assert Preference.objects.get(user=person).frequency == "weekly"


def test_the_profile_offers_the_preference():
    person = UserFactory()
    page = client_for(person).get(reverse("accounts:profile")).content.decode()
    assert "Recevoir mes notifications par courriel" in page
    assert "Un récapitulatif par jour" in page


# ------------------------------------------------------------------------------ follow buttons
def test_follow_an_action_from_its_page_and_stop():
    person, action = UserFactory(), PriorityActionFactory()
    client = client_for(person)
    url = reverse("strategy:action", kwargs={"slug": action.slug})
    assert "Suivre cette action" in client.get(url).content.decode()
    response = client.post(
        reverse("notifications:follow"),
        {"type": "strategy.priorityaction", "id": action.pk, "next": url},
        follow=True,
    )
    page = response.content.decode()
    assert "Vous suivez cette action." in page and "Ne plus suivre" in page
    client.post(
        reverse("notifications:follow"),
        {"type": "strategy.priorityaction", "id": action.pk, "action": "unfollow"},
    )
    assert not services.followers_of(action)


def test_anonymous_visitors_are_invited_to_sign_in_to_follow(client):
    action = PriorityActionFactory()
    page = client.get(reverse("strategy:action", kwargs={"slug": action.slug})).content.decode()
    assert "Se connecter pour suivre" in page


def test_objective_and_group_pages_carry_the_button():
    from apps.working_groups.models import WorkingGroup
    from tests.working_groups.factories import WorkingGroupFactory

    person = UserFactory()
    client = client_for(person)
    page = client.get(first_objective().get_absolute_url()).content.decode()
    assert "Suivre cet objectif" in page
    group: WorkingGroup = WorkingGroupFactory()
    page = client.get(group.get_absolute_url()).content.decode()
    assert "Suivre ce groupe de travail" in page


def test_the_follows_page_lists_objectives_filieres_groups_and_followed_actions():
    person, action = UserFactory(), PriorityActionFactory(title="Réseau des ambassadeurs")
    services.follow(user=person, target=action)
    page = client_for(person).get(reverse("notifications:follows")).content.decode()
    assert "Réseau des ambassadeurs" in page
    assert escape(first_objective().title) in page
    assert "Filières d'excellence" in page


# --------------------------------------------------------------------------- my ideas
def _ideas(author, lead, count):
    contributions = [ContributionFactory(author=author) for _ in range(count)]
    for contribution in contributions:
        SupportFactory(contribution=contribution)
    action = strategy.action_create_from_contributions(
        contributions=contributions, by=lead, title=f"Action de {count}",
        objective=first_objective(),
    )  # fmt: skip
    strategy.action_update(action=action, by=lead, status=PriorityAction.Status.IN_PROGRESS,
                           progress=35)  # fmt: skip
    publish_decision(lead, action, text=f"Le COPIL finance l'action de {count}.",
                     title=f"COPIL {count}")  # fmt: skip
    return action


@pytest.mark.parametrize("count", [2, 25])
def test_my_ideas_costs_the_same_whatever_the_number(count, django_assert_max_num_queries):
    author, lead = UserFactory(), UserFactory(role="equipe-projet")
    _ideas(author, lead, count)
    client = client_for(author)
    with django_assert_max_num_queries(9):  # 7 measured
        response = client.get(reverse("my_ideas:list"))
    page = response.content.decode()
    assert page.count('class="card mb-3"') == min(count, 20)
    assert "Soutenue par 1 personne" in page
    assert (
        f"Action de {count}" in page
        and "En cours" in page
        and french_spacing("avancement 35 %") in page
    )
    assert f"Le COPIL finance l&#x27;action de {count}." in page
    assert french_spacing(f"Lire le compte rendu « COPIL {count} »") in page


def test_a_members_only_decision_is_not_shown_to_a_non_member():
    author, lead = UserFactory(), UserFactory(role="equipe-projet")
    contribution = ContributionFactory(author=author)
    action = strategy.action_create_from_contributions(
        contributions=[contribution], by=lead, title="Action réservée",
        objective=first_objective(),
    )  # fmt: skip
    publish_decision(lead, action, text="Secret de séance.", visibility="members")
    page = client_for(author).get(reverse("my_ideas:list")).content.decode()
    assert "Action réservée" in page and "Secret de séance" not in page


def test_the_personal_space_section_sums_it_up(django_assert_max_num_queries):
    from apps.notifications.hooks import space_sections

    author, lead = UserFactory(), UserFactory(role="equipe-projet")
    _ideas(author, lead, 3)
    ContributionFactory(author=author)
    request = RequestFactory().get("/mon-espace/")
    request.user = author
    context = Context({"request": request, "user": author})
    context.template = Template("")
    with django_assert_max_num_queries(3):
        html = space_sections(context, user=author, request=request)
    assert "4 contributions" in html
    assert "3 à l'origine d'actions prioritaires" in html
    assert "/mon-espace/contributions/" in html


# ------------------------------------------------------------------------------------ RGPD
def test_the_export_lists_follows_notifications_and_preference_and_erasure_forgets():
    from apps.accounts import export
    from apps.accounts.services import user_erase
    from apps.notifications.models import Follow

    person, action = UserFactory(), PriorityActionFactory(title="Annuaire vivant")
    services.follow(user=person, target=action)
    _news(person, 1)
    keys = {section.key: section for section in export.sections()}
    assert keys["follows"].collect(person)[0]["object_id"] == action.pk
    assert keys["notifications"].collect(person)[0]["sentence"].startswith("L'action")
    assert keys["notification_preference"].collect(person) == [
        {"frequency": "Un récapitulatif par jour"}
    ]
    user_erase(user=person)
    assert not Follow.objects.filter(user=person).exists()
    assert not notifications_of(person).exists()


def test_my_ideas_show_the_words_not_the_markdown_marks():
    author = UserFactory()
    ContributionFactory(author=author, text="Un **guichet unique** pour les *conjoints*.")
    page = client_for(author).get(reverse("my_ideas:list")).content.decode()
    assert "Un guichet unique pour les conjoints." in page and "**" not in page
