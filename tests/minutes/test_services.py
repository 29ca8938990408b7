"""Minutes workflow services: revisions and conflicts, review, publication, corrections."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from apps.governance.models import Meeting, Membership, Participation
from apps.minutes import services as svc
from apps.minutes.models import Minutes, MinutesVersion
from tests.accounts.factories import UserFactory
from tests.governance.helpers import add_member, copil, schedule
from tests.stakeholders.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def lead():
    return UserFactory(role="equipe-projet")


@pytest.fixture
def run_on_commit(django_capture_on_commit_callbacks):
    def run(function, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return function(**kwargs)

    return run


@pytest.fixture
def held(lead):
    """A COPIL session that took place, with an agenda and answers."""
    meeting = schedule(by=lead, agenda=["Bilan", "Budget 2027"], title="COPIL d'automne")
    Meeting.objects.filter(pk=meeting.pk).update(
        status=Meeting.Status.HELD,
        start=timezone.now() - timedelta(days=3, hours=2),
        end=timezone.now() - timedelta(days=3),
    )
    meeting.refresh_from_db()
    return meeting


def _ready_for_review(minutes, lead, **fields):
    minutes = svc.minutes_save(
        minutes=minutes, by=lead, base_revision=minutes.revision,
        summary=fields.get("summary", "Séance d'automne."),
        body=fields.get("body", "## Bilan\n\nLe bilan est approuvé."),
        decisions=fields.get("decisions", [svc.DecisionEntry(text="Le bilan 2026 est approuvé.")]),
        action_items=fields.get("action_items", []),
    )  # fmt: skip
    return svc.minutes_submit(minutes=minutes, by=lead)


class TestStartAndSave:
    def test_start_once_with_a_section_per_agenda_item(self, held, lead):
        minutes = svc.minutes_start(meeting=held, by=lead)
        assert minutes.status == Minutes.Status.DRAFT and minutes.revision == 0
        assert "## Bilan" in minutes.body and "## Budget 2027" in minutes.body
        assert svc.minutes_start(meeting=held, by=lead) == minutes

    def test_no_minutes_for_a_draft_meeting(self, lead):
        with pytest.raises(ValidationError):
            svc.minutes_start(meeting=schedule(by=lead), by=lead)

    def test_each_save_is_a_revision_with_decisions_and_actions(self, held, lead):
        minutes = svc.minutes_start(meeting=held, by=lead)
        item = held.agenda_items.get(title="Budget 2027")
        owner = UserFactory()
        minutes = svc.minutes_save(
            minutes=minutes, by=lead, base_revision=0, summary="Résumé", body="Texte",
            decisions=[svc.DecisionEntry(text="Budget voté", agenda_item_id=item.pk)],
            action_items=[
                svc.ActionItemEntry(what="Envoyer le budget", owner_id=owner.pk,
                                    due_date=timezone.localdate() + timedelta(days=30)),
                svc.ActionItemEntry(what="Lancer l'appel à projets",
                                    owner_organisation_id=OrganisationFactory().pk),
            ],
        )  # fmt: skip
        assert minutes.revision == 1
        assert [r.number for r in minutes.revisions.all()] == [1, 0]
        assert minutes.decisions.get().agenda_item == item
        assert [a.what for a in minutes.action_items.all()] == [
            "Envoyer le budget",
            "Lancer l'appel à projets",
        ]

    def test_saving_over_someone_elses_revision_fails_and_keeps_theirs(self, held, lead):
        colleague = UserFactory(role="equipe-projet", first_name="Morgane", last_name="Riou")
        minutes = svc.minutes_start(meeting=held, by=lead)
        svc.minutes_save(
            minutes=minutes, by=colleague, base_revision=0, summary="", body="Version de Morgane"
        )
        with pytest.raises(svc.MinutesConflict) as error:
            svc.minutes_save(
                minutes=minutes, by=lead, base_revision=0, summary="", body="Ma version"
            )
        assert "modifié entre-temps" in str(error.value) and "Morgane Riou" in str(error.value)
        minutes.refresh_from_db()
        assert minutes.body == "Version de Morgane" and minutes.revision == 1

    def test_action_item_needs_an_owner(self, held, lead):
        minutes = svc.minutes_start(meeting=held, by=lead)
        with pytest.raises(ValidationError, match="responsable"):
            svc.minutes_save(
                minutes=minutes, by=lead, base_revision=0, summary="", body="x",
                action_items=[svc.ActionItemEntry(what="Sans responsable")],
            )  # fmt: skip
        minutes.refresh_from_db()
        assert minutes.revision == 0 and not minutes.action_items.exists()

    def test_decision_on_another_meetings_agenda_item_is_refused(self, held, lead):
        other = schedule(by=lead, agenda=["Autre point"])
        minutes = svc.minutes_start(meeting=held, by=lead)
        with pytest.raises(ValidationError):
            svc.minutes_save(
                minutes=minutes, by=lead, base_revision=0, summary="", body="x",
                decisions=[svc.DecisionEntry(text="D", agenda_item_id=other.agenda_items.get().pk)],
            )  # fmt: skip


class TestWorkflow:
    def test_submit_notifies_the_technical_committee_for_copil_minutes(
        self, held, lead, run_on_commit
    ):
        reviewer = add_member(copil().__class__.objects.get(slug="comite-technique")).user
        minutes = svc.minutes_start(meeting=held, by=lead)
        minutes = svc.minutes_save(minutes=minutes, by=lead, base_revision=0, summary="", body="x")
        run_on_commit(svc.minutes_submit, minutes=minutes, by=lead)
        minutes.refresh_from_db()
        assert minutes.status == Minutes.Status.IN_REVIEW
        assert [m.to for m in mail.outbox] == [[reviewer.email]]
        assert "relire" in mail.outbox[0].subject
        assert list(svc.reviewers_of(minutes)) == [reviewer]

    def test_empty_minutes_cannot_be_submitted(self, held, lead):
        minutes = svc.minutes_start(meeting=held, by=lead)
        minutes = svc.minutes_save(minutes=minutes, by=lead, base_revision=0, summary="", body="  ")
        with pytest.raises(ValidationError, match="vide"):
            svc.minutes_submit(minutes=minutes, by=lead)

    def test_comments_only_during_review(self, held, lead):
        minutes = svc.minutes_start(meeting=held, by=lead)
        with pytest.raises(ValidationError):
            svc.minutes_comment(minutes=minutes, by=lead, text="Trop tôt")
        minutes = _ready_for_review(minutes, lead)
        comment = svc.minutes_comment(minutes=minutes, by=lead, text="Ajouter le chiffre.")
        assert comment.revision == minutes.revision
        with pytest.raises(ValidationError):
            svc.minutes_comment(minutes=minutes, by=lead, text="   ")

    def test_illegal_transitions(self, held, lead):
        minutes = svc.minutes_start(meeting=held, by=lead)
        with pytest.raises(ValidationError):
            svc.minutes_publish(minutes=minutes, by=lead)  # a draft
        with pytest.raises(ValidationError):
            svc.minutes_back_to_draft(minutes=minutes, by=lead)
        with pytest.raises(ValidationError):
            svc.minutes_start_correction(minutes=minutes, by=lead)
        minutes = _ready_for_review(minutes, lead)
        with pytest.raises(ValidationError):
            svc.minutes_submit(minutes=minutes, by=lead)  # already in review
        svc.minutes_publish(minutes=minutes, by=lead)
        minutes.refresh_from_db()
        with pytest.raises(ValidationError, match="publié"):
            svc.minutes_save(
                minutes=minutes, by=lead, base_revision=minutes.revision, summary="", body="x"
            )
        with pytest.raises(ValidationError):
            svc.minutes_publish(minutes=minutes, by=lead)

    def test_publish_freezes_a_version_and_notifies_members_elected_first(
        self, held, lead, run_on_commit
    ):
        Participation.objects.create(
            meeting=held, user=UserFactory(first_name="Anna"), status="attending", attended=True
        )
        partner = add_member(
            copil(), UserFactory(last_name="Abgrall"), role=Membership.Role.PARTNER
        ).user
        official = add_member(
            copil(), UserFactory(last_name="Zéro"), role=Membership.Role.ELECTED_OFFICIAL
        ).user
        add_member(copil(), UserFactory(notify_minutes=False))
        minutes = _ready_for_review(svc.minutes_start(meeting=held, by=lead), lead)
        mail.outbox.clear()

        version = run_on_commit(svc.minutes_publish, minutes=minutes, by=lead)

        assert version.number == 1 and version.erratum == ""
        assert version.content["decisions"][0]["text"] == "Le bilan 2026 est approuvé."
        assert version.content["meeting"]["title"] == "COPIL d'automne"
        assert [p["name"] for p in version.content["present"]] == [
            "Anna " + Participation.objects.get(meeting=held).user.last_name
        ]
        assert "Le bilan est approuvé" in version.search_text
        notified = [m.to[0] for m in mail.outbox if "publié" in m.subject]
        assert notified == [
            official.email,
            partner.email,
        ]  # elected officials first, opt-out respected
        assert minutes.get_absolute_url() in mail.outbox[-1].body
        assert not any(m.attachments for m in mail.outbox)  # a link, not an attachment

    def test_a_correction_is_a_new_version_with_an_erratum(self, held, lead):
        minutes = _ready_for_review(svc.minutes_start(meeting=held, by=lead), lead)
        first = svc.minutes_publish(minutes=minutes, by=lead)
        minutes = svc.minutes_start_correction(minutes=minutes, by=lead)
        minutes = _ready_for_review(
            minutes, lead, body="## Bilan\n\nLe bilan est approuvé à l'unanimité."
        )
        with pytest.raises(ValidationError) as error:
            svc.minutes_publish(minutes=minutes, by=lead)
        assert "erratum" in error.value.message_dict
        second = svc.minutes_publish(
            minutes=minutes, by=lead, erratum="Vote à l'unanimité précisé."
        )
        assert second.number == 2 and second.erratum
        first.refresh_from_db()
        assert "unanimité" not in first.body  # earlier versions never change
        assert list(
            MinutesVersion.objects.filter(minutes=minutes).values_list("number", flat=True)
        ) == [2, 1]

    def test_publication_requests_the_pdf_once(self, held, lead, run_on_commit):
        from apps.reports.models import Document

        minutes = _ready_for_review(svc.minutes_start(meeting=held, by=lead), lead)
        version = run_on_commit(svc.minutes_publish, minutes=minutes, by=lead)
        document = Document.objects.get(minutes_version=version)
        assert document.status == Document.Status.READY  # tasks run in-process in tests
        assert document.page_count >= 1 and document.file.name.endswith(".pdf")
