"""Minutes through the front door: start, write, submit, comment, return, publish, correct; the
revision conflict; illegal transitions; the reading room (filters, search, « nouveau »); XSS;
the COPIL pages' « Compte rendu »; query counts that do not grow with the data."""

from datetime import date, timedelta
from html.parser import HTMLParser
from types import SimpleNamespace

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from apps.governance.models import Body, Meeting, Membership, Participation
from apps.minutes.models import (
    ActionItem,
    Decision,
    Minutes,
    MinutesComment,
    MinutesRead,
    MinutesVersion,
)
from apps.minutes.services import (
    minutes_comment,
    minutes_publish,
    minutes_save,
    minutes_start,
    minutes_start_correction,
    minutes_submit,
)
from apps.reports.models import Document
from tests.accounts.factories import UserFactory
from tests.governance.factories import (
    AgendaItemFactory,
    MembershipFactory,
    ParticipationFactory,
    copil,
)
from tests.minutes.factories import held_meeting, minutes_in, technical_committee
from tests.minutes.helpers import client_for
from tests.stakeholders.factories import OrganisationFactory
from tests.strategy.factories import PriorityActionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


# ------------------------------------------------------------------------------------ builders
def text_of(response) -> str:
    return response.content.decode()


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def edit_data(
    minutes: Minutes,
    *,
    base_revision: int | None = None,
    summary: str = "",
    body: str = "",
    guests: str = "",
    visibility: str = "public",
    decisions=(),
    actions=(),
) -> dict:
    data = {
        "base_revision": str(minutes.revision if base_revision is None else base_revision),
        "summary": summary,
        "body": body,
        "guests": guests,
        "visibility": visibility,
    }
    for prefix, rows in (("decisions", decisions), ("actions", actions)):
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": str(len(rows) + 1),
                f"{prefix}-INITIAL_FORMS": "0",
                f"{prefix}-MIN_NUM_FORMS": "0",
                f"{prefix}-MAX_NUM_FORMS": "100",
            }
        )
        for index, row in enumerate(rows):
            for key, value in row.items():
                data[f"{prefix}-{index}-{key}"] = value
        # the blank extra row of the page, with its default status
        if prefix == "actions":
            data[f"{prefix}-{len(rows)}-status"] = "open"
    return data


@pytest.fixture
def people(db):
    body = copil()
    team = UserFactory(role="equipe-projet", first_name="Tugdual", last_name="Équipe")
    secretary = MembershipFactory(
        role=Membership.Role.SECRETARY, user=UserFactory(last_name="Secrétaire")
    ).user
    elected = UserFactory(role="elu", first_name="Yvonne", last_name="Zéro")
    MembershipFactory(body=body, user=elected, role=Membership.Role.ELECTED_OFFICIAL)
    chair = UserFactory(role="elu", first_name="Yann", last_name="Yvinec")
    MembershipFactory(body=body, user=chair, role=Membership.Role.CHAIR)
    partner = MembershipFactory(
        role=Membership.Role.PARTNER, user=UserFactory(first_name="Anne", last_name="Abalain")
    ).user
    muted = MembershipFactory(
        role=Membership.Role.ELECTED_OFFICIAL,
        user=UserFactory(role="elu", last_name="Aucun", notify_minutes=False),
    ).user
    reviewer = UserFactory(role="comite-technique", last_name="Relecteur")
    MembershipFactory(body=technical_committee(), user=reviewer)
    return SimpleNamespace(
        team=team,
        secretary=secretary,
        elected=elected,
        chair=chair,
        partner=partner,
        muted=muted,
        reviewer=reviewer,
        stakeholder=UserFactory(),
        outsider=UserFactory(role="elu"),
    )


