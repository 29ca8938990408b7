"""Demo minutes: published COPIL minutes (one corrected), minutes in review (a workshop) and in
draft (a plenary), decisions (one tied to a priority action) and action items. Runs in phase 1
of `manage.py seed_demo`, once every meeting and action exists. Idempotent: meetings that
already have minutes are left alone. Nothing here emails anyone (`notify=False`): demo
addresses are not real people.
"""

from datetime import timedelta

from django.utils import timezone

from apps.accounts.demo import demo_account_user
from apps.governance.models import Meeting
from apps.stakeholders.models import Organisation
from apps.strategy.models import PriorityAction

from . import services as svc
from .models import Minutes

DEMO_PHASE = 1  # after the meetings, workshops and priority actions of phase 0

BODY_LANCEMENT = """## Accueil et tour de table

La présidente ouvre la séance et rappelle l'ambition : une stratégie d'attractivité construite
**avec** les acteurs de Cornouaille, et non pour eux.

## Diagnostic d'attractivité : premiers enseignements

L'agence présente les premiers résultats : une image forte mais souvent réduite à l'été, des
filières d'excellence (aliment, mer, tourisme) encore peu visibles des talents.

- 72 % des personnes interrogées associent la Cornouaille aux vacances ;
- les entreprises peinent à recruter sur les métiers techniques.

## Gouvernance et calendrier de la démarche

Deux groupes de travail par an, des ateliers ouverts et deux plénières ; le comité technique
prépare chaque séance du COPIL.
"""

BODY_PRIORITES = """## Restitution des ateliers

Les consultants présentent la synthèse des ateliers : 250 contributions, dont une centaine
d'idées d'actions.

## Actions prioritaires 2027

Le COPIL retient dix actions prioritaires. Les élus insistent sur le logement des saisonniers
et l'accueil des nouveaux actifs.

## Questions diverses

Prochaine séance à l'automne.
"""


def _held(slug: str) -> Meeting | None:
    return Meeting.objects.filter(slug=slug).first()


def write_minutes(minutes, lead, *, body, summary, decisions=(), action_items=()):
    return svc.minutes_save(
        minutes=minutes, by=lead, base_revision=minutes.revision, summary=summary, body=body,
        decisions=list(decisions), action_items=list(action_items),
    )  # fmt: skip


def seed_demo_data(**options) -> list[str]:
    lead = demo_account_user(role="equipe-projet")
    facilitator = demo_account_user(role="facilitateur")
    lines = []
    organisation = Organisation.objects.filter(name="Quimper Cornouaille Développement").first()

    lancement = _held("copil-lancement")
    if lancement and not Minutes.objects.filter(meeting=lancement).exists():
        minutes = svc.minutes_start(meeting=lancement, by=lead)
        minutes = write_minutes(
            minutes, lead, body=BODY_LANCEMENT,
            summary="Lancement de la démarche : diagnostic partagé, gouvernance et calendrier.",
            decisions=[
                svc.DecisionEntry(text="La gouvernance de la démarche (COPIL, comité technique, groupes de travail) est adoptée."),
                svc.DecisionEntry(text="Le calendrier 2026-2027 est validé."),
            ],
            action_items=[
                svc.ActionItemEntry(what="Diffuser le diagnostic aux sept EPCI", owner_id=lead.pk,
                                    due_date=(lancement.start + timedelta(days=30)).date(), status="done"),
                svc.ActionItemEntry(what="Constituer les deux premiers groupes de travail",
                                    owner_organisation_id=organisation.pk if organisation else None,
                                    owner_id=None if organisation else lead.pk,
                                    due_date=(lancement.start + timedelta(days=60)).date(), status="done"),
            ],
        )  # fmt: skip
        svc.minutes_submit(minutes=minutes, by=lead, notify=False)
        svc.minutes_publish(minutes=minutes, by=lead, notify=False)
        # A correction: version 2 with its erratum, version 1 kept in the history.
        minutes = svc.minutes_start_correction(minutes=minutes, by=lead)
        minutes = write_minutes(
            minutes, lead, body=BODY_LANCEMENT.replace("72 %", "68 %"),
            summary=minutes.summary,
            decisions=[svc.DecisionEntry(text=d.text) for d in minutes.decisions.all()],
            action_items=[
                svc.ActionItemEntry(what=a.what, owner_id=a.owner_id, owner_organisation_id=a.owner_organisation_id,
                                    due_date=a.due_date, status=a.status)
                for a in minutes.action_items.all()
            ],
        )  # fmt: skip
        svc.minutes_submit(minutes=minutes, by=lead, notify=False)
        svc.minutes_publish(
            minutes=minutes, by=lead, notify=False,
            erratum="Le chiffre du diagnostic est corrigé : 68 % et non 72 %.",
        )  # fmt: skip

    priorites = _held("copil-priorites")
    if priorites and not Minutes.objects.filter(meeting=priorites).exists():
        actions = list(PriorityAction.objects.order_by("pk")[:3])
        item = priorites.agenda_items.filter(position=2).first()
        minutes = svc.minutes_start(meeting=priorites, by=lead)
        minutes = write_minutes(
            minutes, lead, body=BODY_PRIORITES,
            summary="Le COPIL valide les actions prioritaires issues des ateliers.",
            decisions=[
                svc.DecisionEntry(
                    text=f"L'action « {action.title} » est validée comme prioritaire.",
                    agenda_item_id=item.pk if item else None,
                    priority_action_ids=(action.pk,),
                )
                for action in actions
            ],
            action_items=[
                svc.ActionItemEntry(what="Chiffrer les actions prioritaires", owner_id=lead.pk,
                                    due_date=timezone.localdate() + timedelta(days=45)),
            ],
        )  # fmt: skip
        svc.minutes_submit(minutes=minutes, by=lead, notify=False)
        svc.minutes_publish(minutes=minutes, by=lead, notify=False)
    # Minutes in review (a workshop) and in draft (the sharing plenary).
    workshop = (
        Meeting.objects.filter(kind=Meeting.Kind.WORKSHOP, status=Meeting.Status.HELD)
        .order_by("-start")
        .first()
    )
    if workshop and not Minutes.objects.filter(meeting=workshop).exists():
        minutes = svc.minutes_start(meeting=workshop, by=facilitator)
        minutes = write_minutes(
            minutes, facilitator, body="## Ce qui ressort\n\nLes participants décrivent une "
            "image attachante mais saisonnière du territoire.",
            summary="Atelier riche : perceptions et idées d'actions.",
        )  # fmt: skip
        svc.minutes_submit(minutes=minutes, by=facilitator, notify=False)
    plenary = _held("pleniere-partage")
    if plenary and not Minutes.objects.filter(meeting=plenary).exists():
        minutes = svc.minutes_start(meeting=plenary, by=lead)
        write_minutes(minutes, lead, body="## Accueil\n\nÀ compléter.", summary="")

    if options.get("scale"):
        from .demo_history import seed_minutes

        lines.append(f"  Historique : {seed_minutes(lead=lead)} comptes rendus publiés")
    published = Minutes.objects.filter(status=Minutes.Status.PUBLISHED).count()
    lines.append(
        f"  Comptes rendus : {published} publiés (dont un corrigé), un en relecture, un brouillon"
    )
    return lines
