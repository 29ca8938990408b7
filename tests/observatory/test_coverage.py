"""Coverage of an upcoming meeting against its working group's target, the gaps named in French,
the meeting page box (team and facilitators only), targeted invitations and coverage alerts."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from apps.core.models import OutboxMessage
from apps.governance.models import Body, Meeting, Membership, Participation
from apps.observatory.coverage import (
    category_phrase,
    invitation_candidates,
    meeting_coverage,
    territory_with_article,
)
from apps.observatory.models import CoverageAlert, CoverageTarget, Invitation
from apps.observatory.services import (
    coverage_alert_send,
    coverage_alerts_due,
    invitations_send,
    target_set,
)
from apps.stakeholders.models import ActorCategory, Territory
from tests.accounts.factories import UserFactory
from tests.observatory.helpers import attend, workshop

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(db):
    group = Body.objects.create(kind=Body.Kind.WORKING_GROUP, name="GT marque", slug="gt-marque")
    tourism = ActorCategory.objects.get(slug="professionnel-tourisme")
    company = ActorCategory.objects.get(slug="entreprise")
    territories = {t.slug: t for t in Territory.objects.all()}
    lead = UserFactory(role="equipe-projet")
    target = target_set(body=group, by=lead, every_territory=True, categories=[tourism, company],
                        min_per_cell=1)  # fmt: skip
    meeting = workshop(timezone.now() + timedelta(days=20), body=group,
                       status=Meeting.Status.SCHEDULED, slug="atelier-marque")  # fmt: skip
    # Registered: a tourism pro and a company in each EPCI but the Haut Pays Bigouden has only
    # a company, and Cap Sizun nobody at all.
    for slug, territory in territories.items():
        if slug == "cap-sizun-pointe-du-raz":
            continue
        attend(meeting, UserFactory(territory=territory, actor_category=company), attended=None)
        if slug != "haut-pays-bigouden":
            attend(meeting, UserFactory(territory=territory, actor_category=tourism), attended=None)
    return locals()


def test_words():
    assert territory_with_article("Haut Pays Bigouden") == "du Haut Pays Bigouden"
    assert territory_with_article("Douarnenez Communauté") == "de Douarnenez Communauté"
    assert category_phrase("Professionnel du tourisme") == "professionnel du tourisme"
    assert category_phrase("EPCI / collectivité") == "EPCI / collectivité"


def test_gaps_are_named(setup):
    coverage = meeting_coverage(setup["meeting"])
    sentences = [gap.sentence for gap in coverage.gaps]
    assert sentences == [
        "aucune personne du Cap Sizun – Pointe du Raz inscrite",
        "aucun·e professionnel du tourisme du Haut Pays Bigouden inscrit·e",
    ]
    assert coverage.total == 11


def test_no_target_no_coverage(setup):
    CoverageTarget.objects.all().delete()
    assert meeting_coverage(setup["meeting"]) is None


def test_target_refusals(setup):
    with pytest.raises(ValidationError):
        target_set(body=Body.objects.get(slug="copil"), by=setup["lead"], every_territory=True,
                   categories=[])  # fmt: skip
    with pytest.raises(ValidationError):
        target_set(body=setup["group"], by=setup["lead"], every_territory=True, categories=[],
                   min_per_cell=2)  # fmt: skip


def test_target_form(client, setup):
    client.force_login(setup["lead"])
    url = "/observatoire/mix-attendus/gt-marque/"
    response = client.post(url, {"every_territory": "on", "min_per_cell": "2"})
    assert response.status_code == 200
    assert "demande au moins une catégorie" in response.content.decode()
    assert CoverageTarget.objects.get(body=setup["group"]).min_per_cell == 1  # unchanged
    response = client.post(url, {"categories": [setup["tourism"].pk], "min_per_cell": ""})
    assert response.status_code == 302
    target = CoverageTarget.objects.get(body=setup["group"])
    assert not target.every_territory and target.min_per_cell is None
    assert client.post(url, {"min_per_cell": "abc"}).status_code == 200


def test_meeting_page_box_for_team_and_facilitators_only(client, setup):
    url = setup["meeting"].get_absolute_url()
    facilitator = UserFactory(role="facilitateur")
    Membership.objects.create(body=setup["group"], user=facilitator, role="facilitator")
    for person, sees, invites in [
        (setup["lead"], True, True),
        (facilitator, True, False),
        (UserFactory(role="facilitateur"), False, False),  # not this group's
        (UserFactory(role="elu"), False, False),
        (UserFactory(), False, False),
    ]:
        client.force_login(person)
        html = client.get(url).content.decode()
        assert ("Couverture des inscriptions" in html) is sees
        assert ("/observatoire/inviter/atelier-marque/" in html) is invites
        if sees:
            assert "Aucun·e professionnel du tourisme du Haut Pays Bigouden inscrit·e" in html
    client.logout()
    assert "Couverture des inscriptions" not in client.get(url).content.decode()


def _candidate(setup, **kwargs):
    fields = {"territory": setup["territories"]["haut-pays-bigouden"],
              "actor_category": setup["tourism"], "accepts_invitations": True}  # fmt: skip
    return UserFactory(**{**fields, **kwargs})


def test_invite_flow(client, setup, django_capture_on_commit_callbacks):
    meeting = setup["meeting"]
    yes = _candidate(setup)
    veteran = _candidate(setup)
    attend(workshop(timezone.now() - timedelta(days=90)), veteran)
    no_consent = _candidate(setup, accepts_invitations=False)
    elsewhere = _candidate(setup, territory=setup["territories"]["pays-fouesnantais"])
    registered = _candidate(setup)
    attend(meeting, registered, attended=None)
    client.force_login(setup["lead"])
    url = (
        f"/observatoire/inviter/{meeting.slug}/"
        "?epci=haut-pays-bigouden&categorie=professionnel-tourisme"
    )
    html = client.get(url).content.decode()
    assert yes.last_name in html and veteran.last_name in html
    assert html.index(veteran.last_name) < html.index(yes.last_name)  # past participants first
    for person in (no_consent, elsewhere, registered):
        assert f'value="{person.pk}"' not in html
    assert "Aperçu du message" in html and meeting.get_absolute_url() in html
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"people": [yes.pk, veteran.pk]})
    assert response.status_code == 302
    assert Invitation.objects.filter(meeting=meeting).count() == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted([yes.email, veteran.email])
    assert meeting.get_absolute_url() in mail.outbox[0].body
    # Nobody twice: they are no longer candidates, and a forged post sends nothing.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"people": [yes.pk]})
    assert response.status_code == 200 and not mail.outbox
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"people": [no_consent.pk]})
    assert not mail.outbox and Invitation.objects.count() == 2
    # The invited person registers: the gap's count and the funnel follow.
    attend(meeting, yes, attended=None)
    sentences = [gap.sentence for gap in meeting_coverage(meeting).gaps]
    assert not any("Haut Pays Bigouden" in s for s in sentences)


def test_invite_needs_the_team_and_an_upcoming_meeting(client, setup):
    meeting = setup["meeting"]
    client.force_login(UserFactory(role="facilitateur"))
    assert client.get(f"/observatoire/inviter/{meeting.slug}/").status_code == 403
    client.force_login(setup["lead"])
    assert client.get("/observatoire/inviter/inconnue/").status_code == 404
    assert client.get(f"/observatoire/inviter/{meeting.slug}/?epci=nulle-part").status_code == 404
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.CANCELLED)
    meeting.refresh_from_db()
    person = _candidate(setup)
    with pytest.raises(ValidationError):
        invitations_send(meeting=meeting, user_ids=[person.pk], by=setup["lead"])


def test_alert_thresholds_and_once(setup, django_capture_on_commit_callbacks):
    meeting = setup["meeting"]
    other_lead = UserFactory(role="equipe-projet")
    start = meeting.start
    assert coverage_alerts_due(now=start - timedelta(days=10)) == 0  # too early
    with django_capture_on_commit_callbacks(execute=True):
        assert coverage_alerts_due(now=start - timedelta(days=6)) == 1
        assert coverage_alerts_due(now=start - timedelta(days=5)) == 0  # never twice
    assert len(mail.outbox) == 2  # each member of the project team
    assert {m.to[0] for m in mail.outbox} == {setup["lead"].email, other_lead.email}
    assert (
        "aucun·e professionnel du tourisme du Haut Pays Bigouden inscrit·e" in mail.outbox[0].body
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert coverage_alerts_due(now=start - timedelta(hours=40)) == 1
        assert coverage_alerts_due(now=start - timedelta(hours=30)) == 0
    assert len(mail.outbox) == 2
    assert set(CoverageAlert.objects.values_list("threshold", flat=True)) == {"7d", "48h"}
    keys = list(OutboxMessage.objects.values_list("key", flat=True))
    assert len(keys) == len(set(keys)) == 4
    assert coverage_alert_send(meeting=meeting, threshold="48h") is None


def test_no_alert_without_gap(setup, django_capture_on_commit_callbacks):
    meeting = setup["meeting"]
    CoverageTarget.objects.filter(body=setup["group"]).update(every_territory=False,
                                                              min_per_cell=None)  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        assert coverage_alerts_due(now=meeting.start - timedelta(days=6)) == 0
    assert not mail.outbox


def test_registered_waitlist_does_not_cover(setup):
    meeting = setup["meeting"]
    person = UserFactory(territory=setup["territories"]["cap-sizun-pointe-du-raz"])
    attend(meeting, person, attended=None, status=Participation.Status.WAITLISTED)
    sentences = [gap.sentence for gap in meeting_coverage(meeting).gaps]
    assert "aucune personne du Cap Sizun – Pointe du Raz inscrite" in sentences


def test_rgpd_export_lists_the_invitations(setup):
    from apps.observatory.export import invitations

    person = _candidate(setup)
    Invitation.objects.create(meeting=setup["meeting"], user=person)
    assert [row["meeting"] for row in invitations(person)] == [setup["meeting"].title]


def test_invitations_follow_the_registration_rules(setup):
    """Nobody is invited to register where they may not: a members-only meeting reaches its
    group's members only, and a passed deadline refuses the send."""
    from apps.governance.models import Membership

    meeting, lead = setup["meeting"], setup["lead"]
    outsider, member = _candidate(setup), _candidate(setup)
    Membership.objects.create(body=meeting.body, user=member, role=Membership.Role.MEMBER)
    Meeting.objects.filter(pk=meeting.pk).update(visibility=Meeting.Visibility.MEMBERS)
    meeting.refresh_from_db()
    candidates = set(invitation_candidates(meeting=meeting).values_list("pk", flat=True))
    assert member.pk in candidates and outsider.pk not in candidates
    assert invitations_send(meeting=meeting, user_ids=[outsider.pk, member.pk], by=lead) == 1
    assert not Invitation.objects.filter(user=outsider).exists()
    Meeting.objects.filter(pk=meeting.pk).update(
        registration_closes_at=timezone.now() - timedelta(hours=1)
    )
    meeting.refresh_from_db()
    with pytest.raises(ValidationError, match="date limite"):
        invitations_send(meeting=meeting, user_ids=[_candidate(setup).pk], by=lead)