# ------------------------------------------------------------------------------------ workflow
class TestWorkflow:
    def test_start_write_submit_comment_return_publish_correct(
        self, people, django_capture_on_commit_callbacks
    ):
        meeting = held_meeting(title="COPIL de novembre")
        ParticipationFactory(
            meeting=meeting, user=people.elected, status=Participation.Status.ATTENDING
        )
        ParticipationFactory(
            meeting=meeting,
            user=people.chair,
            status=Participation.Status.REPRESENTED,
            proxy_name="Son adjoint",
        )
        ParticipationFactory(
            meeting=meeting, user=people.partner, status=Participation.Status.EXCUSED
        )
        agenda_item = meeting.agenda_items.get(title="Plan d'actions 2027")
        action = PriorityActionFactory(title="Marque territoriale")
        organisation = OrganisationFactory(name="CCI Finistère")
        secretary = client_for(people.secretary)

        # start: one minutes per meeting, then the edit form with a section per agenda item
        response = secretary.post(reverse("minutes:start", kwargs={"slug": meeting.slug}))
        minutes = Minutes.objects.get(meeting=meeting)
        assert response.status_code == 302
        assert response.url == reverse("minutes:edit", kwargs={"pk": minutes.pk})
        assert minutes.status == Minutes.Status.DRAFT
        page = secretary.get(response.url)
        assert page.status_code == 200
        assert "## Plan d&#x27;actions 2027" in text_of(page)
        assert 'name="base_revision"' in text_of(page)

        # save: text, guests, a decision tied to the agenda and an action, two action items
        response = secretary.post(
            reverse("minutes:edit", kwargs={"pk": minutes.pk}),
            edit_data(
                minutes,
                summary="Le plan d'actions est adopté.",
                body="### Plan d'actions\n\nAdopté à l'unanimité.",
                guests="Marie Guest\n\n  Paul Invité  ",
                decisions=[
                    {
                        "text": "Le plan d'actions 2027 est adopté.",
                        "agenda_item": str(agenda_item.pk),
                        "priority_actions": [str(action.pk)],
                    }
                ],
                actions=[
                    {
                        "what": "Diffuser le plan aux EPCI",
                        "owner": str(people.elected.pk),
                        "due_date": "2027-01-31",
                        "status": "open",
                    },
                    {
                        "what": "Organiser l'atelier filière mer",
                        "owner_organisation": str(organisation.pk),
                        "status": "open",
                    },
                ],
            ),
        )
        assert response.status_code == 302, response.context and response.context["form"].errors
        minutes.refresh_from_db()
        assert minutes.revision == 1
        assert minutes.guests == "Marie Guest\nPaul Invité"
        decision = Decision.objects.get(minutes=minutes)
        assert decision.agenda_item == agenda_item
        assert list(decision.priority_actions.all()) == [action]
        assert [
            (a.what, a.owner_id, a.owner_organisation_id) for a in minutes.action_items.all()
        ] == [
            ("Diffuser le plan aux EPCI", people.elected.pk, None),
            ("Organiser l'atelier filière mer", None, organisation.pk),
        ]

        # the working copy: status, revision and author
        page = secretary.get(minutes.get_absolute_url())
        body = text_of(page)
        assert "Brouillon" in body
        assert "Révision 1" in body
        assert people.secretary.get_full_name() in body
        assert "Soumettre à relecture" in body

        # submit → in review; the technical committee reviews COPIL minutes
        response = secretary.post(reverse("minutes:submit", kwargs={"pk": minutes.pk}), follow=True)
        assert "soumis à relecture" in " ".join(messages_of(response))
        minutes.refresh_from_db()
        assert minutes.status == Minutes.Status.IN_REVIEW

        reviewer = client_for(people.reviewer)
        page = reviewer.get(minutes.get_absolute_url())
        assert page.status_code == 200
        assert "Commenter" in text_of(page)
        assert "Publier" not in text_of(page)
        response = reviewer.post(
            reverse("minutes:comment", kwargs={"pk": minutes.pk}),
            {"text": "Préciser la date de l'atelier mer."},
            follow=True,
        )
        assert "commentaire est enregistré" in " ".join(messages_of(response))
        comment = MinutesComment.objects.get(minutes=minutes)
        assert (comment.author, comment.revision) == (people.reviewer, 1)
        assert "Préciser la date de l&#x27;atelier mer." in text_of(response)

        # an empty comment is refused with the reason, nothing stored
        response = reviewer.post(
            reverse("minutes:comment", kwargs={"pk": minutes.pk}), {"text": " "}
        )
        assert response.status_code == 200
        assert "Écrivez votre commentaire" in text_of(response)
        assert MinutesComment.objects.filter(minutes=minutes).count() == 1

        # the project team sends it back to the drafter, who resubmits
        team = client_for(people.team)
        response = team.post(reverse("minutes:return", kwargs={"pk": minutes.pk}), follow=True)
        assert "renvoyé en rédaction" in " ".join(messages_of(response))
        minutes.refresh_from_db()
        assert minutes.status == Minutes.Status.DRAFT
        secretary.post(reverse("minutes:submit", kwargs={"pk": minutes.pk}))
        minutes.refresh_from_db()
        assert minutes.status == Minutes.Status.IN_REVIEW

        # publish → version 1, the PDF requested, the members told (elected officials first)
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            response = team.post(reverse("minutes:publish", kwargs={"pk": minutes.pk}), follow=True)
        assert "Version 1 publiée" in " ".join(messages_of(response))
        minutes.refresh_from_db()
        assert minutes.status == Minutes.Status.PUBLISHED
        v1 = MinutesVersion.objects.get(minutes=minutes)
        assert v1.number == 1
        assert Document.objects.filter(minutes_version=v1).exists()
        published_mails = [m for m in mail.outbox if "publié" in m.subject]
        recipients = [m.to[0] for m in published_mails]
        assert people.muted.email not in recipients
        assert people.stakeholder.email not in recipients
        assert set(recipients[:2]) == {people.chair.email, people.elected.email}
        assert set(recipients) == {
            people.chair.email,
            people.elected.email,
            people.partner.email,
            people.secretary.email,
        }
        assert minutes.get_absolute_url() in published_mails[0].body

        # a member elected official reads it: attendance, decisions, actions; the read recorded
        elected = client_for(people.elected)
        page = elected.get(minutes.get_absolute_url())
        body = text_of(page)
        assert page.status_code == 200
        assert "Le plan d&#x27;actions 2027 est adopté." in body
        assert "Marque territoriale" in body
        assert "Diffuser le plan aux EPCI" in body
        assert "31 janvier 2027" in body
        assert "CCI Finistère" in body
        assert "Son adjoint" in body  # represented
        assert "Marie Guest" in body
        assert people.partner.get_full_name() in body  # excused
        assert "Version 1, publiée le" in body
        assert MinutesRead.objects.get(minutes=minutes, user=people.elected).version == 1
        document = Document.objects.get(minutes_version=v1)
        assert document.status == Document.Status.READY  # rendered by the (eager) worker
        assert reverse("reports:download", kwargs={"pk": document.pk}) in body

        # correct → back to draft (readers keep version 1), then publish v2 with an erratum
        response = team.post(reverse("minutes:correct", kwargs={"pk": minutes.pk}))
        assert response.url == reverse("minutes:edit", kwargs={"pk": minutes.pk})
        minutes.refresh_from_db()
        assert minutes.status == Minutes.Status.DRAFT
        assert "Adopté à l'unanimité." in text_of(elected.get(minutes.get_absolute_url()))
        team.post(
            reverse("minutes:edit", kwargs={"pk": minutes.pk}),
            edit_data(
                minutes,
                summary="Le plan d'actions est adopté.",
                body="### Plan d'actions\n\nAdopté à la majorité.",
            ),
        )
        team.post(reverse("minutes:submit", kwargs={"pk": minutes.pk}))
        # a correction needs an erratum note: refused without, on the form
        response = team.post(reverse("minutes:publish", kwargs={"pk": minutes.pk}), {"erratum": ""})
        assert response.status_code == 200
        assert "note d&#x27;erratum" in text_of(response)
        assert minutes.versions.count() == 1
        response = team.post(
            reverse("minutes:publish", kwargs={"pk": minutes.pk}),
            {"erratum": "Le vote était à la majorité, pas à l'unanimité."},
            follow=True,
        )
        assert "Version 2 publiée" in " ".join(messages_of(response))
        assert minutes.versions.count() == 2

        page = elected.get(minutes.get_absolute_url())
        body = text_of(page)
        assert "Adopté à la majorité." in body
        assert "corrigé" in body
        assert "Le vote était à la majorité, pas à l&#x27;unanimité." in body
        assert reverse("minutes:version", kwargs={"pk": minutes.pk, "number": 1}) in body
        assert MinutesRead.objects.get(minutes=minutes, user=people.elected).version == 2
        old = elected.get(reverse("minutes:version", kwargs={"pk": minutes.pk, "number": 1}))
        assert old.status_code == 200
        assert "Adopté à l'unanimité." in text_of(old)
        assert "remplacée depuis par une version corrigée" in text_of(old)
        new = elected.get(reverse("minutes:version", kwargs={"pk": minutes.pk, "number": 2}))
        assert "Le vote était à la majorité" in text_of(new)
        missing = elected.get(reverse("minutes:version", kwargs={"pk": minutes.pk, "number": 3}))
        assert missing.status_code == 404

    def test_start_twice_returns_the_same_minutes(self, people):
        meeting = held_meeting()
        team = client_for(people.team)
        first = team.post(reverse("minutes:start", kwargs={"slug": meeting.slug}))
        second = team.post(reverse("minutes:start", kwargs={"slug": meeting.slug}))
        assert first.url == second.url
        assert Minutes.objects.filter(meeting=meeting).count() == 1

    def test_no_minutes_for_a_cancelled_meeting(self, people):
        meeting = held_meeting(status=Meeting.Status.CANCELLED)
        response = client_for(people.team).post(
            reverse("minutes:start", kwargs={"slug": meeting.slug}), follow=True
        )
        assert "annulée" in " ".join(messages_of(response))
        assert not Minutes.objects.filter(meeting=meeting).exists()

    def test_start_is_post_only(self, people):
        meeting = held_meeting()
        response = client_for(people.team).get(
            reverse("minutes:start", kwargs={"slug": meeting.slug})
        )
        assert response.status_code == 405
        assert not Minutes.objects.exists()

    def test_an_action_item_without_owner_is_refused_and_the_text_kept(self, people):
        minutes = minutes_in("draft", by=people.team)
        response = client_for(people.team).post(
            reverse("minutes:edit", kwargs={"pk": minutes.pk}),
            edit_data(
                minutes,
                body="Texte tapé à conserver",
                actions=[{"what": "Relancer la Région", "status": "open"}],
            ),
        )
        assert response.status_code == 200
        assert "Indiquez qui est responsable" in text_of(response)
        assert "Texte tapé à conserver" in text_of(response)
        assert not ActionItem.objects.filter(minutes=minutes).exists()
        minutes.refresh_from_db()
        assert minutes.revision == 1

    def test_an_agenda_item_of_another_meeting_is_refused(self, people):
        minutes = minutes_in("draft", by=people.team)
        other = AgendaItemFactory()
        response = client_for(people.team).post(
            reverse("minutes:edit", kwargs={"pk": minutes.pk}),
            edit_data(minutes, body="x", decisions=[{"text": "Oui", "agenda_item": str(other.pk)}]),
        )
        assert response.status_code == 200
        assert not Decision.objects.filter(minutes=minutes).exists()

    def test_an_owner_outside_the_meeting_is_refused(self, people):
        minutes = minutes_in("draft", by=people.team)
        response = client_for(people.team).post(
            reverse("minutes:edit", kwargs={"pk": minutes.pk}),
            edit_data(
                minutes,
                body="x",
                actions=[{"what": "Agir", "owner": str(people.stakeholder.pk), "status": "open"}],
            ),
        )
        assert response.status_code == 200
        assert "Choisissez une personne de la liste" in text_of(response)
        assert not ActionItem.objects.filter(minutes=minutes).exists()

    def test_the_edit_form_keeps_existing_rows(self, people):
        minutes = minutes_in("draft", by=people.team)
        team = client_for(people.team)
        team.post(
            reverse("minutes:edit", kwargs={"pk": minutes.pk}),
            edit_data(
                minutes,
                body="x",
                decisions=[{"text": "Première décision"}],
                actions=[{"what": "Agir", "owner": str(people.elected.pk), "status": "done"}],
            ),
        )
        page = team.get(reverse("minutes:edit", kwargs={"pk": minutes.pk}))
        assert page.context["decisions"].initial_form_count() == 1
        assert page.context["actions"].initial == [
            {
                "what": "Agir",
                "owner": people.elected.pk,
                "owner_organisation": None,
                "due_date": None,
                "status": "done",
            }
        ]


