"""Who takes part: territories (EPCI), actor categories and organisations.

Territories and categories are data (initial rows from a data migration, editable in the admin),
not code: the agency can rename or add one without a release.
"""

from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Territory(models.Model):
    """An intercommunality (EPCI) of Cornouaille. People outside Cornouaille have none."""

    name = models.CharField(_("nom"), max_length=150, unique=True)
    slug = models.SlugField(_("identifiant"), max_length=80, unique=True)
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("territoire (EPCI)")
        verbose_name_plural = _("territoires (EPCI)")

    def __str__(self):
        return self.name


class ActorCategory(models.Model):
    name = models.CharField(_("nom"), max_length=150, unique=True)
    slug = models.SlugField(_("identifiant"), max_length=80, unique=True)
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("catégorie d'acteur")
        verbose_name_plural = _("catégories d'acteurs")

    def __str__(self):
        return self.name


class OrganisationQuerySet(models.QuerySet):
    def listed(self):
        return self.filter(listed_in_directory=True)

    def get_by_name(self, name: str):
        """Organisation names are unique regardless of case and surrounding spaces."""
        return self.get(name__iexact=" ".join(name.split()))


class Organisation(models.Model):
    name = models.CharField(_("nom"), max_length=200)
    category = models.ForeignKey(
        ActorCategory,
        verbose_name=_("catégorie"),
        on_delete=models.PROTECT,
        related_name="organisations",
        null=True,
        blank=True,
    )
    territory = models.ForeignKey(
        Territory,
        verbose_name=_("territoire"),
        on_delete=models.PROTECT,
        related_name="organisations",
        null=True,
        blank=True,
        help_text=_("Vide : hors Cornouaille."),
    )
    website = models.URLField(_("site web"), blank=True)
    description = models.TextField(_("présentation"), blank=True)
    listed_in_directory = models.BooleanField(
        _("visible dans l'annuaire public"),
        default=False,
        help_text=_("L'organisation a accepté de figurer dans l'annuaire des acteurs."),
    )
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.UniqueConstraint(Lower("name"), name="organisation_name_ci_unique"),
        ]
        indexes = [models.Index(fields=["listed_in_directory", "name"])]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name = " ".join(self.name.split())
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("stakeholders:directory") + f"#organisation-{self.pk}"
