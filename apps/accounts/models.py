"""People: a custom user whose login is the email address, with the sign-up profile."""

from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.db import models
from django.db.models.functions import Lower
from django.utils.crypto import get_random_string
from django.utils.translation import gettext_lazy as _


def new_calendar_token() -> str:
    return get_random_string(40)


class UserManager(DjangoUserManager):
    use_in_migrations = True

    @classmethod
    def normalize_email(cls, email):
        """Emails are compared without regard to case: store them lower-cased."""
        return (email or "").strip().lower()

    def get_by_natural_key(self, username):
        return self.get(email__iexact=username)

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("L'adresse électronique est obligatoire.")
        user = self.model(email=self.normalize_email(email), **extra_fields)
        user.set_password(password)
        user.full_clean(exclude=["password"])
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields["is_staff"] = True
        extra_fields["is_superuser"] = True
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    username = None
    email = models.EmailField(_("adresse électronique"), unique=True)
    first_name = models.CharField(_("prénom"), max_length=150)
    last_name = models.CharField(_("nom"), max_length=150)
    organisation = models.ForeignKey(
        "stakeholders.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="people",
    )
    actor_category = models.ForeignKey(
        "stakeholders.ActorCategory",
        verbose_name=_("catégorie d'acteur"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="people",
    )
    territory = models.ForeignKey(
        "stakeholders.Territory",
        verbose_name=_("territoire"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="people",
        help_text=_("Vide : hors Cornouaille."),
    )
    consent_at = models.DateTimeField(_("consentement RGPD donné le"), null=True, blank=True)
    consent_policy_version = models.CharField(
        _("version de la politique acceptée"), max_length=20, blank=True
    )
    newsletter = models.BooleanField(_("reçoit la lettre d'information"), default=False)
    accepts_invitations = models.BooleanField(
        _("accepte d'être invité·e aux ateliers qui manquent de mon profil"),
        default=False,
        help_text=_(
            "L'équipe projet peut vous écrire pour vous inviter à un atelier ou une plénière "
            "où votre territoire ou votre catégorie d'acteur manque."
        ),
    )
    notify_minutes = models.BooleanField(
        _("prévenu·e par courriel des comptes rendus publiés"),
        default=True,
        help_text=_("Pour les instances dont vous êtes membre."),
    )
    names_from_profile = models.BooleanField(
        _("nom saisi par la personne"),
        default=False,
        help_text=_(
            "La personne a saisi son nom elle-même (inscription ou profil) : "
            "l'import des contacts ne le remplace pas."
        ),
    )
    space_visited_at = models.DateTimeField(
        _("dernière visite de « Mon espace »"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Ce qui a été publié depuis est signalé comme nouveau."),
    )
    calendar_token = models.CharField(
        _("jeton du calendrier personnel"),
        max_length=64,
        unique=True,
        default=new_calendar_token,
        editable=False,
    )

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["first_name", "last_name"]

    objects = UserManager()

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name = _("personne")
        verbose_name_plural = _("personnes")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_ci_unique"),
        ]

    def __str__(self):
        return self.get_full_name() or self.email

    @property
    def territory_label(self) -> str:
        return self.territory.name if self.territory_id else str(_("Hors Cornouaille"))