def test_a_form_without_its_base_revision_is_refused_not_a_500(people):
    minutes = minutes_in("draft", by=people.team, body="Avant")
    data = edit_data(minutes, body="Après")
    del data["base_revision"]
    response = client_for(people.team).post(
        reverse("minutes:edit", kwargs={"pk": minutes.pk}), data
    )
    assert response.status_code == 200
    assert "formulaire est incomplet" in text_of(response)
    minutes.refresh_from_db()
    assert minutes.body == "Avant"


class TestRevisionConflict:
    def test_the_second_save_is_refused_and_keeps_its_text(self, people):
        minutes = minutes_in("draft", by=people.secretary, body="Texte initial")
        first, second = client_for(people.secretary), client_for(people.team)
        url = reverse("minutes:edit", kwargs={"pk": minutes.pk})
        # both open the form at the same revision
        base_first = first.get(url).context["form"].initial["base_revision"]
        base_second = second.get(url).context["form"].initial["base_revision"]
        assert base_first == base_second == 1

        ok = first.post(url, edit_data(minutes, base_revision=base_first, body="Texte du premier"))
        assert ok.status_code == 302

        refused = second.post(
            url,
            edit_data(
                minutes,
                base_revision=base_second,
                summary="Résumé du second",
                body="Texte du second, long et précieux",
                decisions=[{"text": "Décision du second"}],
            ),
        )
        body = text_of(refused)
        assert refused.status_code == 200
        assert "modifié entre-temps" in body
        assert 'id="conflit"' in body
        assert "Texte du second, long et précieux</textarea>" in body
        assert "Résumé du second</textarea>" in body
        assert "Décision du second</textarea>" in body
        assert "Texte du premier" in body  # what the other person saved, to compare
        minutes.refresh_from_db()
        assert minutes.revision == 2
        assert minutes.body == "Texte du premier"
        assert minutes.summary == ""
        assert not Decision.objects.filter(minutes=minutes).exists()
        assert minutes.revisions.count() == 3  # 0 (start), 1, 2


