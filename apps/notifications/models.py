"""Follows, notifications and each person's email preference.

A follow and a notification point at their object generically (contenttypes), so that a call for
contributions (participation, a floor below) can be followed without this app naming its model
in a foreign key. Notifications are grouped: events of one kind on the same object within a
window add to one row (`count`), « 3 nouveaux commentaires sur … ».
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Follow(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    automatic = models.BooleanField(
        _("automatique"),
        default=False,
        help_text=_("Suivi sans l'avoir demandé : une action née d'une de ses contributions."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("abonnement")
        verbose_name_plural = _("abonnements")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "content_type", "object_id"], name="follow_once"
            ),
        ]
        indexes = [models.Index(fields=["content_type", "object_id"], name="follow_target")]

    def __str__(self):
        return f"{self.user_id} → {self.content_type_id}:{self.object_id}"


class Notification(models.Model):
    class Kind(models.TextChoices):
        MEETING_PUBLISHED = "meeting_published", _("Nouvelle réunion")
        MINUTES_PUBLISHED = "minutes_published", _("Compte rendu publié")
        COMMENT_POSTED = "comment_posted", _("Nouveau commentaire")
        CONTRIBUTION_LINKED = "contribution_linked", _("Contribution devenue action")
        ACTION_CREATED = "action_created", _("Nouvelle action")
        ACTION_STATUS = "action_status", _("Statut d'une action")
        ACTION_DECIDED = "action_decided", _("Décision sur une action")
        CALL_OPENED = "call_opened", _("Appel à contributions")

    class Email(models.TextChoices):
        PENDING = "pending", _("À envoyer")
        SENT = "sent", _("Envoyé")
        SKIPPED = "skipped", _("Sans courriel")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(_("type"), max_length=30, choices=Kind.choices)
    # What the notification is about (the link goes there; grouping is per kind and target).
    target_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    target_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("target_type", "target_id")
    # What caused it, when the recipient must also be allowed to see it (a decision in
    # members-only minutes, a comment): checked with the target at every delivery.
    source_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, related_name="+", null=True, blank=True
    )
    source_id = models.PositiveBigIntegerField(null=True, blank=True)
    subject = models.CharField(_("objet"), max_length=300)
    detail = models.CharField(_("détail"), max_length=600, blank=True)
    url = models.CharField(_("lien"), max_length=500)
    count = models.PositiveIntegerField(_("événements"), default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(_("dernier événement"), db_index=True)
    read_at = models.DateTimeField(_("lue le"), null=True, blank=True)
    email = models.CharField(
        _("courriel"), max_length=10, choices=Email.choices, default=Email.PENDING
    )

    class Meta:
        ordering = ["-updated_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            # the centre: unread first, the latest first
            models.Index(
                fields=["recipient", "read_at", "-updated_at"], name="notification_centre"
            ),
            # grouping: the open row of one kind on one object
            models.Index(
                fields=["recipient", "kind", "target_type", "target_id"],
                condition=Q(read_at__isnull=True),
                name="notification_open_group",
            ),
            # digests: what is still to be emailed
            models.Index(
                fields=["recipient", "created_at"],
                condition=Q(email="pending"),
                name="notification_to_email",
            ),
        ]

    def __str__(self):
        return f"{self.recipient_id}: {self.kind} {self.subject}"


class Preference(models.Model):
    """How a person wants to be emailed about their notifications (the centre shows them all)."""

    class Frequency(models.TextChoices):
        IMMEDIATE = "immediate", _("Tout de suite, un courriel par nouvelle")
        DAILY = "daily", _("Un récapitulatif par jour")
        WEEKLY = "weekly", _("Un récapitulatif par semaine")
        NONE = "none", _("Jamais : je consulte le centre de notifications")

    DEFAULT = Frequency.DAILY

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    frequency = models.CharField(
        _("courriels de notification"),
        max_length=10,
        choices=Frequency.choices,
        default=DEFAULT,
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("préférence de notification")
        verbose_name_plural = _("préférences de notification")

    def __str__(self):
        return f"{self.user_id}: {self.frequency}"
