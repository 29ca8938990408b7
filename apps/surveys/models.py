"""Surveys (questionnaires) answered by participants or anyone through the public link.

One `Answer` table holds every answer (a chosen choice, a number, a rank or a text), so that
results are GROUP BY queries over one table. The profile of a response (which public, EPCI,
age band, filière) is copied onto the `Response` row when it is submitted, which makes every
result filterable with a plain WHERE.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

AGE_BANDS = [
    ("under_25", _("Moins de 25 ans")),
    ("25_39", _("25 à 39 ans")),
    ("40_59", _("40 à 59 ans")),
    ("60_plus", _("60 ans et plus")),
]


# Paths under /enquetes/ that a survey's slug must not shadow.
RESERVED_SLUGS = {"gestion", "reponses"}


class Barometer(models.Model):
    """A recurring survey (« Image de la Cornouaille »): its surveys are the waves."""

    name = models.CharField(_("nom"), max_length=200, unique=True)
    slug = models.SlugField(_("identifiant"), max_length=80, unique=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("baromètre")
        verbose_name_plural = _("baromètres")

    def __str__(self):
        return self.name


class SurveyQuerySet(models.QuerySet):
    def published(self):
        return self.exclude(status=Survey.Status.DRAFT)

    def open_now(self):
        now = timezone.now()
        return self.filter(status=Survey.Status.PUBLISHED).filter(
            Q(opens_at__isnull=True) | Q(opens_at__lte=now),
            Q(closes_at__isnull=True) | Q(closes_at__gt=now),
        )


class Survey(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Brouillon")
        PUBLISHED = "published", _("Publiée")
        ARCHIVED = "archived", _("Archivée")

    title = models.CharField(_("titre"), max_length=200)
    slug = models.SlugField(
        _("identifiant (adresse publique)"),
        max_length=80,
        unique=True,
        help_text=_("L'adresse publique sera /enquetes/<identifiant>/ : choisissez-le court."),
    )
    status = models.CharField(
        _("statut"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    welcome_text = models.TextField(_("texte d'accueil"), blank=True)
    privacy_notice = models.TextField(
        _("mention d'information (RGPD)"),
        help_text=_(
            "Qui traite les réponses, pourquoi, combien de temps, comment exercer ses droits."
        ),
    )
    thanks_text = models.TextField(_("texte de remerciement"), blank=True)
    opens_at = models.DateTimeField(_("ouverture"), null=True, blank=True)
    closes_at = models.DateTimeField(_("clôture"), null=True, blank=True)
    allow_anonymous = models.BooleanField(
        _("ouverte sans compte (lien public)"),
        default=True,
        help_text=_("Toute personne ayant le lien peut répondre, avec une case de consentement."),
    )
    results_public = models.BooleanField(
        _("synthèse des résultats publique"),
        default=False,
        help_text=_("Les résultats agrégés (sans réponses libres) deviennent lisibles par tous."),
    )
    barometer = models.ForeignKey(
        Barometer,
        verbose_name=_("baromètre"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="waves",
    )
    wave_label = models.CharField(
        _("vague"), max_length=50, blank=True, help_text=_("Par exemple « 2026 ».")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SurveyQuerySet.as_manager()

    class Meta:
        ordering = ["-opens_at", "-pk"]
        verbose_name = _("enquête")
        verbose_name_plural = _("enquêtes")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("surveys:answer", kwargs={"slug": self.slug})

    def clean(self):
        if self.slug in RESERVED_SLUGS:
            raise ValidationError(
                {
                    "slug": _("« %(slug)s » est une adresse réservée : choisissez-en une autre.")
                    % {"slug": self.slug}
                }
            )
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": _("La clôture doit suivre l'ouverture.")})

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return (
            self.status == self.Status.PUBLISHED
            and (self.opens_at is None or self.opens_at <= now)
            and (self.closes_at is None or now < self.closes_at)
        )

    def not_yet_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.opens_at is not None and now < self.opens_at


class Section(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="sections")
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)
    title = models.CharField(_("titre"), max_length=200)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("section")
        verbose_name_plural = _("sections")

    def __str__(self):
        return self.title


class Question(models.Model):
    class Type(models.TextChoices):
        SINGLE = "single", _("Choix unique")
        MULTIPLE = "multiple", _("Choix multiple")
        SCALE_5 = "scale5", _("Échelle de 1 à 5")
        SCALE_10 = "scale10", _("Échelle de 1 à 10")
        NPS = "nps", _("Recommandation (0 à 10, NPS)")
        TEXT = "text", _("Texte libre")
        RANKING = "ranking", _("Classement")
        WORDS = "words", _("Choix de mots")
        TERRITORY = "territory", _("Intercommunalité (EPCI)")

    class Profile(models.TextChoices):
        NONE = "", _("Aucune")
        PUBLIC = "public", _("Public cible")
        TERRITORY = "territory", _("EPCI ou origine")
        AGE_BAND = "age_band", _("Tranche d'âge")
        FILIERE = "filiere", _("Filière d'intérêt")

    CHOICE_TYPES = {Type.SINGLE, Type.MULTIPLE, Type.RANKING, Type.WORDS, Type.TERRITORY}
    SCALE_BOUNDS = {Type.SCALE_5: (1, 5), Type.SCALE_10: (1, 10), Type.NPS: (0, 10)}

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)
    code = models.SlugField(
        _("code"),
        max_length=60,
        help_text=_("Identifiant stable : les vagues d'un baromètre se comparent par code."),
    )
    text = models.CharField(_("question"), max_length=300)
    help_text = models.CharField(_("aide"), max_length=300, blank=True)
    type = models.CharField(_("type"), max_length=12, choices=Type.choices)
    required = models.BooleanField(_("obligatoire"), default=False)
    max_choices = models.PositiveSmallIntegerField(
        _("nombre de choix maximal"),
        null=True,
        blank=True,
        help_text=_("Choix multiple et choix de mots : vide = sans limite."),
    )
    profile = models.CharField(
        _("question de profil"),
        max_length=12,
        choices=Profile.choices,
        blank=True,
        default="",
        help_text=_("Une question de profil rend les résultats filtrables (choix unique)."),
    )
    is_expectation = models.BooleanField(
        _("mesure des attentes"),
        default=False,
        help_text=_(
            "Les choix rattachés à une filière comptent comme attentes du public du répondant "
            "dans la matrice offre / attentes."
        ),
    )
    show_if_choice = models.ForeignKey(
        "Choice",
        verbose_name=_("afficher seulement si la réponse choisie est"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="dependent_questions",
    )

    class Meta:
        ordering = ["section__position", "position", "pk"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        constraints = [
            models.UniqueConstraint(fields=["survey", "code"], name="survey_question_code_unique"),
        ]

    def __str__(self):
        return self.text

    @property
    def has_choices(self) -> bool:
        return self.type in self.CHOICE_TYPES

    @property
    def is_radio(self) -> bool:
        """Answered with one radio button: a radiogroup for assistive technologies."""
        return self.type in {self.Type.SINGLE, self.Type.TERRITORY} or self.is_scale

    @property
    def is_scale(self) -> bool:
        return self.type in self.SCALE_BOUNDS

    @property
    def bounds(self) -> tuple[int, int]:
        return self.SCALE_BOUNDS[self.type]

    @property
    def field_name(self) -> str:
        return f"q{self.pk}"


class Choice(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices")
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)
    label = models.CharField(_("libellé"), max_length=200)
    target_public = models.ForeignKey(
        "strategy.TargetPublic",
        verbose_name=_("public cible"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    territory = models.ForeignKey(
        "stakeholders.Territory",
        verbose_name=_("EPCI"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    filiere = models.ForeignKey(
        "strategy.Filiere",
        verbose_name=_("filière"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    age_band = models.CharField(
        _("tranche d'âge"), max_length=10, blank=True, choices=[("", "—")] + AGE_BANDS
    )

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("choix")
        verbose_name_plural = _("choix")

    def __str__(self):
        return self.label


class Response(models.Model):
    """One person's answers to a survey. Anonymous responses hold no personal data."""

    class Status(models.TextChoices):
        IN_PROGRESS = "in_progress", _("En cours")
        SUBMITTED = "submitted", _("Envoyée")

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="survey_responses",
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.IN_PROGRESS)
    # The random key of the form the answer came from: one submission per form, no tracking.
    submission_key = models.CharField(max_length=40, blank=True)
    consent_at = models.DateTimeField(null=True, blank=True)
    target_public = models.ForeignKey(
        "strategy.TargetPublic", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    territory = models.ForeignKey(
        "stakeholders.Territory", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    outside_cornouaille = models.BooleanField(default=False)
    age_band = models.CharField(max_length=10, choices=AGE_BANDS, blank=True)
    filiere = models.ForeignKey(
        "strategy.Filiere", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        verbose_name = _("réponse à une enquête")
        verbose_name_plural = _("réponses aux enquêtes")
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "user"],
                condition=Q(user__isnull=False),
                name="survey_one_response_per_user",
            ),
            models.UniqueConstraint(
                fields=["survey", "submission_key"],
                condition=~Q(submission_key=""),
                name="survey_one_response_per_form",
            ),
        ]
        indexes = [
            models.Index(fields=["survey", "status"]),
        ]

    def __str__(self):
        return f"{self.survey} #{self.pk}"


