"""Sign-up and profile forms. Validation only: saving goes through services.py."""

from django import forms
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from apps.core.text import VisibleCharField
from apps.stakeholders.models import ActorCategory, Territory

from .models import User
from .widgets import ORGANISATION_SUGGESTIONS, DatalistTextInput


class ProfileFieldsMixin(forms.Form):
    """The profile fields shared by sign-up and /profil/."""

    # Visible characters only: a name of zero-width characters is an empty name.
    first_name = VisibleCharField(
        label=_("Prénom"),
        max_length=150,
        error_messages={"required": _("Indiquez votre prénom (en lettres visibles).")},
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    last_name = VisibleCharField(
        label=_("Nom"),
        max_length=150,
        error_messages={"required": _("Indiquez votre nom (en lettres visibles).")},
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )
    organisation_name = VisibleCharField(
        label=_("Organisation"),
        max_length=200,
        required=False,
        help_text=_(
            "Choisissez une organisation de la liste ou saisissez le nom d'une nouvelle. "
            "Laissez vide si vous participez à titre personnel."
        ),
        widget=DatalistTextInput(
            suggest_url=ORGANISATION_SUGGESTIONS, attrs={"autocomplete": "organization"}
        ),
    )
    actor_category = forms.ModelChoiceField(
        label=_("Catégorie d'acteur"),
        queryset=ActorCategory.objects.all(),
        empty_label=_("— Choisissez —"),
        error_messages={"required": _("Indiquez à quelle catégorie d'acteurs vous appartenez.")},
    )
    territory = forms.ModelChoiceField(
        label=_("Territoire"),
        queryset=Territory.objects.all(),
        required=False,
        empty_label=_("Hors Cornouaille"),
        help_text=_("L'intercommunalité (EPCI) où vous agissez."),
    )
    newsletter = forms.BooleanField(
        label=_("Je souhaite recevoir la lettre d'information de la démarche"), required=False
    )

    def clean_first_name(self):
        return " ".join(self.cleaned_data["first_name"].split())

    def clean_last_name(self):
        return " ".join(self.cleaned_data["last_name"].split())

    def clean_organisation_name(self):
        return " ".join(self.cleaned_data.get("organisation_name", "").split())


class SignupForm(ProfileFieldsMixin):
    """Extra fields of allauth's sign-up form (ACCOUNT_SIGNUP_FORM_CLASS).

    allauth builds its own form on top of this one (email, password twice); the profile and
    the consent are saved by the account adapter's `save_user` in the same transaction.
    """

    consent = forms.BooleanField(
        label=_("J'accepte la politique de confidentialité"),  # replaced by a linked label
        required=True,
        error_messages={
            "required": _(
                "Votre consentement est nécessaire pour créer un compte : cochez la case après "
                "avoir lu la politique de confidentialité."
            )
        },
    )

    field_order = [
        "email",
        "first_name",
        "last_name",
        "password1",
        "password2",
        "organisation_name",
        "actor_category",
        "territory",
        "consent",
        "newsletter",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consent"].label = format_html(
            '{} <a href="{}">{}</a>',
            _("J'accepte que mes données soient traitées comme le décrit la"),
            reverse("privacy"),
            _("politique de confidentialité"),
        )

    def signup(self, request, user):
        """Required by allauth; the profile was already saved with the user (adapter.save_user)."""


class ProfileForm(ProfileFieldsMixin, forms.ModelForm):
    class Meta:
        model = User
        fields = [
            "first_name",
            "last_name",
            "actor_category",
            "territory",
            "newsletter",
            "notify_minutes",
        ]

    field_order = [
        "first_name",
        "last_name",
        "organisation_name",
        "actor_category",
        "territory",
        "newsletter",
        "notify_minutes",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.organisation_id:
            self.initial.setdefault("organisation_name", self.instance.organisation.name)


class EraseAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Votre mot de passe, pour confirmer"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    confirm = forms.BooleanField(
        label=_("Je comprends que cette suppression est définitive."),
        error_messages={"required": _("Cochez la case pour confirmer la suppression.")},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(
                _("Mot de passe incorrect : le compte n'a pas été supprimé.")
            )
        return password
