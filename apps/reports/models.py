"""Rendered PDF files: one row per rendered content, keyed so that the same content is
rendered once (idempotent), with its status, error, render time and page count."""

import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Longer than a render may take (time limit 180 s, plus a wait in the queue).
STUCK_AFTER = timedelta(minutes=10)


def document_upload_to(instance, filename: str) -> str:
    return f"documents/{instance.kind}/{uuid.uuid4().hex}/{filename}"


class Document(models.Model):
    class Kind(models.TextChoices):
        MINUTES = "minutes", _("Compte rendu")
        RESTITUTION = "restitution", _("Rapport de restitution")
        SURVEY_RESULTS = "survey_results", _("Résultats d'enquête")
        PARTICIPATION = "participation", _("Bilan de participation")
        COPIL_PROPOSAL = "copil_proposal", _("Dossier d'une action proposée au COPIL")

    class Status(models.TextChoices):
        PENDING = "pending", _("En attente")
        RENDERING = "rendering", _("En cours de rendu")
        READY = "ready", _("Prêt")
        FAILED = "failed", _("Échec")

    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    version_key = models.CharField(_("clé de version"), max_length=200, unique=True)
    minutes_version = models.ForeignKey(
        "minutes.MinutesVersion",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
    )
    meeting = models.ForeignKey(
        "governance.Meeting",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents_rendered",
    )
    survey = models.ForeignKey(
        "surveys.Survey",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # The observatory's period of a « bilan de participation »: a year, or « tout ».
    period = models.CharField(_("période"), max_length=100, blank=True)
    proposal = models.ForeignKey(
        "participation.Proposal",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
    )
    title = models.CharField(_("titre"), max_length=300)
    status = models.CharField(
        _("statut"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    file = models.FileField(_("fichier"), upload_to=document_upload_to, blank=True, max_length=300)
    error = models.TextField(_("erreur"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("tentatives"), default=0)
    render_seconds = models.FloatField(_("durée du rendu (s)"), null=True, blank=True)
    page_count = models.PositiveIntegerField(_("pages"), null=True, blank=True)
    size = models.PositiveIntegerField(_("taille (octets)"), null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    status_since = models.DateTimeField(_("statut depuis"), default=timezone.now)
    rendered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("document PDF")
        verbose_name_plural = _("documents PDF")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(kind="minutes", minutes_version__isnull=False)
                    | models.Q(kind="restitution", meeting__isnull=False)
                    | models.Q(kind="survey_results", survey__isnull=False)
                    | models.Q(kind="participation", period__gt="")
                    | models.Q(kind="copil_proposal", proposal__isnull=False)
                ),
                name="document_has_its_source",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("reports:download", kwargs={"pk": self.pk})

    @property
    def is_ready(self) -> bool:
        return self.status == self.Status.READY

    @property
    def is_stuck(self) -> bool:
        """Waiting or rendering for longer than any render takes: its task was lost (broker
        outage, killed worker); the sweeper re-queues it and the team may retry it."""
        return (
            self.status in (self.Status.PENDING, self.Status.RENDERING)
            and self.status_since < timezone.now() - STUCK_AFTER
        )
