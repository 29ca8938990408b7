"""The outbox of side effects (see apps/core/outbox.py)."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OutboxMessage(models.Model):
    """One side effect a state change promised (an email to one person, a notice…), written in
    the same transaction as the change and delivered by a worker at most once per `key`."""

    class Status(models.TextChoices):
        PENDING = "pending", _("À envoyer")
        SENDING = "sending", _("En cours d'envoi")
        SENT = "sent", _("Envoyé")
        FAILED = "failed", _("Échec")

    handler = models.CharField(_("type"), max_length=100)
    key = models.CharField(
        _("clé d'unicité"),
        max_length=255,
        unique=True,
        help_text=_("Destinataire, motif, objet et version : un même envoi n'existe qu'une fois."),
    )
    payload = models.JSONField(_("contenu"), default=dict)
    status = models.CharField(
        _("statut"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("tentatives"), default=0)
    last_error = models.TextField(_("dernière erreur"), blank=True)
    created_at = models.DateTimeField(_("créé le"), default=timezone.now)
    next_attempt_at = models.DateTimeField(_("prochaine tentative"), default=timezone.now)
    dispatched_at = models.DateTimeField(_("confié au worker le"), null=True, blank=True)
    started_at = models.DateTimeField(_("envoi commencé le"), null=True, blank=True)
    done_at = models.DateTimeField(_("envoyé le"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("envoi en attente (outbox)")
        verbose_name_plural = _("envois (outbox)")
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="outbox_due")]

    def __str__(self):
        return f"{self.handler} — {self.key}"
