import uuid

from allauth.account.adapter import DefaultAccountAdapter
from django.contrib.sites.shortcuts import get_current_site
from django.db import transaction

from apps.core.mail import queue_email

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

    def send_mail(self, template_prefix, email, context):
        """Render allauth's email in the request; the outbox sends it from a worker after the
        commit (without a broker, in-process). Each such email is its own occasion."""
        request = self.request
        ctx = {"request": request, "email": email, "current_site": get_current_site(request)}
        ctx.update(context)
        queue_email(
            self.render_mail(template_prefix, email, ctx),
            key=f"account:{template_prefix.rsplit('/', 1)[-1]}:{email}:{uuid.uuid4().hex}",
        )
