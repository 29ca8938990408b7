from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MailingsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "apps.mailings"
    verbose_name = _("Lettres d'information et exports")

    def ready(self):
        from apps.accounts import export as rgpd_export
        from apps.accounts.signals import user_erased
        from apps.core import hooks

        from . import profile, rules, services  # noqa: F401 - the predicates

        hooks.connect("accounts.profile_tools", profile.render_preferences, priority=40)
        rgpd_export.register(profile.export_section())
        user_erased.connect(
            services.forget_erased_person, dispatch_uid="mailings.forget_erased_person"
        )
