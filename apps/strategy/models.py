"""The shared objectives and the filières of excellence: data the project team edits."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.validators import MaxValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Phase(models.Model):
    """A stage of the process (« Diagnostic partagé », « Co-construction du plan d'actions »…):
    the period the observatory shows by default is the phase under way."""

    name = models.CharField(_("nom"), max_length=120)
    slug = models.SlugField(_("identifiant"), max_length=80, unique=True)
    start = models.DateField(_("début"))
    end = models.DateField(
        _("fin"),
        null=True,
        blank=True,
        help_text=_("Vide : la phase est en cours, sans fin fixée."),
    )
    summary = models.TextField(_("résumé"), blank=True)

    class Meta:
        ordering = ["start", "pk"]
        verbose_name = _("phase de la démarche")
        verbose_name_plural = _("phases de la démarche")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__isnull=True) | models.Q(end__gte=models.F("start")),
                name="strategy_phase_ends_after_it_starts",
                violation_error_message=_("Une phase se termine après son début."),
            )
        ]

    def __str__(self):
        return self.name

    def contains(self, day) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


class Objective(models.Model):
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)
    title = models.CharField(_("intitulé"), max_length=250)
    slug = models.SlugField(_("identifiant"), max_length=80, unique=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("objectif partagé")
        verbose_name_plural = _("objectifs partagés")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("strategy:objective", kwargs={"slug": self.slug})


class Filiere(models.Model):
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)
    name = models.CharField(_("nom"), max_length=150, unique=True)
    slug = models.SlugField(_("identifiant"), max_length=80, unique=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("filière d'excellence")
        verbose_name_plural = _("filières d'excellence")

    def __str__(self):
        return self.name


class TargetPublic(models.Model):
    """A public the territory wants to keep or attract (territorial marketing's starting point)."""

    class Scope(models.TextChoices):
        INTERNAL = "internal", _("Interne au territoire")
        EXTERNAL = "external", _("Externe au territoire")

    position = models.PositiveSmallIntegerField(_("ordre"), default=0)
    name = models.CharField(_("nom"), max_length=150, unique=True)
    slug = models.SlugField(_("identifiant"), max_length=80, unique=True)
    scope = models.CharField(_("interne ou externe"), max_length=10, choices=Scope.choices)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("public cible")
        verbose_name_plural = _("publics cibles")

    def __str__(self):
        return self.name


class Challenge(models.Model):
    """A défi under an objective: what the territory must overcome to reach it."""

    objective = models.ForeignKey(
        Objective, verbose_name=_("objectif"), on_delete=models.CASCADE, related_name="challenges"
    )
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)
    title = models.CharField(_("intitulé"), max_length=250)
    slug = models.SlugField(_("identifiant"), max_length=100, unique=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["objective__position", "position", "pk"]
        verbose_name = _("défi")
        verbose_name_plural = _("défis")

    def __str__(self):
        return self.title


class Contribution(models.Model):
    """What a participant said in a workshop, or wrote online (an app's call for contributions),
    typed after the territorial marketing method.

    A workshop contribution has its `meeting`; an online one has none and names its `source`
    (a generic link to what collected it, e.g. a call for contributions, declared by a higher
    app) and, when that source is reserved to a body's members, `restricted_to` that body: the
    visibility rules read it without knowing the higher app.
    """

    class Type(models.TextChoices):
        PERCEPTION = "perception", _("Perception")
        NEED = "need", _("Attente / besoin")
        STRENGTH = "strength", _("Atout")
        SERVICE = "service", _("Offre de services")
        ACTION_IDEA = "action_idea", _("Idée d'action")

    meeting = models.ForeignKey(
        "governance.Meeting",
        verbose_name=_("atelier"),
        on_delete=models.PROTECT,
        related_name="contributions",
        null=True,
        blank=True,
        help_text=_("Vide pour une contribution en ligne."),
    )
    source_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    source_id = models.PositiveBigIntegerField(null=True, blank=True)
    source = GenericForeignKey("source_type", "source_id")
    restricted_to = models.ForeignKey(
        "governance.Body",
        verbose_name=_("réservée aux membres de"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Contribution en ligne visible des seuls membres de cette instance."),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("auteur·rice"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contributions",
    )
    captured_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("saisie par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("La personne qui a saisi la contribution (un facilitateur, pour quelqu'un)."),
    )
    type = models.CharField(_("type"), max_length=20, choices=Type.choices)
    text = models.TextField(_("texte (Markdown)"), max_length=5000)
    objectives = models.ManyToManyField(
        Objective, verbose_name=_("objectifs"), related_name="contributions", blank=True
    )
    filieres = models.ManyToManyField(
        Filiere, verbose_name=_("filières"), related_name="contributions", blank=True
    )
    challenges = models.ManyToManyField(
        Challenge, verbose_name=_("défis"), related_name="contributions", blank=True
    )
    target_publics = models.ManyToManyField(
        TargetPublic, verbose_name=_("publics cibles"), related_name="contributions", blank=True
    )
    is_hidden = models.BooleanField(_("masquée"), default=False)
    hidden_reason = models.CharField(_("motif du masquage"), max_length=300, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    hidden_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")
        indexes = [
            models.Index(fields=["meeting", "is_hidden"]),
            # the latest contributions of one type (the objective page)
            models.Index(fields=["type", "-created_at", "-id"], name="contribution_type_latest"),
            models.Index(fields=["source_type", "source_id"], name="contribution_source"),
        ]
        constraints = [
            # Said in a workshop, or written online for a source: one or the other.
            models.CheckConstraint(
                condition=models.Q(meeting__isnull=False, source_id__isnull=True)
                | models.Q(meeting__isnull=True, source_id__isnull=False),
                name="contribution_meeting_or_source",
            ),
        ]

    def __str__(self):
        return f"{self.get_type_display()} — {self.text[:60]}"

    @property
    def is_online(self) -> bool:
        return self.meeting_id is None


class Support(models.Model):
    """« Je soutiens » : one per person and contribution."""

    # PROTECT: supports are counted in the traceability of priority actions.
    contribution = models.ForeignKey(
        Contribution, on_delete=models.PROTECT, related_name="supports"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("soutien")
        verbose_name_plural = _("soutiens")
        constraints = [
            models.UniqueConstraint(fields=["contribution", "user"], name="support_once"),
        ]

    def __str__(self):
        return f"{self.user} → {self.contribution_id}"


class PriorityAction(models.Model):
    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposée")
        VALIDATED = "validated", _("Validée")
        IN_PROGRESS = "in_progress", _("En cours")
        DONE = "done", _("Réalisée")
        ABANDONED = "abandoned", _("Abandonnée")

    title = models.CharField(_("intitulé"), max_length=250)
    slug = models.SlugField(_("identifiant"), max_length=120, unique=True)
    description = models.TextField(_("description"), blank=True)
    objective = models.ForeignKey(
        Objective,
        verbose_name=_("objectif"),
        on_delete=models.PROTECT,
        related_name="actions",
    )
    challenge = models.ForeignKey(
        Challenge,
        verbose_name=_("défi"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions",
    )
    filiere = models.ForeignKey(
        Filiere,
        verbose_name=_("filière"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions",
    )
    lead_organisation = models.ForeignKey(
        "stakeholders.Organisation",
        verbose_name=_("organisation pilote"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="led_actions",
    )
    status = models.CharField(
        _("statut"), max_length=20, choices=Status.choices, default=Status.PROPOSED
    )
    progress = models.PositiveSmallIntegerField(
        _("avancement (%)"), default=0, validators=[MaxValueValidator(100)]
    )
    due_date = models.DateField(_("échéance"), null=True, blank=True)
    contributions = models.ManyToManyField(
        Contribution,
        verbose_name=_("contributions d'origine"),
        related_name="actions",
        blank=True,
    )
    target_publics = models.ManyToManyField(
        TargetPublic, verbose_name=_("publics cibles"), related_name="actions", blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["objective__position", "title"]
        verbose_name = _("action prioritaire")
        verbose_name_plural = _("actions prioritaires")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__lte=100), name="action_progress_max_100"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("strategy:action", kwargs={"slug": self.slug})
