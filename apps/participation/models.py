"""Co-construction between meetings: calls for contributions, comments, prioritisations of the
priority actions, and the proposals that carry an action to the COPIL's agenda and back.

Online contributions are strategy's `Contribution` rows (no meeting, `source` = the call): the
same typed contribution, moderation, supports and traceability as in workshops, never a copy.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Call(models.Model):
    """An « appel à contributions » on an objective, a challenge or a filière."""

    title = models.CharField(_("titre"), max_length=200)
    slug = models.SlugField(_("identifiant"), max_length=120, unique=True)
    question = models.TextField(_("question posée (Markdown)"), max_length=3000)
    objective = models.ForeignKey(
        "strategy.Objective",
        verbose_name=_("objectif"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    challenge = models.ForeignKey(
        "strategy.Challenge",
        verbose_name=_("défi"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    filiere = models.ForeignKey(
        "strategy.Filiere",
        verbose_name=_("filière"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    opens_at = models.DateTimeField(_("ouverture"))
    closes_at = models.DateTimeField(_("clôture"))
    body = models.ForeignKey(
        "governance.Body",
        verbose_name=_("réservé aux membres de"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Vide : toute personne inscrite peut participer."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-opens_at", "-pk"]
        verbose_name = _("appel à contributions")
        verbose_name_plural = _("appels à contributions")
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=F("opens_at")), name="call_closes_after_opening"
            ),
            models.CheckConstraint(
                condition=Q(objective__isnull=False)
                | Q(challenge__isnull=False)
                | Q(filiere__isnull=False),
                name="call_has_a_theme",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("participation:call", kwargs={"slug": self.slug})

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.opens_at <= now < self.closes_at

    @property
    def state(self) -> str:
        now = timezone.now()
        if now < self.opens_at:
            return "upcoming"
        return "open" if now < self.closes_at else "closed"


class Comment(models.Model):
    """A comment on a contribution or on a priority action; one level of replies."""

    contribution = models.ForeignKey(
        "strategy.Contribution",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    action = models.ForeignKey(
        "strategy.PriorityAction",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="replies"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("auteur·rice"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    text = models.TextField(_("commentaire (Markdown)"), max_length=3000)
    created_at = models.DateTimeField(auto_now_add=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    is_hidden = models.BooleanField(_("masqué"), default=False)
    hidden_reason = models.CharField(_("motif du masquage"), max_length=300, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    hidden_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("commentaire")
        verbose_name_plural = _("commentaires")
        indexes = [
            models.Index(fields=["contribution", "created_at"], name="comment_contribution"),
            models.Index(fields=["action", "created_at"], name="comment_action"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(contribution__isnull=False, action__isnull=True)
                | Q(contribution__isnull=True, action__isnull=False),
                name="comment_on_one_thing",
            ),
        ]

    def __str__(self):
        return self.text[:60]

    def get_absolute_url(self):
        return reverse("participation:comment", kwargs={"pk": self.pk})

    @property
    def target(self):
        return self.contribution if self.contribution_id else self.action


class CommentReport(models.Model):
    """« Signaler » : a participant tells the moderators about a comment (once per person)."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="reports")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(_("motif"), max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("signalement")
        verbose_name_plural = _("signalements")
        constraints = [
            models.UniqueConstraint(fields=["comment", "user"], name="comment_report_once"),
        ]

    def __str__(self):
        return self.reason[:60]