class TestIllegalTransitions:
    def test_publishing_a_draft_is_refused(self, people):
        minutes = minutes_in("draft", by=people.team)
        response = client_for(people.team).post(
            reverse("minutes:publish", kwargs={"pk": minutes.pk}), follow=True
        )
        assert response.status_code == 200
        assert "Seul un compte rendu en relecture peut être publié" in " ".join(
            messages_of(response)
        )
        minutes.refresh_from_db()
        assert minutes.status == Minutes.Status.DRAFT
        assert not minutes.versions.exists()

    def test_submitting_published_minutes_is_refused(self, people):
        minutes = minutes_in("published", by=people.team)
        response = client_for(people.team).post(
            reverse("minutes:submit", kwargs={"pk": minutes.pk}), follow=True
        )
        assert "Seul un brouillon se soumet à relecture" in " ".join(messages_of(response))
        minutes.refresh_from_db()
        assert minutes.status == Minutes.Status.PUBLISHED

    def test_commenting_a_draft_is_refused(self, people):
        minutes = minutes_in("draft", by=people.team)
        response = client_for(people.secretary).post(
            reverse("minutes:comment", kwargs={"pk": minutes.pk}), {"text": "Trop tôt"}, follow=True
        )
        assert "Les commentaires se font pendant la relecture" in " ".join(messages_of(response))
        # a reviewer does not even see a draft
        hidden = client_for(people.reviewer).post(
            reverse("minutes:comment", kwargs={"pk": minutes.pk}), {"text": "Trop tôt"}
        )
        assert hidden.status_code == 404
        assert not MinutesComment.objects.exists()

    def test_editing_published_minutes_points_to_correct(self, people):
        minutes = minutes_in("published", by=people.team)
        response = client_for(people.team).get(
            reverse("minutes:edit", kwargs={"pk": minutes.pk}), follow=True
        )
        assert "Utilisez « Corriger »" in " ".join(messages_of(response))
        assert response.redirect_chain[-1][0] == minutes.get_absolute_url()

    def test_a_stale_post_after_publication_is_refused_without_error(self, people):
        minutes = minutes_in("in_review", by=people.team)
        url = reverse("minutes:edit", kwargs={"pk": minutes.pk})
        team = client_for(people.team)
        data = edit_data(minutes, body="Trop tard")
        minutes_publish(minutes=minutes, by=people.team)
        response = team.post(url, data, follow=True)
        assert response.status_code == 200
        assert "publié" in " ".join(messages_of(response))
        minutes.refresh_from_db()
        assert minutes.body != "Trop tard"

    def test_publishing_twice_publishes_once(self, people):
        minutes = minutes_in("in_review", by=people.team)
        team = client_for(people.team)
        team.post(reverse("minutes:publish", kwargs={"pk": minutes.pk}))
        response = team.post(reverse("minutes:publish", kwargs={"pk": minutes.pk}), follow=True)
        assert response.status_code == 200
        assert minutes.versions.count() == 1

    @pytest.mark.parametrize("name", ["submit", "comment", "return", "publish", "correct"])
    def test_actions_are_post_only(self, people, name):
        minutes = minutes_in("in_review", by=people.team)
        response = client_for(people.team).get(
            reverse(f"minutes:{name}", kwargs={"pk": minutes.pk})
        )
        assert response.status_code == 405

    def test_an_unknown_minutes_is_a_404(self, people):
        for name in ("detail", "edit"):
            response = client_for(people.team).get(reverse(f"minutes:{name}", kwargs={"pk": 999}))
            assert response.status_code == 404
        response = client_for(people.team).post(reverse("minutes:publish", kwargs={"pk": 999}))
        assert response.status_code == 404


