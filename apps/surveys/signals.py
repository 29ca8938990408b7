"""Account erasure: submitted answers stay (the counts hold), detached from the person."""

from django.dispatch import receiver

from apps.accounts.signals import user_erased

from .models import Response


@receiver(user_erased, dispatch_uid="surveys.anonymise_responses")
def anonymise_responses(sender, user, **kwargs):
    Response.objects.filter(user=user, status=Response.Status.IN_PROGRESS).delete()
    Response.objects.filter(user=user).update(user=None)
