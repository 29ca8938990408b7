"""A workshop is a governance Meeting (kind workshop); this app adds its themes and facilitators.
Registrations, capacity and the waiting list are governance's (one participation table)."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Workshop(models.Model):
    meeting = models.OneToOneField(
        "governance.Meeting",
        verbose_name=_("réunion"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="workshop",
        limit_choices_to={"kind": "workshop"},
    )
    objectives = models.ManyToManyField(
        "strategy.Objective", verbose_name=_("objectifs"), blank=True, related_name="workshops"
    )
    filieres = models.ManyToManyField(
        "strategy.Filiere", verbose_name=_("filières"), blank=True, related_name="workshops"
    )
    challenges = models.ManyToManyField(
        "strategy.Challenge", verbose_name=_("défis"), blank=True, related_name="workshops"
    )
    facilitators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("facilitateurs"),
        blank=True,
        related_name="facilitated_workshops",
    )

    class Meta:
        ordering = ["meeting__start"]
        verbose_name = _("atelier")
        verbose_name_plural = _("ateliers")

    def __str__(self):
        return self.meeting.title

    def get_absolute_url(self):
        return reverse("workshops:detail", kwargs={"slug": self.meeting.slug})