# ------------------------------------------------------------------------------ reading room
class TestReadingRoom:
    def test_lists_latest_versions_newest_first_with_new_badge_and_pdf(self, people):
        old = minutes_in("published", by=people.team, meeting=held_meeting(title="COPIL ancien"))
        MinutesVersion.objects.filter(minutes=old).update(
            published_at=timezone.now() - timedelta(days=30)
        )
        recent = minutes_in("published", by=people.team, meeting=held_meeting(title="COPIL récent"))
        corrected = minutes_in(
            "correcting", by=people.team, meeting=held_meeting(title="COPIL corrigé")
        )
        minutes_submit(minutes=corrected, by=people.team)
        minutes_publish(minutes=corrected, by=people.team, erratum="Date corrigée.")
        minutes_in("in_review", by=people.team, meeting=held_meeting(title="COPIL en relecture"))
        version = recent.versions.get()
        Document.objects.filter(minutes_version=version).update(status=Document.Status.READY)
        MinutesRead.objects.create(minutes=old, user=people.elected, version=1)

        page = client_for(people.elected).get(reverse("minutes:reading_room"))
        rows = list(page.context["rows"])
        assert [row.minutes.meeting.title for row in rows] == [
            "COPIL corrigé",
            "COPIL récent",
            "COPIL ancien",
        ]
        assert [row.number for row in rows] == [2, 1, 1]
        assert [row.is_new for row in rows] == [True, True, False]
        body = text_of(page)
        assert "COPIL en relecture" not in body
        assert body.count(">nouveau</span>") == 2
        assert "corrigé</span>" in body
        assert 'data-pdf-status="ready"' in body
        assert 'data-pdf-status="pending"' in body

        # opening it removes the badge
        client_for(people.elected).get(corrected.get_absolute_url())
        rows = list(client_for(people.elected).get(reverse("minutes:reading_room")).context["rows"])
        assert [row.is_new for row in rows] == [False, True, False]

    def test_filters_by_body_kind_and_year(self, people):
        this_year = held_meeting(title="Séance récente")
        last_year = held_meeting(title="Séance ancienne", days_ago=400)
        technical = held_meeting(
            title="Comité technique de mars",
            kind=Meeting.Kind.TECHNICAL_COMMITTEE,
            body=technical_committee(),
        )
        for meeting in (this_year, last_year, technical):
            minutes_in("published", by=people.team, meeting=meeting)
        client = client_for(people.team)
        url = reverse("minutes:reading_room")

        def titles(**params):
            return {r.minutes.meeting.title for r in client.get(url, params).context["rows"]}

        assert titles(body=copil().pk) == {"Séance récente", "Séance ancienne"}
        assert titles(kind="technical_committee") == {"Comité technique de mars"}
        assert titles(year=last_year.start.year) == {"Séance ancienne"}
        assert len(titles(year=1999)) == 3  # an unknown year is ignored, not an error
        assert len(titles(body="pas-un-nombre")) == 3

    def test_search_finds_words_of_the_text(self, people):
        minutes_in(
            "published",
            by=people.team,
            meeting=held_meeting(title="Séance filière mer"),
            body="Les pêcheurs de Douarnenez présentent leur projet.",
        )
        minutes_in(
            "published",
            by=people.team,
            meeting=held_meeting(title="Séance tourisme"),
            body="Le tourisme d'hiver à Concarneau.",
        )
        rows = client_for(None).get(reverse("minutes:reading_room"), {"q": "Douarnenez"})
        assert [r.minutes.meeting.title for r in rows.context["rows"]] == ["Séance filière mer"]
        none = client_for(None).get(reverse("minutes:reading_room"), {"q": "introuvable"})
        assert "Aucun compte rendu ne correspond" in text_of(none)

    def test_paginated_by_twenty(self, people):
        for index in range(21):
            minutes_in("published", by=people.team, meeting=held_meeting(title=f"Séance {index}"))
        client = client_for(None)
        first = client.get(reverse("minutes:reading_room"))
        assert len(first.context["rows"]) == 20
        assert "page=2" in text_of(first)
        second = client.get(reverse("minutes:reading_room"), {"page": 2})
        assert len(second.context["rows"]) == 1
        assert client.get(reverse("minutes:reading_room"), {"page": "x"}).status_code == 200


