"""The territory's service offer (offers and schemes), and the actions born from a gap."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ServiceOffer(models.Model):
    class Kind(models.TextChoices):
        SERVICE = "service", _("Offre de services")
        SCHEME = "scheme", _("Dispositif")
        ASSET = "asset", _("Atout du territoire")

    name = models.CharField(_("nom"), max_length=200)
    slug = models.SlugField(_("identifiant"), max_length=120, unique=True)
    kind = models.CharField(_("nature"), max_length=10, choices=Kind.choices, default=Kind.SERVICE)
    description = models.TextField(_("description"), blank=True)
    organisation = models.ForeignKey(
        "stakeholders.Organisation",
        verbose_name=_("porté par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    territories = models.ManyToManyField(
        "stakeholders.Territory",
        verbose_name=_("EPCI couverts"),
        related_name="+",
        blank=True,
        help_text=_("Vide : toute la Cornouaille."),
    )
    filieres = models.ManyToManyField(
        "strategy.Filiere",
        verbose_name=_("filières"),
        related_name="+",
        blank=True,
        help_text=_("Vide : transversal."),
    )
    target_publics = models.ManyToManyField(
        "strategy.TargetPublic", verbose_name=_("publics cibles"), related_name="+", blank=True
    )
    url = models.URLField(_("lien"), blank=True)
    is_published = models.BooleanField(_("publiée"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("offre de services")
        verbose_name_plural = _("offre de services du territoire")

    def __str__(self):
        return self.name


class GapAction(models.Model):
    """A priority action created from a gap of the matrix, with the evidence it showed."""

    action = models.OneToOneField(
        "strategy.PriorityAction", on_delete=models.CASCADE, related_name="+"
    )
    target_public = models.ForeignKey(
        "strategy.TargetPublic", on_delete=models.PROTECT, related_name="+"
    )
    filiere = models.ForeignKey(
        "strategy.Filiere", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    evidence = models.JSONField(_("éléments au moment de la création"), default=dict)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("action née d'un écart")
        verbose_name_plural = _("actions nées d'un écart")

    def __str__(self):
        return str(self.action)
