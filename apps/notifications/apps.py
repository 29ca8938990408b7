from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "apps.notifications"
    label = "notifications"
    verbose_name = _("Abonnements et notifications")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from apps.accounts import export
        from apps.accounts.signals import user_erased
        from apps.core import outbox

        from . import delivery, hooks, ideas, receivers, selectors, subjects
        from .export import SECTIONS, forget_erased_person
        from .services import DIGEST_HANDLER, EMAIL_HANDLER

        subjects.register_defaults()
        ideas.register_defaults()
        receivers.connect()
        hooks.connect()
        outbox.register(EMAIL_HANDLER, delivery.deliver_email)
        outbox.register(DIGEST_HANDLER, delivery.deliver_digest)
        for section in SECTIONS:
            export.register(section)
        user_erased.connect(forget_erased_person, dispatch_uid="notifications.erased")
        user_logged_in.connect(selectors.prime_unread_count, dispatch_uid="notifications.login")
