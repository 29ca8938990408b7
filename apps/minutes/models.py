"""The minutes (comptes rendus) of every kind of meeting: working copy and revisions, review,
frozen published versions with errata, structured decisions and action items, reads.

Decisions declare their link to priority actions here, on the side that writes and reads it.
"""

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from apps.governance.models import AgendaItem, Meeting


class Minutes(models.Model):
    """The minutes (compte rendu) of one meeting, whatever its kind.

    Workflow: draft → in review → published. What is being edited lives here (with one
    MinutesRevision per save); what was published is frozen in MinutesVersion rows, never
    edited: a correction is a new published version with an erratum note.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Brouillon")
        IN_REVIEW = "in_review", _("En relecture")
        PUBLISHED = "published", _("Publié")

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Public")
        MEMBERS = "members", _("Réservé aux membres de l'instance")

    meeting = models.OneToOneField(
        Meeting, verbose_name=_("réunion"), on_delete=models.PROTECT, related_name="minutes"
    )
    status = models.CharField(
        _("statut"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    visibility = models.CharField(
        _("visibilité"), max_length=20, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    summary = models.TextField(_("résumé"), blank=True, max_length=3000)
    body = models.TextField(_("texte (Markdown)"), blank=True, max_length=100_000)
    guests = models.TextField(
        _("autres participant·es"), blank=True, help_text=_("Une personne par ligne.")
    )
    revision = models.PositiveIntegerField(_("révision"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(_("soumis à relecture le"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("compte rendu")
        verbose_name_plural = _("comptes rendus")

    def __str__(self):
        return str(_("Compte rendu — %(meeting)s") % {"meeting": self.meeting.title})

    def get_absolute_url(self):
        return reverse("minutes:detail", kwargs={"pk": self.pk})


class MinutesRevision(models.Model):
    """Every save of the editable text: who wrote what, and when (Indico's note revisions)."""

    # PROTECT: who wrote what is the minutes' history.
    minutes = models.ForeignKey(Minutes, on_delete=models.PROTECT, related_name="revisions")
    number = models.PositiveIntegerField(_("numéro"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    summary = models.TextField(blank=True)
    body = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["minutes", "-number"]
        verbose_name = _("révision de compte rendu")
        verbose_name_plural = _("révisions de comptes rendus")
        constraints = [
            models.UniqueConstraint(fields=["minutes", "number"], name="minutes_revision_unique"),
        ]

    def __str__(self):
        return f"{self.minutes_id} r{self.number}"


class Decision(models.Model):
    class Outcome(models.TextChoices):
        """What the decision does to the priority actions it is about (their status follows
        when the minutes are published)."""

        NONE = "", _("Sans effet sur le statut des actions")
        VALIDATED = "validated", _("Adoptée : les actions passent à « Validée »")
        IN_PROGRESS = "in_progress", _("Lancée : les actions passent à « En cours »")
        DONE = "done", _("Constat de réalisation : « Réalisée »")
        ABANDONED = "abandoned", _("Écartée : les actions passent à « Abandonnée »")
        POSTPONED = "postponed", _("Ajournée : le statut ne change pas")

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="decisions")
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)
    agenda_item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("point de l'ordre du jour"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="decisions",
    )
    text = models.TextField(_("décision"), max_length=2000)
    action_outcome = models.CharField(
        _("effet sur les actions"), max_length=20, choices=Outcome.choices, blank=True
    )
    priority_actions = models.ManyToManyField(
        "strategy.PriorityAction",
        verbose_name=_("actions prioritaires"),
        related_name="decisions",
        blank=True,
        help_text=_(
            "Les actions sur lesquelles porte cette décision : la fin de la chaîne de traçabilité."
        ),
    )

    class Meta:
        ordering = ["minutes", "position", "pk"]
        verbose_name = _("décision")
        verbose_name_plural = _("décisions")

    def __str__(self):
        return self.text[:80]


class ActionItem(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("À faire")
        DONE = "done", _("Fait")

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="action_items")
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)
    what = models.CharField(_("action"), max_length=500)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsable (personne)"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="action_items",
    )
    owner_organisation = models.ForeignKey(
        "stakeholders.Organisation",
        verbose_name=_("responsable (organisation)"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="action_items",
    )
    due_date = models.DateField(_("échéance"), null=True, blank=True)
    status = models.CharField(
        _("statut"), max_length=10, choices=Status.choices, default=Status.OPEN
    )

    class Meta:
        ordering = ["minutes", "position", "pk"]
        verbose_name = _("action à mener")
        verbose_name_plural = _("actions à mener")

    def __str__(self):
        return self.what

    @property
    def owner_label(self) -> str:
        if self.owner_id:
            return str(self.owner)
        return self.owner_organisation.name if self.owner_organisation_id else ""


class MinutesVersion(models.Model):
    """A published version, frozen: what readers see, the PDF renders, the history keeps."""

    minutes = models.ForeignKey(Minutes, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    summary = models.TextField(_("résumé"), blank=True)
    body = models.TextField(_("texte"), blank=True)
    content = models.JSONField(
        _("contenu figé"),
        default=dict,
        help_text=_("Décisions, actions, présences et ordre du jour au moment de la publication."),
    )
    erratum = models.TextField(_("erratum"), blank=True)
    published_at = models.DateTimeField(_("publié le"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    search_text = models.TextField(editable=False, blank=True)
    # Filled once at publication on PostgreSQL (a published version never changes): French
    # configuration, title > decisions > text; GIN-indexed (migration 0003, PostgreSQL only).
    search_vector = SearchVectorField(null=True, editable=False)

    class Meta:
        ordering = ["minutes", "-number"]
        verbose_name = _("version publiée")
        verbose_name_plural = _("versions publiées")
        constraints = [
            models.UniqueConstraint(fields=["minutes", "number"], name="minutes_version_unique"),
        ]

    def __str__(self):
        return f"{self.minutes} — v{self.number}"

    def get_absolute_url(self):
        return reverse("minutes:version", kwargs={"pk": self.minutes_id, "number": self.number})


class MinutesComment(models.Model):
    """A reviewer's remark on a draft in review."""

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    revision = models.PositiveIntegerField(_("sur la révision"))
    text = models.TextField(_("commentaire"), max_length=3000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["minutes", "created_at"]
        verbose_name = _("commentaire de relecture")
        verbose_name_plural = _("commentaires de relecture")

    def __str__(self):
        return self.text[:60]


class MinutesRead(models.Model):
    """Which published version a reader opened (for « nouveau » in the reading room)."""

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="reads")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    version = models.PositiveIntegerField()
    read_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["minutes", "user"], name="minutes_read_once"),
        ]

    def __str__(self):
        return f"{self.user_id} read {self.minutes_id} v{self.version}"
