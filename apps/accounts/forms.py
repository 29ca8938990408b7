"""Sign-up and profile forms. Validation only: saving goes through services.py."""

from django import forms
from django.forms.models import ModelChoiceIterator
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from apps.core.text import VisibleCharField
from apps.stakeholders.models import ActorCategory, Territory

from .models import User
from .widgets import ORGANISATION_SUGGESTIONS, DatalistTextInput

OUTSIDE_CORNOUAILLE = "hors"


class _TerritoryChoices(ModelChoiceIterator):
    def __iter__(self):
        yield from super().__iter__()
        yield (OUTSIDE_CORNOUAILLE, _("Hors Cornouaille"))

    def __len__(self):
        return super().__len__() + 1


class TerritoryField(forms.ModelChoiceField):
    """An EPCI, or the explicit choice « Hors Cornouaille » (stored as no territory): required,
    so that nobody is counted outside Cornouaille for having skipped the field."""

    iterator = _TerritoryChoices

    def __init__(self, **kwargs):
        kwargs.setdefault("empty_label", _("— Choisissez —"))
        super().__init__(queryset=Territory.objects.all(), required=True, **kwargs)

    def clean(self, value):
        if value == OUTSIDE_CORNOUAILLE:
            return None
        return super().clean(value)


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
    territory = TerritoryField(
        label=_("Territoire"),
        help_text=_(
            "L'intercommunalité (EPCI) où vous agissez, ou « Hors Cornouaille » (en fin de liste)."
        ),
        error_messages={
            "required": _(
                "Choisissez votre intercommunalité, ou « Hors Cornouaille » si vous agissez "
                "ailleurs."
            )
        },
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
    newsletter = None  # the mailings' section of the profile changes this consent

    class Meta:
        model = User
        fields = [
            "first_name",
            "last_name",
            "actor_category",
            "territory",
            "notify_minutes",
        ]
        # The newsletter consent is changed in the mailings' section of the profile (which
        # records each subscription and unsubscription), not here.

    field_order = [
        "first_name",
        "last_name",
        "organisation_name",
        "actor_category",
        "territory",
        "notify_minutes",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.organisation_id:
            self.initial.setdefault("organisation_name", self.instance.organisation.name)
        if self.instance.pk and not self.instance.territory_id:
            # The model's value (None) is already in `initial`: replace it, or a person outside
            # Cornouaille finds « — Choisissez — » and an error at every save.
            self.initial["territory"] = OUTSIDE_CORNOUAILLE


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


# ------------------------------------------------------------------ allauth's forms, our words
# One word across the site: « adresse électronique » for the address, « courriel » for a message
# (allauth's French catalogue mixes « Courriel », « E-mail » and « Adresse e-mail »).
EMAIL_LABEL = _("Adresse électronique")


def _email_words(form, field_name: str) -> None:
    field = form.fields.get(field_name)
    if field is not None:
        field.label = EMAIL_LABEL
        field.widget.attrs["placeholder"] = _("nom@exemple.fr")


def _allauth_form(base, field_name: str):
    class Form(base):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            _email_words(self, field_name)

    Form.__name__ = Form.__qualname__ = base.__name__
    Form.__module__ = __name__
    return Form


def _forms():
    from allauth.account import forms as allauth_forms

    return {
        "LoginForm": _allauth_form(allauth_forms.LoginForm, "login"),
        "AllauthSignupForm": _allauth_form(allauth_forms.SignupForm, "email"),
        "ResetPasswordForm": _allauth_form(allauth_forms.ResetPasswordForm, "email"),
        "AddEmailForm": _allauth_form(allauth_forms.AddEmailForm, "email"),
        "ChangeEmailForm": _allauth_form(allauth_forms.ChangeEmailForm, "email"),
    }


def __getattr__(name):
    # allauth's forms import this module (ACCOUNT_SIGNUP_FORM_CLASS): build ours lazily, once
    # they are defined, rather than importing them at the top (a circular import).
    if name.startswith("__"):
        raise AttributeError(name)
    forms_by_name = _forms()
    if name in forms_by_name:
        globals().update(forms_by_name)
        return forms_by_name[name]
    raise AttributeError(name)
