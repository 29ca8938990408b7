"""What the observatory owns: the expected mix of each working group (coverage target), the
targeted invitations sent from a gap, and the coverage alerts already promised (never twice)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CoverageTarget(models.Model):
    """The mix the project team expects in the meetings of one working group."""

    body = models.OneToOneField(
        "governance.Body",
        verbose_name=_("groupe de travail"),
        on_delete=models.CASCADE,
        related_name="coverage_target",
    )
    every_territory = models.BooleanField(
        _("au moins une personne par EPCI"),
        default=True,
        help_text=_(
            "Chacune des intercommunalités de Cornouaille a au moins une personne inscrite."
        ),
    )
    categories = models.ManyToManyField(
        "stakeholders.ActorCategory",
        verbose_name=_("catégories d'acteurs attendues"),
        related_name="+",
        blank=True,
    )
    min_per_cell = models.PositiveSmallIntegerField(
        _("minimum par case EPCI × catégorie"),
        null=True,
        blank=True,
        help_text=_(
            "Facultatif : combien de personnes au moins, dans chaque EPCI, pour chacune des "
            "catégories attendues. Vide : pas de minimum par case."
        ),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("mix attendu d'un groupe de travail")
        verbose_name_plural = _("mix attendus des groupes de travail")

    def __str__(self):
        return str(self.body)


class Invitation(models.Model):
    """A targeted invitation: one person, one meeting, sent from a gap of the coverage."""

    meeting = models.ForeignKey(
        "governance.Meeting",
        verbose_name=_("réunion"),
        on_delete=models.PROTECT,
        related_name="targeted_invitations",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("personne invitée"),
        on_delete=models.CASCADE,
        related_name="targeted_invitations",
    )
    territory = models.ForeignKey(
        "stakeholders.Territory",
        verbose_name=_("EPCI visé"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    category = models.ForeignKey(
        "stakeholders.ActorCategory",
        verbose_name=_("catégorie visée"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("invitée le"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation ciblée")
        verbose_name_plural = _("invitations ciblées")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "user"], name="invitation_one_per_person"),
        ]
        indexes = [models.Index(fields=["created_at"])]

    def __str__(self):
        return f"{self.user} → {self.meeting}"


class CoverageAlert(models.Model):
    """One alert per meeting and threshold (a week, 48 hours before): written with its emails."""

    class Threshold(models.TextChoices):
        WEEK = "7d", _("une semaine avant")
        TWO_DAYS = "48h", _("48 heures avant")

    meeting = models.ForeignKey(
        "governance.Meeting", on_delete=models.CASCADE, related_name="coverage_alerts"
    )
    threshold = models.CharField(_("échéance"), max_length=5, choices=Threshold.choices)
    gaps = models.JSONField(_("manques signalés"), default=list)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("alerte de couverture")
        verbose_name_plural = _("alertes de couverture")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "threshold"], name="coverage_alert_once"),
        ]

    def __str__(self):
        return f"{self.meeting} ({self.get_threshold_display()})"