@pytest.mark.postgres
class TestFullTextSearchOnPostgres:
    def test_french_stemming_websearch_and_rank(self, people):
        minutes_in(
            "published",
            by=people.team,
            meeting=held_meeting(title="Séance pêche"),
            body="Le pêcheur présente. Les pêcheurs votent. La pêche côtière, les pêcheurs.",
        )
        minutes_in(
            "published",
            by=people.team,
            meeting=held_meeting(title="Séance tourisme"),
            body="Un pêcheur est venu parler de tourisme.",
        )
        minutes_in(
            "published",
            by=people.team,
            meeting=held_meeting(title="Séance culture"),
            body="Festival de Cornouaille et culture bretonne.",
        )
        url = reverse("minutes:reading_room")
        client = client_for(None)

        def titles(q):
            return [r.minutes.meeting.title for r in client.get(url, {"q": q}).context["rows"]]

        # « pêcheurs » finds « pêcheur » (French stemming), most relevant first
        assert titles("pêcheurs") == ["Séance pêche", "Séance tourisme"]
        # websearch syntax: exclusion and "or"
        assert titles("pêcheur -tourisme") == ["Séance pêche"]
        assert set(titles("festival or tourisme")) == {"Séance culture", "Séance tourisme"}
        assert titles("'; DROP TABLE x; --") == []


class TestPdf:
    def test_the_status_is_shown_until_the_pdf_is_ready(self, people):
        minutes = minutes_in("published", by=people.team)
        document = Document.objects.get(minutes_version__minutes=minutes)
        download = reverse("reports:download", kwargs={"pk": document.pk})
        client = client_for(people.elected)
        pending = text_of(client.get(minutes.get_absolute_url()))
        assert document.status == Document.Status.PENDING
        assert download not in pending
        Document.objects.filter(pk=document.pk).update(status=Document.Status.READY)
        assert download in text_of(client.get(minutes.get_absolute_url()))
        version = reverse("minutes:version", kwargs={"pk": minutes.pk, "number": 1})
        assert download in text_of(client.get(version))


# ------------------------------------------------------------------------------------ XSS
PAYLOAD = (
    "Avant\n\n<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n"
    '[x](javascript:alert(1)) et <a href="javascript:alert(2)">lien</a>'
)


class _Elements(HTMLParser):
    """Every element of a page with its attributes, and the text of its scripts."""

    def __init__(self):
        super().__init__()
        self.elements, self.scripts, self._in_script = [], [], False

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts.append(data)


def _assert_clean(html: str) -> None:
    """No script, event handler or javascript: URL reached the page (as markup: escaped text
    showing the payload is harmless)."""
    parser = _Elements()
    parser.feed(html)
    assert not any("alert" in script for script in parser.scripts)
    for tag, attrs in parser.elements:
        assert not any(name.startswith("on") for name in attrs), (tag, attrs)
        for name in ("href", "src", "action", "formaction"):
            assert not (attrs.get(name) or "").strip().lower().startswith("javascript:"), attrs
        if tag == "script":
            assert attrs.get("src", "").startswith("/static/"), attrs
    assert "<script>alert" not in html
    assert "<img src=x" not in html


class TestMarkdownIsSanitised:
    def test_published_page(self, people):
        minutes = minutes_in("published", by=people.team, body=PAYLOAD, summary=PAYLOAD)
        response = client_for(None).get(minutes.get_absolute_url())
        assert response.status_code == 200
        assert "Avant" in text_of(response)
        _assert_clean(text_of(response))
        assert "onerror" not in text_of(response)  # nh3 drops them, not just escapes
        assert "javascript:" not in text_of(response)
        _assert_clean(text_of(client_for(None).get(reverse("minutes:reading_room"))))
        version = reverse("minutes:version", kwargs={"pk": minutes.pk, "number": 1})
        _assert_clean(text_of(client_for(None).get(version)))

    def test_working_copy_and_comments(self, people):
        minutes = minutes_in("in_review", by=people.team, body=PAYLOAD, summary=PAYLOAD)
        minutes_comment(minutes=minutes, by=people.reviewer, text=PAYLOAD)
        response = client_for(people.team).get(minutes.get_absolute_url())
        assert "Avant" in text_of(response)
        _assert_clean(text_of(response))


