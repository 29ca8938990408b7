from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "apps.notifications"
    label = "notifications"
    verbose_name = _("Abonnements et notifications")

    def ready(self) -> None:
        from apps.core import outbox

        from . import delivery, hooks, ideas, receivers, subjects
        from .services import DIGEST_HANDLER, EMAIL_HANDLER

        subjects.register_defaults()
        ideas.register_defaults()
        receivers.connect()
        hooks.connect()
        outbox.register(EMAIL_HANDLER, delivery.deliver_email)
        outbox.register(DIGEST_HANDLER, delivery.deliver_digest)
