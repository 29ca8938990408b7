"""THE shared model of every body and meeting.

COPIL sessions, technical committees, workshops and plenaries are rows of ONE `Meeting` table
(`kind`); invitations and registrations are rows of ONE `Participation` table. Body-specific
apps (copil, workshops, plenaries…) add behaviour on top, never a second copy.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Body(models.Model):
    class Kind(models.TextChoices):
        COPIL = "copil", _("Comité de pilotage (COPIL)")
        TECHNICAL_COMMITTEE = "technical_committee", _("Comité technique")
        WORKING_GROUP = "working_group", _("Groupe de travail")
        PROJECT_TEAM = "project_team", _("Équipe projet")

    kind = models.CharField(_("type"), max_length=30, choices=Kind.choices)
    name = models.CharField(_("nom"), max_length=200)
    slug = models.SlugField(_("identifiant"), max_length=100, unique=True)
    description = models.TextField(_("description"), blank=True)
    year = models.PositiveSmallIntegerField(_("année"), null=True, blank=True)
    mandate = models.CharField(_("mandature"), max_length=50, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "-year", "name"]
        verbose_name = _("instance")
        verbose_name_plural = _("instances")

    def __str__(self):
        return self.name

    @property
    def is_working_group(self) -> bool:
        return self.kind == self.Kind.WORKING_GROUP


class MembershipQuerySet(models.QuerySet):
    def active(self, *, on=None):
        on = on or timezone.localdate()
        return self.filter(Q(since__isnull=True) | Q(since__lte=on)).filter(
            Q(until__isnull=True) | Q(until__gte=on)
        )


class Membership(models.Model):
    class Role(models.TextChoices):
        CHAIR = "chair", _("Président·e")
        ELECTED_OFFICIAL = "elected_official", _("Élu·e")
        PARTNER = "partner", _("Partenaire")
        MEMBER = "member", _("Membre")
        SECRETARY = "secretary", _("Secrétaire")
        FACILITATOR = "facilitator", _("Facilitateur·rice")

    # PROTECT: a membership is history (who sat in the COPIL when); it ends (`until`), it is
    # never deleted with its person or body. A person leaves through the RGPD erasure.
    body = models.ForeignKey(
        Body, verbose_name=_("instance"), on_delete=models.PROTECT, related_name="memberships"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("personne"),
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    role = models.CharField(_("rôle"), max_length=30, choices=Role.choices, default=Role.MEMBER)
    title = models.CharField(
        _("mandat ou fonction"),
        max_length=200,
        blank=True,
        help_text=_("Par exemple : « Vice-président de Douarnenez Communauté »."),
    )
    publicly_listed = models.BooleanField(
        _("nom affiché publiquement"),
        default=False,
        help_text=_("La personne a accepté que son nom figure sur la page publique de l'instance."),
    )
    since = models.DateField(_("depuis"), null=True, blank=True)
    until = models.DateField(_("jusqu'au"), null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["body", "role", "user__last_name"]
        verbose_name = _("membre d'une instance")
        verbose_name_plural = _("membres des instances")
        constraints = [
            models.UniqueConstraint(
                fields=["body", "user"],
                condition=Q(until__isnull=True),
                name="membership_one_open_per_body",
            ),
        ]

    def __str__(self):
        return f"{self.user} — {self.body} ({self.get_role_display()})"


def new_ics_uid() -> str:
    return f"{uuid.uuid4()}@cornouaille-attractivite"


class MeetingQuerySet(models.QuerySet):
    def not_draft(self):
        return self.exclude(status=Meeting.Status.DRAFT)

    def upcoming(self):
        return self.filter(end__gte=timezone.now()).order_by("start")

    def past(self):
        return self.filter(end__lt=timezone.now()).order_by("-start")


class Meeting(models.Model):
    class Kind(models.TextChoices):
        COPIL = "copil", _("Séance du COPIL")
        TECHNICAL_COMMITTEE = "technical_committee", _("Comité technique")
        WORKSHOP = "workshop", _("Atelier")
        PLENARY = "plenary", _("Plénière")

    # The kinds people register for (seats, deadline, waiting list); the others are convoked.
    REGISTRABLE_KINDS = (Kind.WORKSHOP, Kind.PLENARY)

    class Status(models.TextChoices):
        DRAFT = "draft", _("Brouillon")
        SCHEDULED = "scheduled", _("Programmée")
        CANCELLED = "cancelled", _("Annulée")
        HELD = "held", _("Tenue")

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Publique")
        MEMBERS = "members", _("Réservée aux membres de l'instance")

    body = models.ForeignKey(
        Body,
        verbose_name=_("instance"),
        on_delete=models.PROTECT,
        related_name="meetings",
        null=True,
        blank=True,
    )
    kind = models.CharField(_("type"), max_length=30, choices=Kind.choices)
    title = models.CharField(_("titre"), max_length=200)
    slug = models.SlugField(_("identifiant"), max_length=120, unique=True)
    description = models.TextField(_("présentation"), blank=True)
    start = models.DateTimeField(_("début"))
    end = models.DateTimeField(_("fin"))
    place = models.CharField(_("lieu (adresse)"), max_length=300, blank=True)
    online_url = models.URLField(_("lien de visioconférence"), blank=True)
    status = models.CharField(
        _("statut"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    visibility = models.CharField(
        _("visibilité"), max_length=20, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    open_to_requests = models.BooleanField(
        _("ouverte aux demandes de participation"),
        default=False,
        help_text=_("Un acteur inscrit peut demander à assister ; l'équipe projet accepte ou non."),
    )
    capacity = models.PositiveIntegerField(_("nombre de places"), null=True, blank=True)
    registration_opens_at = models.DateTimeField(
        _("ouverture des inscriptions"), null=True, blank=True
    )
    registration_closes_at = models.DateTimeField(
        _("clôture des inscriptions"), null=True, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("créée par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    ics_uid = models.CharField(
        _("UID iCalendar"), max_length=120, unique=True, default=new_ics_uid, editable=False
    )
    ics_sequence = models.PositiveIntegerField(_("SEQUENCE iCalendar"), default=0, editable=False)
    convoked_at = models.DateTimeField(_("convocation envoyée le"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(_("rappel envoyé le"), null=True, blank=True)
    opened_early_at = models.DateTimeField(
        _("émargement et contributions ouverts en avance le"),
        null=True,
        blank=True,
        help_text=_(
            "L'émargement et les contributions s'ouvrent le jour de la réunion ; l'équipe "
            "projet peut les ouvrir plus tôt."
        ),
    )
    cancellation_reason = models.TextField(_("motif d'annulation"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["start"]
        verbose_name = _("réunion")
        verbose_name_plural = _("réunions")
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gt=models.F("start")), name="meeting_end_after_start"
            ),
        ]
        indexes = [models.Index(fields=["kind", "status", "start"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        """Each kind's page lives in its body app, which registers it (governance.pages)."""
        from .pages import detail_url

        return detail_url(self)

    def clean(self):
        """Rules every meeting obeys, whatever form or service saves it."""
        from django.core.exceptions import ValidationError

        errors = {}
        if self.start and self.end and self.end <= self.start:
            errors["end"] = _("La fin doit être postérieure au début.")
        if not self.place and not self.online_url:
            errors["place"] = _("Indiquez un lieu ou un lien de visioconférence.")
        if (
            self.capacity is not None
            and self.registration_opens_at
            and self.registration_closes_at
            and self.registration_closes_at <= self.registration_opens_at
        ):
            errors["registration_closes_at"] = _(
                "La clôture des inscriptions doit suivre leur ouverture."
            )
        if errors:
            raise ValidationError(errors)

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    @property
    def is_past(self) -> bool:
        return self.end < timezone.now()

    @property
    def location_label(self) -> str:
        if self.place and self.online_url:
            return _("%(place)s · et en visioconférence") % {"place": self.place}
        return self.place or (str(_("En visioconférence")) if self.online_url else "")