class Prioritisation(models.Model):
    """Participants distribute `points` among a set of priority actions, or rank them.

    A ranking is stored as points too (Borda count): among n actions, the one ranked first
    gets n points, the second n − 1… an action left unranked gets none. Results, breakdowns,
    the projection screen and the COPIL threshold then read the same rows whatever the method.
    """

    class Method(models.TextChoices):
        POINTS = "points", _("Répartition de points")
        RANKING = "ranking", _("Classement des actions")

    title = models.CharField(_("titre"), max_length=200)
    slug = models.SlugField(_("identifiant"), max_length=120, unique=True)
    description = models.TextField(_("présentation"), blank=True, max_length=3000)
    actions = models.ManyToManyField(
        "strategy.PriorityAction", verbose_name=_("actions"), related_name="+"
    )
    method = models.CharField(
        _("méthode"), max_length=10, choices=Method.choices, default=Method.POINTS
    )
    points = models.PositiveSmallIntegerField(
        _("points par personne"),
        default=10,
        help_text=_("Pour une répartition de points ; un classement n'en a pas besoin."),
    )
    opens_at = models.DateTimeField(_("ouverture"))
    closes_at = models.DateTimeField(_("clôture"))
    closed_at = models.DateTimeField(_("clôturée le"), null=True, blank=True)
    live_results = models.BooleanField(
        _("résultats en direct"),
        default=False,
        help_text=_("Sinon, les résultats s'affichent à la clôture."),
    )
    meeting = models.ForeignKey(
        "governance.Meeting",
        verbose_name=_("plénière (vote en direct)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Renseignée : seules les personnes émargées à cette réunion votent."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-opens_at", "-pk"]
        verbose_name = _("priorisation")
        verbose_name_plural = _("priorisations")
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=F("opens_at")), name="prioritisation_closes_after"
            ),
            models.CheckConstraint(
                condition=Q(points__gte=1, points__lte=100), name="prioritisation_points_range"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("participation:prioritisation", kwargs={"slug": self.slug})

    def is_closed(self, now=None) -> bool:
        return self.closed_at is not None or (now or timezone.now()) >= self.closes_at

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.opens_at <= now and not self.is_closed(now)

    def results_visible(self) -> bool:
        return self.live_results or self.is_closed()

    @property
    def is_ranking(self) -> bool:
        return self.method == self.Method.RANKING


class Ballot(models.Model):
    """One person's distribution of points: one per person and prioritisation (database)."""

    prioritisation = models.ForeignKey(
        Prioritisation, on_delete=models.CASCADE, related_name="ballots"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    # Copied from the prioritisation, so that the budget is a row constraint (for a ranking of
    # n actions: n + (n − 1) + … + 1, a full ranking).
    budget = models.PositiveSmallIntegerField()
    total = models.PositiveSmallIntegerField(default=0)
    territory = models.ForeignKey(
        "stakeholders.Territory", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor_category = models.ForeignKey(
        "stakeholders.ActorCategory",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("bulletin")
        verbose_name_plural = _("bulletins")
        constraints = [
            models.UniqueConstraint(
                fields=["prioritisation", "user"], name="ballot_one_per_person"
            ),
            models.CheckConstraint(
                condition=Q(total__lte=F("budget")), name="ballot_within_budget"
            ),
        ]

    def __str__(self):
        return f"{self.user} — {self.prioritisation}"


class BallotPoints(models.Model):
    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="lines")
    action = models.ForeignKey(
        "strategy.PriorityAction", on_delete=models.CASCADE, related_name="+"
    )
    points = models.PositiveSmallIntegerField()

    class Meta:
        verbose_name = _("points d'un bulletin")
        verbose_name_plural = _("points des bulletins")
        constraints = [
            models.UniqueConstraint(fields=["ballot", "action"], name="ballot_points_once"),
            models.CheckConstraint(condition=Q(points__gte=1), name="ballot_points_positive"),
        ]

    def __str__(self):
        return f"{self.action_id}: {self.points}"


class Proposal(models.Model):
    """An action proposed for a COPIL session: its prepared file, its agenda item, the
    decision that came back from the minutes."""

    class Reason(models.TextChoices):
        TECHNICAL_COMMITTEE = "technical_committee", _("Proposée par le comité technique")
        THRESHOLD = "threshold", _("Seuil de soutien ou de priorité atteint")

    class Status(models.TextChoices):
        ON_AGENDA = "on_agenda", _("À l'ordre du jour")
        DECIDED = "decided", _("Décidée")

    action = models.ForeignKey(
        "strategy.PriorityAction", on_delete=models.PROTECT, related_name="+"
    )
    meeting = models.ForeignKey(
        "governance.Meeting", verbose_name=_("séance du COPIL"), on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    agenda_item = models.OneToOneField(
        "governance.AgendaItem", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reason = models.CharField(_("origine"), max_length=30, choices=Reason.choices)
    note = models.TextField(_("note de présentation"), blank=True, max_length=3000)
    # The prepared file, frozen when proposed: the figures the COPIL is shown.
    file = models.JSONField(_("dossier"), default=dict)
    status = models.CharField(
        _("statut"), max_length=20, choices=Status.choices, default=Status.ON_AGENDA
    )
    decision = models.ForeignKey(
        "minutes.Decision", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decision_text = models.TextField(_("décision"), blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("proposition au COPIL")
        verbose_name_plural = _("propositions au COPIL")
        constraints = [
            models.UniqueConstraint(fields=["action", "meeting"], name="proposal_once_per_session"),
        ]

    def __str__(self):
        return f"{self.action} → {self.meeting}"

    def get_absolute_url(self):
        return reverse("participation:proposal", kwargs={"pk": self.pk})
