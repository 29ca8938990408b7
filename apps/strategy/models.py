"""The shared objectives and the filières of excellence: data the project team edits."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


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