class AgendaItem(models.Model):
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("réunion"), on_delete=models.CASCADE, related_name="agenda_items"
    )
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)
    title = models.CharField(_("intitulé"), max_length=250)
    description = models.TextField(_("description"), blank=True)
    presenter = models.CharField(_("présenté par"), max_length=200, blank=True)
    duration_minutes = models.PositiveSmallIntegerField(
        _("durée prévue (minutes)"), null=True, blank=True
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "position", "pk"]
        verbose_name = _("point de l'ordre du jour")
        verbose_name_plural = _("ordre du jour")

    def __str__(self):
        return self.title


def document_upload_to(instance, filename: str) -> str:
    # A random folder: a file's address cannot be guessed (downloads go through a view anyway).
    return f"meetings/{instance.meeting_id}/{uuid.uuid4().hex}/{filename}"


class MeetingDocument(models.Model):
    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Public")
        MEMBERS = "members", _("Réservé aux membres et invités")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("réunion"), on_delete=models.CASCADE, related_name="documents"
    )
    title = models.CharField(_("titre"), max_length=200)
    file = models.FileField(_("fichier"), upload_to=document_upload_to, max_length=300)
    content_type = models.CharField(_("type de contenu"), max_length=120, editable=False)
    size = models.PositiveIntegerField(_("taille (octets)"), editable=False, default=0)
    visibility = models.CharField(
        _("visibilité"), max_length=20, choices=Visibility.choices, default=Visibility.MEMBERS
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["meeting", "uploaded_at"]
        verbose_name = _("document de réunion")
        verbose_name_plural = _("documents de réunion")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("governance:document", kwargs={"pk": self.pk})


class Participation(models.Model):
    """One person's link to one meeting: invitation, answer, registration, attendance."""

    class Status(models.TextChoices):
        INVITED = "invited", _("Convoqué·e, sans réponse")
        ATTENDING = "attending", _("Présent·e")
        EXCUSED = "excused", _("Excusé·e")
        REPRESENTED = "represented", _("Représenté·e")
        REQUESTED = "requested", _("Demande de participation")
        REFUSED = "refused", _("Demande refusée")
        REGISTERED = "registered", _("Inscrit·e")
        WAITLISTED = "waitlisted", _("Sur liste d'attente")
        CANCELLED = "cancelled", _("Désinscrit·e")

    ANSWERS = (Status.ATTENDING, Status.EXCUSED, Status.REPRESENTED)
    # Registrations to workshops and plenaries: only REGISTERED rows hold a seat.
    REGISTRATION = (Status.REGISTERED, Status.WAITLISTED)
    CONVOKED = (Status.INVITED, *ANSWERS)

    # PROTECT: registrations and answers are history; a meeting with participations is
    # cancelled, not deleted, and a person leaves through the RGPD erasure.
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("réunion"), on_delete=models.PROTECT, related_name="participations"
    )
    # None for a walk-in without an account: the guest_* fields say who came (one row is one
    # person in every count of participants).
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("personne"),
        on_delete=models.PROTECT,
        related_name="participations",
        null=True,
        blank=True,
    )
    guest_name = models.CharField(_("nom (personne sans compte)"), max_length=200, blank=True)
    guest_organisation = models.CharField(
        _("organisation (personne sans compte)"), max_length=200, blank=True
    )
    guest_territory = models.ForeignKey(
        "stakeholders.Territory",
        verbose_name=_("territoire (EPCI)"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    guest_category = models.ForeignKey(
        "stakeholders.ActorCategory",
        verbose_name=_("catégorie d'acteur"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    guest_may_contact = models.BooleanField(_("accepte d'être recontacté·e"), default=False)
    status = models.CharField(_("statut"), max_length=20, choices=Status.choices)
    proxy = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("représenté·e par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proxies",
    )
    proxy_name = models.CharField(_("représenté·e par (nom)"), max_length=200, blank=True)
    comment = models.CharField(_("commentaire"), max_length=500, blank=True)
    invited_at = models.DateTimeField(_("convoqué·e le"), null=True, blank=True)
    answered_at = models.DateTimeField(_("réponse le"), null=True, blank=True)
    attended = models.BooleanField(_("présent·e à la réunion"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("émargement"), null=True, blank=True)
    queued_at = models.DateTimeField(
        _("inscrit·e le"),
        null=True,
        blank=True,
        help_text=_("Heure de la (ré)inscription : elle fixe l'ordre de la liste d'attente."),
    )
    walk_in = models.BooleanField(_("venu·e sans inscription"), default=False)
    created_at = models.DateTimeField(_("créée le"), default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["meeting", "created_at", "pk"]
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "user"], name="participation_one_per_person"
            ),
            # A row is someone: an account, or a walk-in's name.
            models.CheckConstraint(
                condition=Q(user__isnull=False) | ~Q(guest_name=""),
                name="participation_user_or_guest_name",
            ),
        ]
        indexes = [models.Index(fields=["meeting", "status"])]

    def __str__(self):
        return f"{self.person_name} — {self.meeting} ({self.get_status_display()})"

    @property
    def is_guest(self) -> bool:
        return self.user_id is None

    @property
    def person_name(self) -> str:
        """Who it is, for lists: the account's name (or address) or the walk-in's name."""
        if self.user_id is None:
            return self.guest_name
        return self.user.get_full_name() or self.user.email

    @property
    def organisation_name(self) -> str:
        if self.user_id is None:
            return self.guest_organisation
        return self.user.organisation.name if self.user.organisation_id else ""

    @property
    def is_convoked(self) -> bool:
        return self.status in self.CONVOKED

    @property
    def represented_by(self) -> str:
        return str(self.proxy) if self.proxy_id else self.proxy_name


class MeetingSlug(models.Model):
    """An address a meeting had before a reschedule moved its date: it redirects (301)."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("réunion"), on_delete=models.CASCADE, related_name="old_slugs"
    )
    slug = models.SlugField(_("ancien identifiant"), max_length=120, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("ancienne adresse de réunion")
        verbose_name_plural = _("anciennes adresses de réunion")

    def __str__(self):
        return self.slug


class PastAnswer(models.Model):
    """An answer a reschedule set back to « awaiting »: kept, with the date it was given for."""

    participation = models.ForeignKey(
        Participation,
        verbose_name=_("participation"),
        on_delete=models.CASCADE,
        related_name="past_answers",
    )
    status = models.CharField(_("réponse"), max_length=20, choices=Participation.Status.choices)
    proxy_name = models.CharField(_("représenté·e par (nom)"), max_length=200, blank=True)
    comment = models.CharField(_("commentaire"), max_length=500, blank=True)
    answered_at = models.DateTimeField(_("réponse le"), null=True, blank=True)
    for_start = models.DateTimeField(_("pour la réunion du"))
    reset_at = models.DateTimeField(_("remise en attente le"), default=timezone.now)

    class Meta:
        ordering = ["participation", "reset_at", "pk"]
        verbose_name = _("réponse antérieure à un report")
        verbose_name_plural = _("réponses antérieures à un report")

    def __str__(self):
        return f"{self.participation_id}: {self.status} ({self.for_start:%Y-%m-%d})"