# ------------------------------------------------------------------------------- COPIL pages
class TestCopilPages:
    def test_session_page_offers_to_start_then_shows_status_then_the_link(self, people):
        meeting = held_meeting()
        url = meeting.get_absolute_url()
        assert "Rédiger le compte rendu" in text_of(client_for(people.team).get(url))
        assert "Rédiger le compte rendu" in text_of(client_for(people.secretary).get(url))
        public_view = text_of(client_for(people.stakeholder).get(url))
        assert "Rédiger le compte rendu" not in public_view
        assert "pas encore publié" in public_view

        minutes = minutes_in("in_review", by=people.team, meeting=meeting)
        team_view = text_of(client_for(people.team).get(url))
        assert 'data-minutes-status="in_review"' in team_view
        assert "Rédiger le compte rendu" not in team_view
        assert 'data-minutes-status="in_review"' in text_of(client_for(people.reviewer).get(url))
        assert "data-minutes-status" not in text_of(client_for(people.stakeholder).get(url))

        minutes_publish(minutes=minutes, by=people.team)
        public_view = text_of(client_for(people.stakeholder).get(url))
        assert "Lire le compte rendu" in public_view
        assert minutes.get_absolute_url() in public_view

    def test_copil_index_lists_the_minutes_the_viewer_may_read(self, people):
        minutes_in("published", by=people.team, meeting=held_meeting(title="Séance ouverte"))
        minutes_in(
            "published",
            by=people.team,
            meeting=held_meeting(title="Séance des membres"),
            visibility=Minutes.Visibility.MEMBERS,
        )
        minutes_in("in_review", by=people.team, meeting=held_meeting(title="Séance en cours"))

        def listed(user):
            overview = client_for(user).get(reverse("copil:index")).context["overview"]
            return {row.meeting.title for row in overview.minutes}

        assert listed(None) == {"Séance ouverte"}
        assert listed(people.stakeholder) == {"Séance ouverte"}
        assert listed(people.elected) == {"Séance ouverte", "Séance des membres"}
        assert listed(people.team) == {"Séance ouverte", "Séance des membres"}


# ------------------------------------------------------------------------------- query counts
def _published_world(size: int, *, team, viewer, start: int = 0):
    """`size` more published minutes: public and members-only, some corrected, some read, PDFs,
    each with decisions, action items, participants and comments."""
    for index in range(start, start + size):
        meeting = held_meeting(title=f"Séance {index}", days_ago=index + 1)
        for _ in range(2):
            ParticipationFactory(
                meeting=meeting,
                user=UserFactory(organisation=OrganisationFactory()),
                status=Participation.Status.ATTENDING,
                attended=True,
            )
        minutes = minutes_in(
            "in_review",
            by=team,
            meeting=meeting,
            visibility=[Minutes.Visibility.PUBLIC, Minutes.Visibility.MEMBERS][index % 2],
        )
        minutes_publish(minutes=minutes, by=team)
        if index % 3 == 0:
            minutes_start_correction(minutes=minutes, by=team)
            minutes_submit(minutes=minutes, by=team)
            minutes_publish(minutes=minutes, by=team, erratum="Correction.")
        if index % 4 == 0:
            Document.objects.filter(minutes_version__minutes=minutes).update(
                status=Document.Status.READY
            )
        if viewer is not None and index % 5 == 0:
            MinutesRead.objects.create(minutes=minutes, user=viewer, version=1)


def _count(client, url, **params) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(queries)


READING_ROOM_MAX_QUERIES = 10
MINUTES_PAGE_MAX_QUERIES = 20


@pytest.mark.parametrize("who", ["anonymous", "elected", "team"])
def test_reading_room_query_count_does_not_grow(people, who):
    viewer = {"anonymous": None, "elected": people.elected, "team": people.team}[who]
    client = client_for(viewer)
    url = reverse("minutes:reading_room")
    _published_world(3, team=people.team, viewer=viewer)
    small = _count(client, url)
    small_search = _count(client, url, q="plan", body=copil().pk)
    _published_world(27, team=people.team, viewer=viewer, start=3)
    large = _count(client, url)
    assert small == large <= READING_ROOM_MAX_QUERIES
    assert small_search == _count(client, url, q="plan", body=copil().pk)
    assert len(client.get(url).context["rows"]) == (20 if who != "anonymous" else 15)