class Answer(models.Model):
    """One answer element: a chosen choice (with its rank), a number, or a text."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    choice = models.ForeignKey(
        Choice, on_delete=models.CASCADE, null=True, blank=True, related_name="answers"
    )
    rank = models.PositiveSmallIntegerField(null=True, blank=True)
    number = models.SmallIntegerField(null=True, blank=True)
    text = models.TextField(blank=True, max_length=3000)
    is_hidden = models.BooleanField(_("masquée"), default=False)
    hidden_reason = models.CharField(_("motif du masquage"), max_length=300, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    hidden_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["response_id", "question_id", "rank", "pk"]
        verbose_name = _("réponse à une question")
        verbose_name_plural = _("réponses aux questions")
        indexes = [
            models.Index(fields=["question", "choice"]),
            models.Index(fields=["question", "number"]),
        ]

    def __str__(self):
        return f"{self.question_id}: {self.choice_id or self.number or self.text[:40]}"


class AnswerContribution(models.Model):
    """A free-text answer the project team turned into a workshop-style contribution."""

    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="contribution_links")
    contribution = models.OneToOneField(
        "strategy.Contribution", on_delete=models.CASCADE, related_name="survey_answer_link"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("contribution issue d'une réponse")
        verbose_name_plural = _("contributions issues de réponses")

    def __str__(self):
        return f"{self.answer_id} → {self.contribution_id}"
