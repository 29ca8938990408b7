"""Segments, mailings (lettres d'information), who received them, unsubscriptions and bounces;
the log of the team's exports."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Segment(models.Model):
    """Who a mailing goes to: criteria of different kinds are combined with AND, the values of
    one kind with OR; an empty kind does not filter. Whatever the criteria, only active people
    who consented to the newsletter (`User.newsletter`) are ever selected."""

    name = models.CharField(_("nom"), max_length=150)
    description = models.CharField(_("description"), max_length=300, blank=True)
    territories = models.ManyToManyField(
        "stakeholders.Territory", verbose_name=_("EPCI"), blank=True, related_name="+"
    )
    outside_cornouaille = models.BooleanField(
        _("hors Cornouaille"),
        default=False,
        help_text=_("Avec les EPCI cochés : ajoute les personnes sans territoire."),
    )
    categories = models.ManyToManyField(
        "stakeholders.ActorCategory",
        verbose_name=_("catégories d'acteurs"),
        blank=True,
        related_name="+",
    )
    bodies = models.ManyToManyField(
        "governance.Body",
        verbose_name=_("membres des instances"),
        blank=True,
        related_name="+",
    )
    attended_meetings = models.ManyToManyField(
        "governance.Meeting",
        verbose_name=_("présent·es à la réunion"),
        blank=True,
        related_name="+",
    )
    filieres = models.ManyToManyField(
        "strategy.Filiere",
        verbose_name=_("intéressé·es par la filière"),
        blank=True,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("créé le"), default=timezone.now)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("segment")
        verbose_name_plural = _("segments")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("mailings:segment", kwargs={"pk": self.pk})


class FiliereInterest(models.Model):
    """A person's interest in a filière (chosen on /profil/): a segment criterion."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="filiere_interests"
    )
    filiere = models.ForeignKey("strategy.Filiere", on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("intérêt pour une filière")
        verbose_name_plural = _("intérêts pour les filières")
        constraints = [
            models.UniqueConstraint(fields=["user", "filiere"], name="filiere_interest_unique")
        ]

    def __str__(self):
        return f"{self.user_id} — {self.filiere_id}"


class Mailing(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Brouillon")
        SCHEDULED = "scheduled", _("Programmée")
        SENDING = "sending", _("En cours d'envoi")
        SENT = "sent", _("Envoyée")
        CANCELLED = "cancelled", _("Annulée")

    subject = models.CharField(_("objet"), max_length=200)
    body = models.TextField(
        _("texte"),
        max_length=50_000,
        help_text=_(
            "Mise en forme Markdown : **gras**, *italique*, listes, liens [texte](https://…)."
        ),
    )
    segment = models.ForeignKey(
        Segment, verbose_name=_("segment"), on_delete=models.PROTECT, related_name="mailings"
    )
    status = models.CharField(
        _("statut"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    scheduled_for = models.DateTimeField(_("envoi prévu le"), null=True, blank=True)
    started_at = models.DateTimeField(_("envoi commencé le"), null=True, blank=True)
    sent_at = models.DateTimeField(_("envoyée le"), null=True, blank=True)
    progressed_at = models.DateTimeField(_("dernier lot le"), null=True, blank=True)
    recipients_count = models.PositiveIntegerField(_("destinataires"), default=0)
    in_archive = models.BooleanField(
        _("publiée dans les archives"),
        default=True,
        help_text=_("Une fois envoyée, la lettre se lit sur /lettres/."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("créée le"), default=timezone.now)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("lettre d'information")
        verbose_name_plural = _("lettres d'information")
        indexes = [models.Index(fields=["status", "scheduled_for"])]

    def __str__(self):
        return self.subject

    def get_absolute_url(self):
        return reverse("mailings:archive_detail", kwargs={"pk": self.pk})

    @property
    def is_editable(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.SCHEDULED)


class Delivery(models.Model):
    """One mailing promised to one person: never twice (the unique pair, and the outbox key)."""

    mailing = models.ForeignKey(Mailing, on_delete=models.CASCADE, related_name="deliveries")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mailing_deliveries"
    )
    email = models.EmailField(_("adresse"), blank=True)
    created_at = models.DateTimeField(_("promise le"), default=timezone.now)

    class Meta:
        verbose_name = _("envoi d'une lettre")
        verbose_name_plural = _("envois des lettres")
        constraints = [
            models.UniqueConstraint(fields=["mailing", "user"], name="delivery_once_per_person")
        ]

    def __str__(self):
        return f"{self.mailing_id} → {self.email}"


class SubscriptionEvent(models.Model):
    """Unsubscriptions, re-subscriptions and bounces, kept as history."""

    class Kind(models.TextChoices):
        SUBSCRIBED = "subscribed", _("Abonnement")
        UNSUBSCRIBED = "unsubscribed", _("Désabonnement")
        BOUNCED = "bounced", _("Adresse en échec (bounce)")

    class Source(models.TextChoices):
        PROFILE = "profile", _("Profil")
        ONE_CLICK = "one_click", _("Lien de désabonnement")
        COMMAND = "command", _("Commande d'exploitation")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="subscription_events",
    )
    email = models.EmailField(_("adresse"), blank=True)
    kind = models.CharField(_("événement"), max_length=20, choices=Kind.choices)
    source = models.CharField(_("origine"), max_length=20, choices=Source.choices)
    mailing = models.ForeignKey(
        Mailing, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    detail = models.CharField(_("détail"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("le"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("abonnement / désabonnement")
        verbose_name_plural = _("abonnements et désabonnements")

    def __str__(self):
        return f"{self.email} — {self.get_kind_display()}"


class ExportLog(models.Model):
    """Who downloaded which export, when: personal data leaves the platform, the team sees it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("par"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    export = models.CharField(_("export"), max_length=60)
    file_format = models.CharField(_("format"), max_length=10)
    detail = models.CharField(_("détail"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("le"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("export")
        verbose_name_plural = _("journal des exports")

    def __str__(self):
        return f"{self.export}.{self.file_format} — {self.created_at:%Y-%m-%d %H:%M}"