def _rich_minutes(size: int, *, team, elected) -> Minutes:
    meeting = held_meeting(title=f"Séance riche {size}")
    for _ in range(size):
        ParticipationFactory(
            meeting=meeting,
            user=UserFactory(organisation=OrganisationFactory()),
            status=Participation.Status.ATTENDING,
            attended=True,
        )
    actions = [PriorityActionFactory() for _ in range(2)]
    minutes = minutes_start(meeting=meeting, by=team)
    from apps.minutes.services import ActionItemEntry, DecisionEntry

    minutes = minutes_save(
        minutes=minutes,
        by=team,
        base_revision=minutes.revision,
        summary="Résumé",
        body="Texte",
        decisions=[
            DecisionEntry(text=f"Décision {i}", priority_action_ids=tuple(a.pk for a in actions))
            for i in range(size)
        ],
        action_items=[
            ActionItemEntry(what=f"Action {i}", owner_id=elected.pk, due_date=timezone.localdate())
            for i in range(size)
        ],
    )
    for _ in range(size):
        minutes = minutes_submit(minutes=minutes, by=team)
        minutes_comment(minutes=minutes, by=team, text="Remarque")
        minutes_publish(
            minutes=minutes, by=team, erratum="Correction." if minutes.versions.exists() else ""
        )
        minutes_start_correction(minutes=minutes, by=team)
        minutes = Minutes.objects.get(pk=minutes.pk)
    minutes_submit(minutes=minutes, by=team)
    return Minutes.objects.get(pk=minutes.pk)


@pytest.mark.parametrize("who", ["anonymous", "elected", "reviewer", "team"])
def test_minutes_page_query_count_does_not_grow(people, who):
    viewer = {
        "anonymous": None,
        "elected": people.elected,
        "reviewer": people.reviewer,
        "team": people.team,
    }[who]
    counts = []
    for size in (3, 30):
        minutes = _rich_minutes(size, team=people.team, elected=people.elected)
        assert minutes.versions.count() == size
        counts.append(_count(client_for(viewer), minutes.get_absolute_url()))
        version = reverse("minutes:version", kwargs={"pk": minutes.pk, "number": 1})
        counts.append(_count(client_for(viewer), version))
    assert counts[0] == counts[2] <= MINUTES_PAGE_MAX_QUERIES
    assert counts[1] == counts[3] <= MINUTES_PAGE_MAX_QUERIES


def test_edit_page_query_count_does_not_grow(people):
    counts = []
    for size in (3, 30):
        minutes = _rich_minutes(size, team=people.team, elected=people.elected)
        counts.append(
            _count(client_for(people.team), reverse("minutes:edit", kwargs={"pk": minutes.pk}))
        )
    assert counts[0] == counts[1] <= MINUTES_PAGE_MAX_QUERIES


@pytest.mark.parametrize("who", ["anonymous", "elected", "team"])
def test_copil_pages_query_count_does_not_grow_with_minutes(people, who):
    viewer = {"anonymous": None, "elected": people.elected, "team": people.team}[who]
    client = client_for(viewer)
    _published_world(3, team=people.team, viewer=viewer)
    session = Meeting.objects.get(title="Séance 1").get_absolute_url()
    small = (_count(client, reverse("copil:index")), _count(client, session))
    _published_world(27, team=people.team, viewer=viewer, start=3)
    large = (_count(client, reverse("copil:index")), _count(client, session))
    assert small == large
    assert large[0] <= 12 and large[1] <= 9


def test_reading_room_body_filter_lists_one_year_of_working_groups(people):
    """The body filter is bounded: the permanent bodies and the working groups of the chosen
    year (by default the latest with minutes); a group asked for by address stays chosen."""
    this_year = timezone.localdate().year
    old, recent = this_year - 3, this_year
    groups = {}
    for year in (old, recent):
        body = Body.objects.create(
            kind=Body.Kind.WORKING_GROUP, name=f"Groupe mer {year}", slug=f"mer-{year}", year=year
        )
        groups[year] = body
        days_ago = (timezone.localdate() - date(year, 6, 15)).days if year == old else 7
        meeting = held_meeting(days_ago=days_ago, body=body, title=f"Atelier mer {year}")
        minutes = minutes_in("in_review", by=people.team, meeting=meeting)
        minutes_publish(minutes=minutes, by=people.team)
    minutes_publish(minutes=minutes_in("in_review", by=people.team), by=people.team)
    client = client_for(None)
    url = reverse("minutes:reading_room")

    def listed(**params):
        form = client.get(url, params).context["form"]
        return {name for _pk, name in form.fields["body"].choices}

    default = listed()
    assert {copil().name, f"Groupe mer {recent}"} <= default
    assert f"Groupe mer {old}" not in default
    assert f"Groupe mer {old}" in listed(year=old)
    assert f"Groupe mer {recent}" not in listed(year=old)
    by_address = client.get(url, {"body": groups[old].pk})
    assert [row.minutes.meeting.body for row in by_address.context["rows"]] == [groups[old]]
    assert client.get(url, {"body": "99999999999999999999", "year": "x"}).status_code == 200

    # The choices are cached for anonymous visitors: a new publication shows at once.
    late = Body.objects.create(
        kind=Body.Kind.WORKING_GROUP, name="Groupe tardif", slug="tardif", year=recent
    )
    meeting = held_meeting(body=late, title="Atelier tardif")
    minutes_publish(
        minutes=minutes_in("in_review", by=people.team, meeting=meeting), by=people.team
    )
    assert "Groupe tardif" in listed()
