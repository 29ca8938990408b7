"""State changes of online participation: calls, online contributions, comments, ballots,
prioritisations and proposals to the COPIL. Keyword-only, atomic; refusals are ValidationErrors
in French; the signals of `signals.py` are sent inside the transaction."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.slugs import unique_slug
from apps.governance.models import AgendaItem, Meeting, Membership, Participation
from apps.strategy import services as strategy_services
from apps.strategy.models import Contribution, PriorityAction, Support

from . import signals
from .models import Ballot, BallotPoints, Call, Comment, CommentReport, Prioritisation, Proposal

EDIT_WINDOW = timedelta(minutes=15)
MAX_COMMENT_LENGTH = 3000
RESERVED_SLUGS = {"nouveau", "nouvelle"}


# ------------------------------------------------------------------------------------ calls
@transaction.atomic
def call_create(
    *,
    by,
    title: str,
    question: str,
    opens_at,
    closes_at,
    objective=None,
    challenge=None,
    filiere=None,
    body=None,
) -> Call:
    title = " ".join((title or "").split())
    if not title:
        raise ValidationError({"title": _("Donnez un titre à l'appel.")})
    if not (question or "").strip():
        raise ValidationError({"question": _("Posez la question à laquelle répondre.")})
    if objective is None and challenge is None and filiere is None:
        raise ValidationError(
            {"objective": _("Rattachez l'appel à un objectif, un défi ou une filière.")}
        )
    if closes_at <= opens_at:
        raise ValidationError({"closes_at": _("La clôture doit suivre l'ouverture.")})
    call = Call(
        title=title,
        slug=unique_slug(Call.objects.all(), title, reserved=RESERVED_SLUGS, fallback="appel"),
        question=question.strip(),
        opens_at=opens_at,
        closes_at=closes_at,
        objective=objective,
        challenge=challenge,
        filiere=filiere,
        body=body,
        created_by=by,
    )
    call.full_clean()
    call.save()
    signals.call_opened.send(sender=Call, call=call)
    return call


def may_take_part(user, call) -> bool:
    if not user.is_authenticated:
        return False
    if call.body_id is None:
        return True
    return Membership.objects.active().filter(user=user, body_id=call.body_id).exists()


@transaction.atomic
def call_contribute(
    *,
    call: Call,
    author,
    type: str,
    text: str,
    objectives=(),
    filieres=(),
    challenges=(),
    target_publics=(),
) -> Contribution:
    """A participant's online contribution to an open call: strategy's typed contribution."""
    call = Call.objects.select_for_update().get(pk=call.pk)
    now = timezone.now()
    if now < call.opens_at:
        raise ValidationError(_("Cet appel n'est pas encore ouvert aux contributions."))
    if now >= call.closes_at:
        raise ValidationError(
            _("Cet appel est clos depuis le %(date)s : il n'accepte plus de contributions.")
            % {"date": timezone.localtime(call.closes_at).strftime("%d/%m/%Y")}
        )
    if not may_take_part(author, call):
        raise ValidationError(_("Cet appel est réservé aux membres de son groupe de travail."))
    # The call's theme is always part of what the contribution is tied to.
    objectives = list(objectives) or ([call.objective] if call.objective_id else [])
    challenges = list(challenges) or ([call.challenge] if call.challenge_id else [])
    filieres = list(filieres) or ([call.filiere] if call.filiere_id else [])
    return strategy_services.contribution_create_online(
        source=call,
        author=author,
        type=type,
        text=text,
        objectives=objectives,
        filieres=filieres,
        challenges=challenges,
        target_publics=list(target_publics),
        restricted_to=call.body,
    )


# --------------------------------------------------------------------------------- comments
def _clean_text(text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Le commentaire est vide : écrivez quelques mots.")})
    if len(text) > MAX_COMMENT_LENGTH:
        raise ValidationError(
            {
                "text": _("Le commentaire dépasse %(max)d caractères : raccourcissez-le.")
                % {"max": MAX_COMMENT_LENGTH}
            }
        )
    return text


@transaction.atomic
def comment_post(
    *, author, text: str, contribution=None, action=None, parent: Comment | None = None
) -> Comment:
    """A comment on a contribution or an action, or a reply to a comment (one level)."""
    from .visibility import can_view_contribution

    if not author.is_authenticated:
        raise ValidationError(_("Connectez-vous pour commenter."))
    text = _clean_text(text)
    if parent is not None:
        if parent.parent_id is not None:
            raise ValidationError(_("On répond à un commentaire, pas à une réponse."))
        if parent.is_hidden:
            raise ValidationError(_("Ce commentaire est masqué : on ne peut plus y répondre."))
        contribution, action = parent.contribution, parent.action
    if (contribution is None) == (action is None):
        raise ValidationError(_("Commentez une contribution ou une action."))
    if contribution is not None:
        contribution = Contribution.objects.select_for_update().get(pk=contribution.pk)
        if contribution.is_hidden:
            raise ValidationError(
                _("Cette contribution est masquée : on ne peut pas la commenter.")
            )
        if not can_view_contribution(author, contribution):
            raise ValidationError(_("Vous ne pouvez pas commenter cette contribution."))
    comment = Comment(
        contribution=contribution, action=action, parent=parent, author=author, text=text
    )
    comment.full_clean()
    comment.save()
    signals.comment_posted.send(sender=Comment, comment=comment)
    return comment


def may_edit(user, comment, now=None) -> bool:
    now = now or timezone.now()
    return (
        user.is_authenticated
        and comment.author_id == user.pk
        and not comment.is_hidden
        and now - comment.created_at <= EDIT_WINDOW
    )


@transaction.atomic
def comment_edit(*, comment: Comment, by, text: str) -> Comment:
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    if comment.author_id != by.pk:
        raise ValidationError(_("Seul·e l'auteur·rice peut modifier ce commentaire."))
    if not may_edit(by, comment):
        raise ValidationError(
            _("Un commentaire se modifie dans les %(minutes)d minutes qui suivent sa publication.")
            % {"minutes": EDIT_WINDOW.seconds // 60}
        )
    comment.text = _clean_text(text)
    comment.edited_at = timezone.now()
    comment.full_clean()
    comment.save(update_fields=["text", "edited_at"])
    return comment


def comment_report(*, comment: Comment, by, reason: str) -> CommentReport:
    reason = " ".join((reason or "").split())
    if not reason:
        raise ValidationError({"reason": _("Dites en quelques mots ce qui pose problème.")})
    if comment.is_hidden:
        raise ValidationError(_("Ce commentaire est déjà masqué."))
    try:
        with transaction.atomic():
            return CommentReport.objects.create(comment=comment, user=by, reason=reason[:300])
    except IntegrityError:
        raise ValidationError(_("Vous avez déjà signalé ce commentaire.")) from None


@transaction.atomic
def comment_hide(*, comment: Comment, by, reason: str) -> Comment:
    reason = " ".join((reason or "").split())
    if not reason:
        raise ValidationError({"reason": _("Indiquez le motif du masquage.")})
    comment.is_hidden = True
    comment.hidden_reason = reason[:300]
    comment.hidden_by = by
    comment.hidden_at = timezone.now()
    comment.save(update_fields=["is_hidden", "hidden_reason", "hidden_by", "hidden_at"])
    CommentReport.objects.filter(comment=comment, resolved_at=None).update(
        resolved_at=timezone.now()
    )
    return comment


# --------------------------------------------------------------------------- prioritisation
MAX_RANKED = 20  # beyond, ranking every action asks too much of a person: points instead


@transaction.atomic
def prioritisation_create(
    *,
    by,
    title: str,
    actions,
    opens_at,
    closes_at,
    points: int = 10,
    method: str = Prioritisation.Method.POINTS,
    description: str = "",
    live_results: bool = False,
    meeting=None,
) -> Prioritisation:
    title = " ".join((title or "").split())
    actions = list(actions)
    if not title:
        raise ValidationError({"title": _("Donnez un titre à la priorisation.")})
    if len(actions) < 2:
        raise ValidationError({"actions": _("Choisissez au moins deux actions à prioriser.")})
    if closes_at <= opens_at:
        raise ValidationError({"closes_at": _("La clôture doit suivre l'ouverture.")})
    if method not in Prioritisation.Method.values:
        raise ValidationError(
            {"method": _("Choisissez la répartition de points ou le classement.")}
        )
    if method == Prioritisation.Method.RANKING:
        if len(actions) > MAX_RANKED:
            raise ValidationError(
                {"actions": _("Un classement porte sur %(n)d actions au plus : au-delà, "
                              "préférez la répartition de points.") % {"n": MAX_RANKED}}
            )  # fmt: skip
        points = points or 10  # unused by a ranking
    elif not 1 <= (points or 0) <= 100:
        raise ValidationError({"points": _("Chaque personne répartit entre 1 et 100 points.")})
    prioritisation = Prioritisation(
        title=title,
        slug=unique_slug(
            Prioritisation.objects.all(), title, reserved=RESERVED_SLUGS, fallback="priorisation"
        ),
        description=(description or "").strip(),
        opens_at=opens_at,
        closes_at=closes_at,
        points=points,
        method=method,
        live_results=live_results,
        meeting=meeting,
        created_by=by,
    )
    prioritisation.full_clean()
    prioritisation.save()
    prioritisation.actions.set(actions)
    return prioritisation


def may_vote(user, prioritisation) -> bool:
    """Signed in; in live mode (a plenary), checked in at that meeting."""
    if not user.is_authenticated:
        return False
    if prioritisation.meeting_id is None:
        return True
    return Participation.objects.filter(
        meeting_id=prioritisation.meeting_id, user=user, attended=True
    ).exists()


def ranking_points(ranks: dict[int, int], count: int) -> dict[int, int]:
    """{action id: rank} → {action id: points} by the Borda count over `count` actions: the
    first gets `count` points, the next one less… Ranks keep their order but not their gaps
    (ranks 1, 2 and 5 are the first three places)."""
    ordered = sorted(ranks, key=lambda action_id: ranks[action_id])
    return {action_id: count - place for place, action_id in enumerate(ordered)}


def ranking_budget(count: int) -> int:
    return count * (count + 1) // 2


def _clean_ranks(ranks: dict, allowed: set, count: int) -> dict[int, int]:
    clean: dict[int, int] = {}
    for action_id, rank in ranks.items():
        if action_id not in allowed:
            raise ValidationError(_("Une des actions ne fait pas partie de cette priorisation."))
        if rank is None:
            continue
        if not 1 <= rank <= count:
            raise ValidationError(
                _("Un rang va de 1 à %(n)d (reçu : %(rank)d).") % {"n": count, "rank": rank}
            )
        if rank in clean.values():
            raise ValidationError(
                _("Deux actions ont le rang %(rank)d : chaque rang ne sert qu'une fois.")
                % {"rank": rank}
            )
        clean[action_id] = rank
    return clean


def ballot_submit(
    *, prioritisation: Prioritisation, user, points: dict | None = None, ranks: dict | None = None
) -> Ballot:
    """Record (or replace) `user`'s ballot: a distribution of points {action id: points}, or
    for a ranking {action id: rank} (stored as Borda points, see Prioritisation).

    One ballot per person (unique constraint; two simultaneous first submissions: one insert
    wins, the other updates the same row), never over the budget (the ballot row is locked while
    its lines are replaced, and a check constraint on the row's total)."""
    if not user.is_authenticated:
        raise ValidationError(_("Connectez-vous pour voter."))
    if not prioritisation.is_open():
        if prioritisation.is_closed():
            raise ValidationError(_("Cette priorisation est close : le vote n'est plus possible."))
        raise ValidationError(_("Cette priorisation n'est pas encore ouverte."))
    if not may_vote(user, prioritisation):
        raise ValidationError(
            _("Ce vote a lieu en séance : seules les personnes émargées à la réunion votent.")
        )
    allowed = set(prioritisation.actions.values_list("pk", flat=True))
    if prioritisation.is_ranking:
        if ranks is None:
            raise ValidationError(_("Ce vote est un classement : indiquez un rang par action."))
        clean = ranking_points(_clean_ranks(ranks, allowed, len(allowed)), len(allowed))
        return _submit(prioritisation, user, clean, ranking_budget(len(allowed)))
    if points is None:
        raise ValidationError(_("Ce vote est une répartition de points : indiquez des points."))
    clean: dict[int, int] = {}
    for action_id, value in points.items():
        if action_id not in allowed:
            raise ValidationError(_("Une des actions ne fait pas partie de cette priorisation."))
        if value is None:
            continue
        if value < 0:
            raise ValidationError(_("Les points ne peuvent pas être négatifs."))
        if value:
            clean[action_id] = value
    total = sum(clean.values())
    if total > prioritisation.points:
        raise ValidationError(
            _(
                "Vous avez réparti %(total)d points, pour %(budget)d disponibles : "
                "retirez-en %(over)d."
            )
            % {
                "total": total,
                "budget": prioritisation.points,
                "over": total - prioritisation.points,
            }
        )
    return _submit(prioritisation, user, clean, prioritisation.points)


def _submit(prioritisation, user, clean: dict[int, int], budget: int) -> Ballot:
    for _attempt in range(2):
        try:
            with transaction.atomic():
                return _write_ballot(prioritisation, user, clean, sum(clean.values()), budget)
        except IntegrityError:
            continue  # a simultaneous first submission created the row: update it instead
    raise ValidationError(_("Votre vote n'a pas pu être enregistré : réessayez."))


def _write_ballot(prioritisation, user, clean, total, budget) -> Ballot:
    # Lock the prioritisation row (shared with a close) so that no vote lands after the close.
    locked = Prioritisation.objects.select_for_update().get(pk=prioritisation.pk)
    if not locked.is_open():
        raise ValidationError(_("Cette priorisation est close : le vote n'est plus possible."))
    ballot = Ballot.objects.select_for_update().filter(prioritisation=locked, user=user).first()
    if ballot is None:
        ballot = Ballot.objects.create(
            prioritisation=locked,
            user=user,
            budget=budget,
            total=total,
            territory_id=user.territory_id,
            actor_category_id=user.actor_category_id,
        )
    else:
        ballot.total = total
        ballot.budget = budget
        ballot.save(update_fields=["total", "budget", "updated_at"])
        ballot.lines.all().delete()
    BallotPoints.objects.bulk_create(
        [BallotPoints(ballot=ballot, action_id=a, points=p) for a, p in clean.items()]
    )
    return ballot


@transaction.atomic
def prioritisation_close(*, prioritisation: Prioritisation, by) -> Prioritisation:
    prioritisation = Prioritisation.objects.select_for_update().get(pk=prioritisation.pk)
    if prioritisation.closed_at is not None:
        raise ValidationError(_("Cette priorisation est déjà close."))
    prioritisation.closed_at = timezone.now()
    prioritisation.save(update_fields=["closed_at"])
    signals.prioritisation_closed.send(sender=Prioritisation, prioritisation=prioritisation)
    return prioritisation


# ------------------------------------------------------------------------------- proposals
def next_copil_session():
    return (
        Meeting.objects.filter(
            kind=Meeting.Kind.COPIL,
            status=Meeting.Status.SCHEDULED,
            start__gte=timezone.now(),
        )
        .order_by("start")
        .first()
    )


def prepared_file(*, action: PriorityAction) -> dict:
    """The figures the COPIL is shown, frozen in the proposal: origins, supports, points."""
    from .selectors import action_figures

    return action_figures(action=action)


@transaction.atomic
def proposal_create(
    *, action: PriorityAction, meeting, by, reason: str, note: str = ""
) -> Proposal:
    """Put an action on a COPIL session's agenda with its prepared file."""
    if meeting is None:
        raise ValidationError({"meeting": _("Aucune séance du COPIL n'est programmée.")})
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.kind != Meeting.Kind.COPIL:
        raise ValidationError({"meeting": _("Une action se propose à une séance du COPIL.")})
    if meeting.status != Meeting.Status.SCHEDULED or meeting.start < timezone.now():
        raise ValidationError(
            {"meeting": _("Cette séance du COPIL n'est plus à venir : choisissez la prochaine.")}
        )
    if Proposal.objects.filter(action=action, meeting=meeting).exists():
        raise ValidationError(_("Cette action est déjà à l'ordre du jour de cette séance."))
    if reason not in Proposal.Reason.values:
        raise ValidationError({"reason": _("Choisissez l'origine de la proposition.")})
    proposal = Proposal.objects.create(
        action=action,
        meeting=meeting,
        reason=reason,
        note=(note or "").strip(),
        file=prepared_file(action=action),
        proposed_by=by,
    )
    proposal_put_on_agenda(proposal=proposal)
    signals.action_proposed.send(sender=Proposal, proposal=proposal)
    return proposal


@transaction.atomic
def proposal_put_on_agenda(*, proposal: Proposal) -> AgendaItem:
    """The proposal's item at the end of its session's agenda (again, if the item was removed
    while the session was being prepared)."""
    if proposal.agenda_item_id is not None:
        return proposal.agenda_item
    meeting = proposal.meeting
    position = (meeting.agenda_items.aggregate(m=Max("position"))["m"] or 0) + 1
    item = AgendaItem.objects.create(
        meeting=meeting,
        position=position,
        title=_("Action proposée : %(title)s") % {"title": proposal.action.title},
        description=proposal.note
        or _("Dossier préparé : origine, soutiens et priorisation de l'action."),
        presenter=_("Comité technique")
        if proposal.reason == Proposal.Reason.TECHNICAL_COMMITTEE
        else _("Équipe projet"),
    )
    proposal.agenda_item = item
    proposal.save(update_fields=["agenda_item"])
    return item


def actions_over_threshold(*, min_supports: int = 0, min_points: int = 0) -> list[PriorityAction]:
    """Actions not yet decided whose origin contributions gathered `min_supports` supports,
    or which gathered `min_points` points in closed prioritisations."""
    from django.db.models import Count, OuterRef, Subquery
    from django.db.models.functions import Coalesce

    supports = (
        Support.objects.filter(contribution__actions=OuterRef("pk"), contribution__is_hidden=False)
        .order_by()
        .values("contribution__actions")
        .annotate(n=Count("pk"))
        .values("n")
    )
    points = (
        BallotPoints.objects.filter(
            action=OuterRef("pk"), ballot__prioritisation__closed_at__isnull=False
        )
        .order_by()
        .values("action")
        .annotate(n=Sum("points"))
        .values("n")
    )
    actions = PriorityAction.objects.filter(status=PriorityAction.Status.PROPOSED).annotate(
        supports=Coalesce(Subquery(supports), 0), points=Coalesce(Subquery(points), 0)
    )
    result = []
    for action in actions:
        if (min_supports and action.supports >= min_supports) or (
            min_points and action.points >= min_points
        ):
            result.append(action)
    return result


@transaction.atomic
def proposals_from_threshold(*, meeting, by, min_supports: int = 0, min_points: int = 0):
    """Propose every action past the threshold the team sets (those already on that
    session's agenda are skipped)."""
    if not min_supports and not min_points:
        raise ValidationError(_("Fixez un seuil de soutiens ou de points."))
    if min_supports < 0 or min_points < 0:
        raise ValidationError(_("Un seuil ne peut pas être négatif."))
    already = set(Proposal.objects.filter(meeting=meeting).values_list("action_id", flat=True))
    return [
        proposal_create(action=action, meeting=meeting, by=by, reason=Proposal.Reason.THRESHOLD)
        for action in actions_over_threshold(min_supports=min_supports, min_points=min_points)
        if action.pk not in already
    ]


@transaction.atomic
def decisions_apply(*, minutes, by=None) -> list[Proposal]:
    """Published minutes of a COPIL session: each Decision about an action proposed to that
    session closes the loop — the proposal records it. (The action's status follows the
    decision's stated outcome: the minutes apply it at publication.)"""
    decided = []
    proposals = {
        p.action_id: p
        for p in Proposal.objects.select_for_update()
        .select_related("action")
        .filter(meeting_id=minutes.meeting_id)
    }
    if not proposals:
        return decided
    for decision in minutes.decisions.prefetch_related("priority_actions"):
        for action in decision.priority_actions.all():
            proposal = proposals.get(action.pk)
            if proposal is None or proposal.decision_id == decision.pk:
                continue
            proposal.decision = decision
            proposal.decision_text = decision.text
            proposal.status = Proposal.Status.DECIDED
            proposal.decided_at = timezone.now()
            proposal.save(update_fields=["decision", "decision_text", "status", "decided_at"])
            signals.proposal_decided.send(sender=Proposal, proposal=proposal, decision=decision)
            decided.append(proposal)
    return decided
