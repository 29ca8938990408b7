"""A working group is a governance Body (kind working group); this app adds its theme and the
way volunteers join. Memberships themselves stay in governance.Membership."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class WorkingGroup(models.Model):
    class JoinPolicy(models.TextChoices):
        OPEN = "open", _("Adhésion immédiate")
        APPROVAL = "approval", _("Sur validation de l'équipe projet")

    body = models.OneToOneField(
        "governance.Body",
        verbose_name=_("instance"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="working_group",
        limit_choices_to={"kind": "working_group"},
    )
    theme = models.CharField(_("thème"), max_length=250)
    objectives = models.ManyToManyField(
        "strategy.Objective", verbose_name=_("objectifs"), blank=True, related_name="working_groups"
    )
    filieres = models.ManyToManyField(
        "strategy.Filiere", verbose_name=_("filières"), blank=True, related_name="working_groups"
    )
    join_policy = models.CharField(
        _("adhésion"), max_length=20, choices=JoinPolicy.choices, default=JoinPolicy.OPEN
    )

    class Meta:
        ordering = ["-body__year", "body__name"]
        verbose_name = _("groupe de travail")
        verbose_name_plural = _("groupes de travail")

    def __str__(self):
        return self.body.name

    def get_absolute_url(self):
        return reverse("working_groups:detail", kwargs={"slug": self.body.slug})


class JoinRequest(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("En attente")
        ACCEPTED = "accepted", _("Acceptée")
        REFUSED = "refused", _("Refusée")

    group = models.ForeignKey(
        WorkingGroup, verbose_name=_("groupe"), on_delete=models.CASCADE, related_name="requests"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("personne"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    message = models.CharField(_("message"), max_length=500, blank=True)
    status = models.CharField(
        _("statut"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("demande d'adhésion")
        verbose_name_plural = _("demandes d'adhésion")
        constraints = [
            models.UniqueConstraint(
                fields=["group", "user"],
                condition=Q(status="pending"),
                name="one_pending_join_request",
            ),
        ]

    def __str__(self):
        return f"{self.user} → {self.group}"
