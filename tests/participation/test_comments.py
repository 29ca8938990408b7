"""Comments: one level of replies, sanitised Markdown, a short edit window, reports to the
moderators, hiding with a reason (kept), refused on hidden contributions, constant queries."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from apps.core.templatetags.typography import french_spacing
from apps.participation import services
from apps.participation.models import Comment, CommentReport
from apps.participation.signals import comment_posted
from apps.strategy import services as strategy_services
from tests.accounts.factories import UserFactory

from .factories import contribute, make_action, make_call

pytestmark = pytest.mark.django_db


@pytest.fixture
def contribution(stakeholder):
    return contribute(make_call(), stakeholder)


def test_comment_and_reply(contribution):
    alice, bob = UserFactory(), UserFactory()
    sent = []
    comment_posted.connect(receiver := lambda sender, comment, **kw: sent.append(comment.pk))
    try:
        comment = services.comment_post(author=alice, text="Bonne idée", contribution=contribution)
        reply = services.comment_post(author=bob, text="Merci", parent=comment)
    finally:
        comment_posted.disconnect(receiver)
    assert reply.contribution == contribution and reply.parent == comment
    assert sent == [comment.pk, reply.pk]
    with pytest.raises(ValidationError, match="pas à une réponse"):
        services.comment_post(author=alice, text="Encore", parent=reply)


def test_comment_on_hidden_contribution_refused(contribution):
    strategy_services.contribution_hide(
        contribution=contribution, by=UserFactory(role="equipe-projet"), reason="Doublon"
    )
    with pytest.raises(ValidationError, match="masquée"):
        services.comment_post(author=UserFactory(), text="Hop", contribution=contribution)
    assert not Comment.objects.exists()


def test_empty_and_oversized_comments_refused(contribution):
    with pytest.raises(ValidationError, match="vide"):
        services.comment_post(author=UserFactory(), text="  ", contribution=contribution)
    with pytest.raises(ValidationError, match="dépasse"):
        services.comment_post(author=UserFactory(), text="x" * 3001, contribution=contribution)


def test_edit_window(contribution):
    author = UserFactory()
    comment = services.comment_post(author=author, text="Premier jet", contribution=contribution)
    services.comment_edit(comment=comment, by=author, text="Version corrigée")
    comment.refresh_from_db()
    assert comment.text == "Version corrigée" and comment.edited_at
    with pytest.raises(ValidationError, match="auteur"):
        services.comment_edit(comment=comment, by=UserFactory(), text="Pirate")
    Comment.objects.filter(pk=comment.pk).update(created_at=timezone.now() - timedelta(minutes=16))
    comment.refresh_from_db()
    with pytest.raises(ValidationError, match="15 minutes"):
        services.comment_edit(comment=comment, by=author, text="Trop tard")


def test_report_then_hide_kept_with_reason(contribution):
    comment = services.comment_post(
        author=UserFactory(), text="Hors sujet", contribution=contribution
    )
    reporter = UserFactory()
    services.comment_report(comment=comment, by=reporter, reason="Propos déplacés")
    with pytest.raises(ValidationError, match="déjà signalé"):
        services.comment_report(comment=comment, by=reporter, reason="Encore")
    with pytest.raises(ValidationError):
        services.comment_hide(comment=comment, by=UserFactory(role="equipe-projet"), reason="")
    services.comment_hide(comment=comment, by=UserFactory(role="equipe-projet"), reason="Insulte")
    comment.refresh_from_db()
    assert comment.is_hidden and comment.hidden_reason == "Insulte"
    assert CommentReport.objects.get().resolved_at is not None
    assert Comment.objects.filter(pk=comment.pk).exists()  # kept


def test_markdown_sanitised_and_hidden_never_shown(client, contribution):
    author = UserFactory()
    services.comment_post(
        author=author,
        text="**gras** <script>alert(1)</script> [x](javascript:alert(2))",
        contribution=contribution,
    )
    hidden = services.comment_post(author=author, text="SECRET-CACHÉ", contribution=contribution)
    services.comment_post(author=UserFactory(), text="RÉPONSE-AU-CACHÉ", parent=hidden)
    services.comment_hide(comment=hidden, by=UserFactory(role="equipe-projet"), reason="Motif")
    url = reverse("participation:contribution", args=[contribution.pk])
    page = client.get(url).content.decode()
    assert "<strong>gras</strong>" in page
    assert "<script>alert(1)" not in page and "javascript:" not in page
    assert "SECRET-CACHÉ" not in page and "RÉPONSE-AU-CACHÉ" not in page
    assert client.get(reverse("participation:comment", args=[hidden.pk])).status_code == 404
    client.force_login(UserFactory(role="equipe-projet"))
    page = client.get(url).content.decode()
    assert "SECRET-CACHÉ" in page and "Motif" in page


def test_comment_shows_author_and_organisation(client, contribution):
    from tests.stakeholders.factories import OrganisationFactory

    organisation = OrganisationFactory(name="Conserverie de Douarnenez")
    author = UserFactory(first_name="Anne", last_name="Kervella", organisation=organisation)
    services.comment_post(author=author, text="Bonjour", contribution=contribution)
    page = client.get(
        reverse("participation:contribution", args=[contribution.pk])
    ).content.decode()
    assert "Anne Kervella" in page and organisation.name in page


def test_comments_on_priority_action_page(client):
    action = make_action()
    client.force_login(UserFactory())
    response = client.post(
        reverse("participation:comment_post"), {"action": action.pk, "text": "À soutenir !"}
    )
    assert response.status_code == 302
    assert french_spacing("À soutenir !") in client.get(action.get_absolute_url()).content.decode()


def test_bad_comment_input_never_500(client, contribution):
    client.force_login(UserFactory())
    url = reverse("participation:comment_post")
    assert client.post(url, {"contribution": "abc", "text": "x"}).status_code == 404
    assert client.post(url, {"contribution": 999999, "text": "x"}).status_code == 404
    assert client.post(url, {"parent": 999999, "text": "x"}).status_code == 404
    response = client.post(url, {"contribution": contribution.pk, "text": ""}, follow=True)
    assert "vide" in response.content.decode()


@pytest.mark.parametrize("n", [5, 300])
def test_thread_constant_queries(client, contribution, n, django_assert_max_num_queries):
    people = [UserFactory() for _ in range(5)]
    top = Comment.objects.bulk_create(
        [Comment(contribution=contribution, author=people[i % 5], text=f"C {i}") for i in range(n)]
    )
    Comment.objects.bulk_create(
        [Comment(contribution=contribution, parent=c, author=people[0], text="R") for c in top]
    )
    client.force_login(people[1])
    with django_assert_max_num_queries(22):
        response = client.get(reverse("participation:contribution", args=[contribution.pk]))
    assert response.status_code == 200


@pytest.mark.parametrize(("role", "status"), [("anonymous", 302), ("someone", 403), ("team", 200)])
def test_moderation_queue(client, contribution, role, status):
    comment = services.comment_post(
        author=UserFactory(), text="Signalé ici", contribution=contribution
    )
    services.comment_report(comment=comment, by=UserFactory(), reason="Propos blessants")
    if role == "someone":
        client.force_login(UserFactory())
    elif role == "team":
        client.force_login(UserFactory(role="equipe-projet"))
    response = client.get(reverse("participation:moderation"))
    assert response.status_code == status
    if status == 200:
        page = response.content.decode()
        assert "Signalé ici" in page and "Propos blessants" in page


def test_rgpd_export_has_comments_and_ballots(contribution):
    from apps.accounts.export import sections
    from apps.participation.export import ballots, comments

    from .factories import make_prioritisation

    person = UserFactory()
    services.comment_post(author=person, text="Mon avis", contribution=contribution)
    p = make_prioritisation()
    action = p.actions.first()
    services.ballot_submit(prioritisation=p, user=person, points={action.pk: 4})
    assert [c["text"] for c in comments(person)] == ["Mon avis"]
    assert ballots(person) == [{"prioritisation": p.title, "action": action.title, "points": 4}]
    assert {"comments", "ballots"} <= {section.key for section in sections()}


def test_workshop_contributions_have_their_discussion_too(client):
    from apps.governance.models import Meeting
    from tests.strategy.factories import ContributionFactory

    public = ContributionFactory(text="Dit en atelier public")
    reserved = ContributionFactory(text="Dit en atelier réservé")
    Meeting.objects.filter(pk=reserved.meeting_id).update(visibility=Meeting.Visibility.MEMBERS)
    client.force_login(UserFactory())
    url = reverse("participation:comment_post")
    response = client.post(url, {"contribution": public.pk, "text": "Je réagis en ligne"})
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Je réagis en ligne" in page and "dit en atelier" in page
    assert client.post(url, {"contribution": reserved.pk, "text": "x"}).status_code == 404
    detail = reverse("participation:contribution", args=[reserved.pk])
    assert client.get(detail).status_code == 404
