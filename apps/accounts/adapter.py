import uuid

from allauth.account.adapter import DefaultAccountAdapter
from django import forms
from django.conf import settings
from django.contrib.sites.shortcuts import get_current_site
from django.db import transaction
from django.utils.translation import gettext as _

from apps.core.mail import queue_email

from .models import User
from .services import user_apply_signup_profile


class AccountAdapter(DefaultAccountAdapter):
    @transaction.atomic
    def save_user(self, request, user, form, commit=True):
        """Save the new account with its profile and RGPD consent in one transaction."""
        user = super().save_user(request, user, form, commit=False)
        user_apply_signup_profile(user=user, data=form.cleaned_data)
        if commit:
            user.save()
        return user

    def clean_email(self, email):
        """An address longer than the account can store is refused, not cut.

        allauth copies the address into User.email (254 characters at most) by truncating it:
        a 300-character address became 254 characters without its @ domain.
        """
        email = super().clean_email(email)
        limit = User._meta.get_field("email").max_length
        if len(email) > limit:
            raise forms.ValidationError(
                _(
                    "Cette adresse électronique compte %(length)s caractères : %(limit)s au plus "
                    "sont acceptés. Vérifiez-la ou utilisez une adresse plus courte."
                )
                % {"length": len(email), "limit": limit},
                code="max_length",
            )
        return email

    def send_mail(self, template_prefix, email, context):
        """Render allauth's email in the request; the outbox sends it from a worker after the
        commit (without a broker, in-process). Each such email is its own occasion."""
        request = self.request
        ctx = {
            "request": request,
            "email": email,
            "current_site": get_current_site(request),
            # The platform's own name and address (templates/account/email/), never the host
            # the request came through ("Bonjour, c'est 127.0.0.1:8000 !").
            "site_name": settings.SITE_NAME,
            "site_url": settings.SITE_URL,
        }
        ctx.update(context)
        queue_email(
            self.render_mail(template_prefix, email, ctx),
            key=f"account:{template_prefix.rsplit('/', 1)[-1]}:{email}:{uuid.uuid4().hex}",
        )

    def _get_login_attempts_cache_key(self, request, **credentials):
        """Failed logins count per account AND client address (allauth counts per account).

        allauth's per-account limit lets anyone lock any account out by typing five wrong
        passwords, from anywhere — an easy denial of service on an elected official before a
        COPIL. Counting per (account, client) keeps brute force bounded (5 per 5 minutes per
        client on an account, 10 a minute per client overall: ACCOUNT_RATE_LIMITS) while the
        account's owner, on their own device, still signs in with the right password.
        """
        key = super()._get_login_attempts_cache_key(request, **credentials)
        return f"{key}:{self.get_client_ip(request)}"
